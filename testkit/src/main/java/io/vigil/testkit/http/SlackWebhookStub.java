package io.vigil.testkit.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for a Slack incoming webhook ({@code POST https://hooks.slack.com/services/T/B/X}).
 * Answers as Slack does: {@code 200 ok} (text/html); {@code 400 invalid_payload} for a body that is
 * not JSON with {@code text} or {@code blocks}; and, when told to, {@code 429 rate_limited} with a
 * {@code Retry-After} header, {@code 404 no_service}, {@code 410 channel_is_archived}, {@code 500}.
 */
public final class SlackWebhookStub extends StubHttpServer {
  public static final String PATH = "/services/T000TEST/B000TEST/XXXXXXXXXXXXXXXXXXXXXXXX";

  private final AtomicInteger rateLimitedRemaining = new AtomicInteger();
  private final List<RecordedRequest> messages = new CopyOnWriteArrayList<>();
  private final AtomicInteger held = new AtomicInteger();
  private volatile int acceptBeforeHold = -1;
  private volatile CountDownLatch release = new CountDownLatch(0);
  private volatile int retryAfterSeconds = 1;
  private volatile Response forced;
  private volatile long latencyMillis;

  public SlackWebhookStub() {
    super(req -> Response.text(500, "not ready"));
    handler(this::answer);
  }

  /** The webhook URL to configure in Vigil. */
  public String webhookUrl() {
    return url() + PATH;
  }

  /** The next {@code n} requests get {@code 429} with {@code Retry-After: seconds}. */
  public void rateLimitNext(int n, int seconds) {
    retryAfterSeconds = seconds;
    rateLimitedRemaining.set(n);
  }

  /** Every request gets this response until {@link #reset()} (e.g. 404 no_service). */
  public void failWith(int status, String slackError) {
    forced = Response.of(status, "text/html", slackError);
  }

  /** Every answer waits this long (a distant Slack). */
  public void latency(long millis) {
    latencyMillis = millis;
  }

  public void reset() {
    forced = null;
    rateLimitedRemaining.set(0);
  }

  /**
   * Slack stops taking messages after {@code n} more: every later request is held unanswered (the
   * sender's delivery is in flight, Slack has not posted it) until {@link #release()}, then
   * answered {@code 503} and never posted. A test kills the sender meanwhile.
   */
  public void holdAfter(int n) {
    release = new CountDownLatch(1);
    acceptBeforeHold = messages.size() + n;
  }

  /** Requests held right now by {@link #holdAfter(int)}. */
  public int held() {
    return held.get();
  }

  /** Answers the held requests (503, not posted) and takes messages again. */
  public void release() {
    acceptBeforeHold = -1;
    release.countDown();
  }

  /** The messages Slack posted (answered {@code 200 ok}), in order. */
  public List<RecordedRequest> messages() {
    return new ArrayList<>(messages);
  }

  private Response answer(RecordedRequest req) throws Exception {
    int limit = acceptBeforeHold;
    if (limit >= 0 && messages.size() >= limit && PATH.equals(req.path())) {
      held.incrementAndGet();
      try {
        release.await(5, TimeUnit.MINUTES);
      } finally {
        held.decrementAndGet();
      }
      return Response.of(503, "text/html", "service_unavailable");
    }
    Response r = route(req);
    if (r.status() == 200) {
      messages.add(req);
    }
    return latencyMillis > 0 ? r.delayed(latencyMillis) : r;
  }

  private Response route(RecordedRequest req) throws Exception {
    if (!"POST".equals(req.method()) || !PATH.equals(req.path())) {
      return Response.of(404, "text/html", "no_service");
    }
    if (forced != null) {
      return forced;
    }
    if (rateLimitedRemaining.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return Response.of(429, "text/html", "rate_limited")
          .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }
    String ct = req.header("Content-Type");
    if (ct == null || !ct.toLowerCase().startsWith("application/json")) {
      return Response.of(400, "text/html", "invalid_payload");
    }
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.JsonNode body;
    try {
      body = json.readTree(req.body());
    } catch (java.io.IOException e) {
      return Response.of(400, "text/html", "invalid_payload");
    }
    if (body == null || !(body.hasNonNull("text") || body.path("blocks").isArray())) {
      return Response.of(400, "text/html", "no_text");
    }
    return Response.of(200, "text/html", "ok");
  }
}
