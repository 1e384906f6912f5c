package io.vigil.alerting.channel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.channel.DeliveryException.Reason;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.engine.GroupKey;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.Notice;
import io.vigil.alerting.render.NoticeMessages;
import io.vigil.alerting.render.SlackMessages;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.platform.config.Secret;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Slack Web API with a bot token: {@code chat.postMessage} (and {@code chat.update}). With threads
 * on, the first message about a vulnerability on this channel becomes its thread: later digests of
 * it are replies (broadcast to the channel when they bring new exposures or an escalation), and
 * when no project is exposed any more the first message is updated to say so (also when SBOM
 * updates ended it: their resolutions message is posted to the channel, not in a thread). The
 * thread's parent is remembered in the delivery log (key {@code channel|vulnerability}).
 *
 * <p>Slack answers HTTP 200 with {@code {"ok":false,"error":…}} for most errors: {@code
 * ratelimited}, {@code internal_error}, {@code fatal_error}, {@code service_unavailable}, {@code
 * request_timeout} are retried; the rest ({@code invalid_auth}, {@code not_authed}, {@code
 * token_revoked}, {@code channel_not_found}, {@code not_in_channel}, {@code is_archived}, {@code
 * invalid_blocks}, {@code msg_too_long}, …) are final. HTTP 429 carries {@code Retry-After}.
 */
