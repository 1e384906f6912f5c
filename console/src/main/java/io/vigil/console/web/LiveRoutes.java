package io.vigil.console.web;

import io.vigil.console.auth.Session;
import io.vigil.console.live.LiveEvent;
import io.vigil.console.live.LiveFeed;
import io.vigil.console.live.LiveFilter;
import io.vigil.console.view.Views.LivePage;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The Live page and its server-sent events ({@code GET /live/events}): htmx's SSE extension swaps
 * in the newest rows and the counters as events arrive. Events are batched (at most {@link
 * #BATCH_MS} apart) so a burst of thousands per second costs a few messages, each holding the
 * newest {@link #ROWS} matching rows: the page never grows and never falls behind.
 */
final class LiveRoutes {
  static final int ROWS = 50;
  static final long BATCH_MS = 250;
  private static final long KEEPALIVE_MS = 15_000;
  private static final int QUEUE = 50_000;

  private final LiveFeed feed;
  private final Guard guard;
  private final AtomicBoolean closed;

  LiveRoutes(LiveFeed feed, Guard guard, AtomicBoolean closed) {
    this.feed = feed;
    this.guard = guard;
    this.closed = closed;
  }

  void register(HttpService.Builder b) {
    b.route("GET", "/live", guard.page(this::page));
    b.route("GET", "/live/events", guard.stream(this::events));
  }

  private HttpResponse page(HttpRequest r, Session s) {
    LiveFilter filter = filter(r);
    return Web.page(
        200,
        "live.jte",
        new LivePage(
            guard.layout("Live", "live", s),
            filter,
            feed.recent(ROWS, filter),
            feed.counters(),
            feed.teams()));
  }

  private static LiveFilter filter(HttpRequest r) {
    return LiveFilter.of(r.query("severity"), r.query("type"), r.query("ssvc"), r.query("team"));
  }

  private HttpResponse events(HttpRequest r, Session s) {
    LiveFilter filter = filter(r);
    return Web.secure(
        HttpResponse.stream(200, "text/event-stream; charset=utf-8", out -> stream(out, filter))
            .withHeader("Cache-Control", "no-store")
            .withHeader("X-Accel-Buffering", "no"));
  }

  /** Until the client goes away (a write fails) or the console closes. */
  private void stream(OutputStream out, LiveFilter filter)
      throws IOException, InterruptedException {
    Inbox inbox = new Inbox();
    Runnable unsubscribe = feed.subscribe(inbox::offer);
    try {
      ArrayDeque<LiveEvent> shown = new ArrayDeque<>(feed.recent(ROWS, filter));
      write(out, "retry: 2000\n\n");
      out.flush();
      long lastWrite = System.currentTimeMillis();
      while (!closed.get()) {
        List<LiveEvent> batch = inbox.take(1000);
        if (batch.isEmpty()) {
          if (System.currentTimeMillis() - lastWrite > KEEPALIVE_MS) {
            write(out, ": keep-alive\n\n");
            out.flush();
            lastWrite = System.currentTimeMillis();
          }
          continue;
        }
        // let a burst gather: one message per batch interval
        long wait = BATCH_MS - (System.currentTimeMillis() - lastWrite);
        if (wait > 0) {
          Thread.sleep(wait);
        }
        batch.addAll(inbox.take(0));
        boolean matched = false;
        for (LiveEvent e : batch) {
          if (filter.matches(e)) {
            shown.addFirst(e);
            matched = true;
          }
        }
        while (shown.size() > ROWS) {
          shown.removeLast();
        }
        if (matched) {
          event(out, "rows", Web.render("liveRows.jte", "rows", new ArrayList<>(shown)));
        }
        event(out, "counters", Web.render("liveCounters.jte", "c", feed.counters()));
        out.flush();
        lastWrite = System.currentTimeMillis();
      }
    } finally {
      unsubscribe.run();
    }
  }

  private static void event(OutputStream out, String name, String html) throws IOException {
    StringBuilder sb = new StringBuilder("event: ").append(name).append('\n');
    for (String line : html.split("\n", -1)) {
      sb.append("data: ").append(line).append('\n');
    }
    write(out, sb.append('\n').toString());
  }

  private static void write(OutputStream out, String s) throws IOException {
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * One page's events, bounded: past {@link #QUEUE} the oldest are dropped (rows show the newest).
   */
  private static final class Inbox {
    private final ArrayDeque<LiveEvent> q = new ArrayDeque<>();

    synchronized void offer(LiveEvent e) {
      if (q.size() >= QUEUE) {
        q.removeFirst();
      }
      q.addLast(e);
      notifyAll();
    }

    /** What is queued, waiting up to {@code waitMs} for something when empty. */
    synchronized List<LiveEvent> take(long waitMs) throws InterruptedException {
      long deadline = System.currentTimeMillis() + waitMs;
      while (q.isEmpty()) {
        long left = deadline - System.currentTimeMillis();
        if (left <= 0) {
          return new ArrayList<>();
        }
        TimeUnit.MILLISECONDS.timedWait(this, left);
      }
      List<LiveEvent> out = new ArrayList<>(q);
      q.clear();
      return out;
    }
  }
}
