package io.vigil.bench;

import io.vigil.events.v1.Component;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.kafka.KafkaSettings;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Live page under a stream of exposure events: {@code clients} pages hold the event stream
 * ({@code /live/events}, half of them filtered to one severity) while exposure events are produced
 * at {@code rate} per second for {@code seconds}. Each {@code counters} message a page receives
 * says how many events the console has seen and the emission time of the newest: its lag is the
 * time from that emission to the page receiving it. The page keeps up when the lag stays bounded
 * and every page's count reaches every event sent soon after the last.
 */
final class ConsoleLiveLoad {
  private static final Pattern TOTAL = Pattern.compile("data-total=\"(\\d+)\"");
  private static final Pattern LAST = Pattern.compile("data-last-emitted=\"(\\d+)\"");
  private static final String[] SEVERITIES = {"CRITICAL", "HIGH", "MEDIUM", "LOW"};

  private ConsoleLiveLoad() {}

  /** One page's view: the counters it received (receipt time, total, newest emission). */
  private static final class Page implements Runnable {
    final String path;
    final ConsoleClient client;
    final List<long[]> seen = Collections.synchronizedList(new ArrayList<>());
    final AtomicLong rowsMessages = new AtomicLong();
    volatile long total = -1;
    volatile InputStream body;
    volatile Exception failure;

    Page(ConsoleClient client, String path) {
      this.client = client;
      this.path = path;
    }

    @Override
    public void run() {
      try {
        HttpResponse<InputStream> r =
            client
                .http()
                .send(
                    HttpRequest.newBuilder(URI.create(client.base() + path))
                        .header("Cookie", client.session())
                        .header("Accept", "text/event-stream")
                        .build(),
                    HttpResponse.BodyHandlers.ofInputStream());
        if (r.statusCode() != 200) {
          throw new IllegalStateException(path + ": HTTP " + r.statusCode());
        }
        body = r.body();
        try (BufferedReader in =
            new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
          String line;
          String event = null;
          while ((line = in.readLine()) != null) {
            if (line.startsWith("event: ")) {
              event = line.substring(7);
              if (event.equals("rows")) {
                rowsMessages.incrementAndGet();
              }
            } else if ("counters".equals(event) && line.contains("data-total=")) {
              Matcher t = TOTAL.matcher(line);
              Matcher l = LAST.matcher(line);
              if (t.find() && l.find()) {
                long now = System.currentTimeMillis();
                total = Long.parseLong(t.group(1));
                seen.add(new long[] {now, total, Long.parseLong(l.group(1))});
              }
            } else if (line.isEmpty()) {
              event = null;
            }
          }
        }
      } catch (Exception e) {
        if (body == null) {
          failure = e;
        }
      }
    }

    void close() {
      try {
        if (body != null) {
          body.close();
        }
      } catch (Exception ignored) {
        // the stream ends with the page
      }
    }
  }