public final class SlackApiChannel implements Channel {
  private static final Logger log = LoggerFactory.getLogger(SlackApiChannel.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Set<String> RETRYABLE =
      Set.of(
          "ratelimited",
          "rate_limited",
          "internal_error",
          "fatal_error",
          "service_unavailable",
          "request_timeout");
  private static final Set<String> AUTH =
      Set.of(
          "invalid_auth",
          "not_authed",
          "account_inactive",
          "token_revoked",
          "token_expired",
          "missing_scope",
          "no_permission");

  private final String name;
  private final String baseUrl;
  private final Secret token;
  private final String slackChannel;
  private final boolean threads;
  private final int maxListed;
  private final Http http;
  private final Clock clock;
  private final Map<String, String> threadParents = new ConcurrentHashMap<>();

  public SlackApiChannel(
      String name,
      String baseUrl,
      Secret token,
      String slackChannel,
      boolean threads,
      Duration timeout,
      int maxListed,
      Clock clock) {
    this.name = name;
    this.baseUrl = baseUrl;
    this.token = token;
    this.slackChannel = slackChannel;
    this.threads = threads;
    this.maxListed = maxListed;
    this.http = new Http(timeout, Redactor.of(token));
    this.clock = clock;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "slack-api";
  }

  @Override
  public void restore(AlertDelivery record) {
    if (record.getProjectId() == null
        && record.getVulnerabilityId() != null
        && record.getExternalId() != null) {
      threadParents.put(record.getVulnerabilityId(), record.getExternalId());
    }
  }

  @Override
  public Delivered deliver(Alert alert, AlertView view)
      throws DeliveryException, InterruptedException {
    ObjectNode body = SlackMessages.message(view, maxListed);
    body.put("channel", slackChannel);
    body.put("unfurl_links", false);
    String vulnerability = alert.kind() == Alert.Kind.DIGEST ? alert.vulnerabilityId() : null;
    String parent = threads && vulnerability != null ? threadParents.get(vulnerability) : null;
    if (parent != null) {
      body.put("thread_ts", tsOf(parent));
      boolean loud =
          view.groups().stream()
              .anyMatch(g -> g.change() == Change.OPENED || g.change() == Change.ESCALATED);
      body.put("reply_broadcast", loud);
    }
    JsonNode answer = call("chat.postMessage", body);
    String id = answer.path("channel").asText(slackChannel) + ":" + answer.path("ts").asText();
    List<AlertDelivery> extra = List.of();
    if (threads && vulnerability != null && parent == null) {
      threadParents.put(vulnerability, id);
      extra =
          List.of(
              AlertDelivery.newBuilder()
                  .setAlertKey(GroupKey.vulnerabilityKey(name, vulnerability))
                  .setChannel(name)
                  .setChannelType(type())
                  .setStatus(DeliveryStatus.SENT)
                  .setAttempts(1)
                  .setExternalId(id)
                  .setVulnerabilityId(vulnerability)
                  .setUpdatedAt(clock.instant())
                  .build());
    }
    if (parent != null && alert.vulnerabilityResolved()) {
      markResolved(parent, vulnerability, SlackMessages.resolvedParent(view));
    }
    if (threads && alert.kind() == Alert.Kind.RESOLUTIONS) {
      // SBOM updates ended these vulnerabilities everywhere: their threads' first messages say so
      for (String v : alert.resolvedVulnerabilities()) {
        String p = threadParents.get(v);
        var vulnerabilityView =
            view.groups().stream().filter(g -> g.vulnerability().id().equals(v)).findFirst();
        if (p != null && vulnerabilityView.isPresent()) {
          markResolved(
              p,
              v,
              SlackMessages.resolvedParent(
                  vulnerabilityView.get().vulnerability(), alert.deliveryId()));
        }
      }
    }
    return new Delivered(Map.of(), id, extra);
  }

  private void markResolved(String parent, String vulnerability, ObjectNode update)
      throws InterruptedException {
    update.put("channel", channelOf(parent));
    update.put("ts", tsOf(parent));
    try {
      call("chat.update", update);
    } catch (DeliveryException e) {
      // the message is posted: failing now would post it again on retry
      log.warn(
          "{}: could not mark the thread of {} resolved: {}", name, vulnerability, e.getMessage());
    }
  }

  @Override
  public boolean takesNotices() {
    return true;
  }

  /** A notice is a message of its own, never in a vulnerability's thread. */
  @Override
  public Delivered notify(Notice notice) throws DeliveryException, InterruptedException {
    ObjectNode body = NoticeMessages.slack(notice);
    body.put("channel", slackChannel);
    body.put("unfurl_links", false);
    JsonNode answer = call("chat.postMessage", body);
    return Delivered.message(
        answer.path("channel").asText(slackChannel) + ":" + answer.path("ts").asText());
  }

  private JsonNode call(String method, ObjectNode body)
      throws DeliveryException, InterruptedException {
    Http.Response r =
        http.send(
            "POST",
            baseUrl + "/" + method,
            Map.of(
                "Content-Type",
                "application/json; charset=utf-8",
                "Authorization",
                "Bearer " + token.reveal()),
            body.toString().getBytes(StandardCharsets.UTF_8),
            "Slack " + method);
    if (r.status() == 429) {
      throw DeliveryException.rateLimited(
          "Slack " + method + " rate limited (429)", r.retryAfter(Duration.ofSeconds(1)));
    }
    if (r.status() >= 500) {
      throw DeliveryException.retryable(
          Reason.SERVER_ERROR, "Slack " + method + " answered " + r.status());
    }
    JsonNode json;
    try {
      json = JSON.readTree(r.body());
    } catch (IOException e) {
      json = null;
    }
    if (r.status() != 200 || json == null || !json.isObject()) {
      throw DeliveryException.permanent(
          Reason.REJECTED,
          "Slack " + method + " answered HTTP " + r.status() + ": " + http.safe(r.body()));
    }
    if (json.path("ok").asBoolean(false)) {
      return json;
    }
    String error = http.safe(json.path("error").asText("unknown_error"));
    if (error.equals("ratelimited") || error.equals("rate_limited")) {
      throw DeliveryException.rateLimited(
          "Slack " + method + ": " + error, r.retryAfter(Duration.ofSeconds(1)));
    }
    if (RETRYABLE.contains(error)) {
      throw DeliveryException.retryable(Reason.SERVER_ERROR, "Slack " + method + ": " + error);
    }
    throw DeliveryException.permanent(
        AUTH.contains(error) ? Reason.AUTH : Reason.REJECTED, "Slack " + method + ": " + error);
  }

  private static String tsOf(String id) {
    int i = id.indexOf(':');
    return i < 0 ? id : id.substring(i + 1);
  }

  private String channelOf(String id) {
    int i = id.indexOf(':');
    return i < 0 ? slackChannel : id.substring(0, i);
  }
}
