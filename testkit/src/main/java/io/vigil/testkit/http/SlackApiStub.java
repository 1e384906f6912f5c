package io.vigil.testkit.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Stands in for the Slack Web API ({@code https://slack.com/api/}): {@code chat.postMessage} and
 * {@code chat.update}, answering as Slack does — HTTP 200 with {@code {"ok":true,"channel",
 * "ts","message"}}, or HTTP 200 with {@code {"ok":false,"error":…}} ({@code not_authed}, {@code
 * invalid_auth}, {@code channel_not_found}, {@code is_archived}, {@code no_text}, {@code
 * invalid_blocks}, {@code message_not_found}), and HTTP 429 with {@code Retry-After} and {@code
 * {"ok":false,"error":"ratelimited"}} when told to or when a channel gets more than one message per
 * interval ({@link #enforcePerChannelInterval}). Keeps every posted message and update.
 */
public final class SlackApiStub extends StubHttpServer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A message as Slack stored it. */
  public record Message(
      String channel,
      String ts,
      String threadTs,
      boolean replyBroadcast,
      String text,
      JsonNode blocks) {}

  /** A chat.update call. */
  public record Update(String channel, String ts, String text, JsonNode blocks) {}

  private final String token;
  private final Set<String> channels = new LinkedHashSet<>();
  private final Set<String> archived = new LinkedHashSet<>();
  private final List<Message> messages = new ArrayList<>();
  private final List<Update> updates = new ArrayList<>();
  private final Map<String, Long> lastPostPerChannel = new HashMap<>();
  private final AtomicLong clock = new AtomicLong(1_700_000_000_000_100L);
  private final AtomicInteger rateLimited = new AtomicInteger();
  private final AtomicInteger failing = new AtomicInteger();
  private volatile int retryAfterSeconds = 1;
  private volatile String failError = "internal_error";
  private volatile Duration perChannelInterval;
  private volatile long latencyMillis;

  /**
   * @param token the bot token requests must carry ({@code Authorization: Bearer <token>})
   * @param channelIds channels that exist
   */
  public SlackApiStub(String token, String... channelIds) {
    super(r -> Response.text(500, "not ready"));
    this.token = token;
    this.channels.addAll(List.of(channelIds));
    handler(this::answer);
  }

  /** The base URL to configure ({@code …/api}). */
  public String apiUrl() {
    return url() + "/api";
  }

  /** The next {@code n} calls get HTTP 429 with {@code Retry-After: seconds}. */
  public void rateLimitNext(int n, int seconds) {
    retryAfterSeconds = seconds;
    rateLimited.set(n);
  }

  /** The next {@code n} calls get HTTP 200 {@code {"ok":false,"error":error}}. */
  public void failNext(int n, String error) {
    failError = error;
    failing.set(n);
  }

  /** Answer 429 when a channel gets two messages closer than this (Slack: about 1 s). */
  public void enforcePerChannelInterval(Duration d) {
    perChannelInterval = d;
  }

  /** Every answer waits this long (latency of a distant API). */
  public void latency(long millis) {
    latencyMillis = millis;
  }

  public synchronized void archive(String channelId) {
    archived.add(channelId);
  }

  public synchronized List<Message> messages() {
    return List.copyOf(messages);
  }

  public synchronized List<Update> updates() {
    return List.copyOf(updates);
  }

  private Response answer(RecordedRequest r) throws Exception {
    Response resp = route(r);
    return latencyMillis > 0 ? resp.delayed(latencyMillis) : resp;
  }

  private synchronized Response route(RecordedRequest r) throws IOException {
    String method = r.path().startsWith("/api/") ? r.path().substring(5) : null;
    if (!"POST".equals(r.method())
        || !("chat.postMessage".equals(method) || "chat.update".equals(method))) {
      return Response.json(404, "{\"ok\":false,\"error\":\"unknown_method\"}");
    }
    if (rateLimited.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return error(429, "ratelimited")
          .withHeader("Retry-After", Integer.toString(retryAfterSeconds));
    }
    String auth = r.header("Authorization");
    if (auth == null) {
      return error(200, "not_authed");
    }
    if (!auth.equals("Bearer " + token)) {
      return error(200, "invalid_auth");
    }
    if (failing.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      return error(200, failError);
    }
    String ct = r.header("Content-Type");
    if (ct == null || !ct.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
      return error(200, "invalid_form_data");
    }
    JsonNode body;
    try {
      body = JSON.readTree(r.body());
    } catch (IOException e) {
      return error(200, "invalid_json");
    }
    String channel = body.path("channel").asText(null);
    if (channel == null || !channels.contains(channel)) {
      return error(200, "channel_not_found");
    }
    if (archived.contains(channel)) {
      return error(200, "is_archived");
    }
    JsonNode blocks = body.path("blocks");
    if (!body.hasNonNull("text") && !(blocks.isArray() && blocks.size() > 0)) {
      return error(200, "no_text");
    }
    if (blocks.isArray() && (blocks.size() > 50 || !validBlocks(blocks))) {
      return error(200, "invalid_blocks");
    }
    String text = body.path("text").asText(null);
    if (method.equals("chat.update")) {
      String ts = body.path("ts").asText(null);
      boolean exists =
          messages.stream().anyMatch(m -> m.channel().equals(channel) && m.ts().equals(ts));
      if (!exists) {
        return error(200, "message_not_found");
      }
      updates.add(new Update(channel, ts, text, blocks.isMissingNode() ? null : blocks));
      ObjectNode ok = JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", ts);
      ok.put("text", text);
      return Response.json(200, ok.toString());
    }
    if (perChannelInterval != null) {
      long now = System.nanoTime();
      Long last = lastPostPerChannel.get(channel);
      if (last != null && now - last < perChannelInterval.toNanos()) {
        return error(429, "ratelimited").withHeader("Retry-After", "1");
      }
      lastPostPerChannel.put(channel, now);
    }
    long t = clock.addAndGet(100);
    String ts = (t / 1_000_000) + "." + String.format("%06d", t % 1_000_000);
    String threadTs = body.path("thread_ts").asText(null);
    messages.add(
        new Message(
            channel,
            ts,
            threadTs,
            body.path("reply_broadcast").asBoolean(false),
            text,
            blocks.isMissingNode() ? null : blocks));
    ObjectNode ok = JSON.createObjectNode().put("ok", true).put("channel", channel).put("ts", ts);
    ObjectNode msg = ok.putObject("message").put("type", "message").put("text", text).put("ts", ts);
    if (threadTs != null) {
      msg.put("thread_ts", threadTs);
    }
    return Response.json(200, ok.toString());
  }

  /** Every block has a known type; sections have text of at most 3000, headers of 150. */
  private static boolean validBlocks(JsonNode blocks) {
    for (JsonNode b : blocks) {
      String type = b.path("type").asText();
      switch (type) {
        case "header" -> {
          if (b.path("text").path("text").asText().length() > 150) {
            return false;
          }
        }
        case "section" -> {
          if (b.path("text").path("text").asText().length() > 3000) {
            return false;
          }
        }
        case "context", "divider", "actions", "image", "rich_text" -> {}
        default -> {
          return false;
        }
      }
    }
    return true;
  }

  private static Response error(int status, String error) {
    return Response.json(status, "{\"ok\":false,\"error\":\"" + error + "\"}");
  }
}