  static Map<String, Object> measure(
      KafkaSettings kafka, ConsoleClient client, long baseline, int rate, int seconds, int clients)
      throws Exception {
    List<Page> pages = new ArrayList<>();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < clients; i++) {
      String path =
          "/live/events" + (i % 2 == 1 ? "?severity=" + SEVERITIES[i / 2 % SEVERITIES.length] : "");
      Page p = new Page(client, path);
      Thread t = new Thread(p, "bench-live-page-" + i);
      t.setDaemon(true);
      t.start();
      pages.add(p);
      threads.add(t);
    }
    long connectDeadline = System.currentTimeMillis() + 30_000;
    while (pages.stream().anyMatch(p -> p.body == null && p.failure == null)
        && System.currentTimeMillis() < connectDeadline) {
      Thread.sleep(20);
    }
    for (Page p : pages) {
      if (p.failure != null || p.body == null) {
        throw new IllegalStateException("event stream " + p.path + " did not open", p.failure);
      }
    }
    var topic = kafka.catalog().exposures();
    long sent = 0;
    long start = System.currentTimeMillis();
    long end = start + seconds * 1000L;
    try (var producer =
        new KafkaProducer<>(
            kafka.producer("bench-live-exposures"),
            new StringSerializer(),
            kafka.serdeFactory().value(topic))) {
      // paced in 10 ms slices: the events due by now, emitted now
      while (System.currentTimeMillis() < end) {
        long due = (System.currentTimeMillis() - start) * rate / 1000;
        Instant now = Instant.now();
        while (sent < due) {
          ExposureEvent e = event(sent++, now);
          producer.send(new ProducerRecord<>(topic.name(), e.getProjectId(), e));
        }
        Thread.sleep(10);
      }
      producer.flush();
    }
    long lastSent = System.currentTimeMillis();
    double sendSeconds = (lastSent - start) / 1000.0;
    long expected = baseline + sent;
    long deadline = lastSent + 60_000;
    while (pages.stream().anyMatch(p -> p.total < expected)
        && System.currentTimeMillis() < deadline) {
      Thread.sleep(5);
    }
    long drained = System.currentTimeMillis() - lastSent;
    pages.forEach(Page::close);
    for (Thread t : threads) {
      t.join(5_000);
    }
    List<Long> lags = new ArrayList<>();
    long messages = 0;
    long reachedAll = 0;
    for (Page p : pages) {
      if (p.total >= expected) {
        reachedAll++;
      }
      synchronized (p.seen) {
        for (long[] s : p.seen) {
          if (s[0] >= start && s[2] >= start) {
            lags.add(s[0] - s[2]);
            messages++;
          }
        }
      }
    }
    List<Long> sorted = BenchSupport.sorted(lags);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("target_events_per_s", rate);
    out.put("seconds", seconds);
    out.put("events_sent", sent);
    out.put("sent_events_per_s", Math.round(sent / sendSeconds));
    out.put("pages", clients);
    out.put("pages_that_saw_every_event", reachedAll);
    out.put("last_event_to_every_page_ms", reachedAll == clients ? drained : -1);
    out.put(
        "counters_messages_per_page_per_s",
        Math.round(messages / (double) clients / sendSeconds * 10) / 10.0);
    out.put(
        "rows_messages_per_page",
        pages.stream().mapToLong(p -> p.rowsMessages.get()).sum() / clients);
    out.put("lag_ms_p50", BenchSupport.quantile(sorted, 0.50));
    out.put("lag_ms_p95", BenchSupport.quantile(sorted, 0.95));
    out.put("lag_ms_max", sorted.isEmpty() ? -1 : sorted.get(sorted.size() - 1));
    return out;
  }

  private static ExposureEvent event(long n, Instant now) {
    String project = "live-project-" + (n % 10_000);
    String purl = "pkg:maven/bench.live/lib" + (n % 997) + "@1.0." + (n % 13);
    return ExposureEvent.newBuilder()
        .setEventId("live-" + n)
        .setExposureId("live-x-" + n)
        .setType(n % 10 == 9 ? ExposureType.RESOLVED : ExposureType.NEW)
        .setCause(ExposureCause.NEW_ADVISORY)
        .setProjectId(project)
        .setProject(project)
        .setComponent(
            Component.newBuilder()
                .setPurl(purl)
                .setName("lib" + (n % 997))
                .setVersion("1.0." + (n % 13))
                .setHashes(List.of())
                .setLicenses(List.of())
                .build())
        .setAdvisory(
            ExposureAdvisory.newBuilder()
                .setId("BENCH-LIVE-" + (n % 500))
                .setAliases(List.of("CVE-2099-" + (200000 + n % 500)))
                .setVulnerabilityId("CVE-2099-" + (200000 + n % 500))
                .setSeverity(SEVERITIES[(int) (n % SEVERITIES.length)])
                .build())
        .setFixedVersions(List.of("1.1.0"))
        .setIndeterminate(false)
        .setInitialInventory(false)
        .setTriggeredAt(now)
        .setEmittedAt(now)
        .build();
  }

  /** The console's event count now, as a Live page shows it. */
  static long total(ConsoleClient client) throws Exception {
    Matcher m = TOTAL.matcher(client.get("/live").body());
    if (!m.find()) {
      throw new IllegalStateException("the Live page shows no counters");
    }
    return Long.parseLong(m.group(1));
  }
}
