package io.vigil.alerting.channel;

import io.vigil.alerting.channel.DeliveryException.Reason;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.Notice;
import io.vigil.alerting.render.NoticeMessages;
import io.vigil.alerting.render.SlackMessages;
import io.vigil.platform.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Slack incoming webhook: {@code POST <webhook URL>} with the Block Kit message. Slack answers
 * {@code 200 ok}; {@code 429} with {@code Retry-After} (retried after that wait); {@code 5xx}
 * (retried); {@code 400 invalid_payload}/{@code no_text}, {@code 403 action_prohibited}, {@code 404
 * no_service}/{@code channel_not_found}, {@code 410 channel_is_archived} (final). The URL is a
 * secret: it is never put in a message.
 */
public final class SlackWebhookChannel implements Channel {
  private final String name;
  private final Secret webhook;
  private final Http http;
  private final int maxListed;

  public SlackWebhookChannel(String name, Secret webhook, Duration timeout, int maxListed) {
    this.name = name;
    this.webhook = webhook;
    this.http = new Http(timeout, Redactor.of(webhook));
    this.maxListed = maxListed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "slack";
  }

  @Override
  public Delivered deliver(Alert alert, AlertView view)
      throws DeliveryException, InterruptedException {
    return post(SlackMessages.message(view, maxListed).toString());
  }

  @Override
  public boolean takesNotices() {
    return true;
  }

  @Override
  public Delivered notify(Notice notice) throws DeliveryException, InterruptedException {
    return post(NoticeMessages.slack(notice).toString());
  }

  private Delivered post(String json) throws DeliveryException, InterruptedException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Http.Response r =
        http.send(
            "POST",
            webhook.reveal(),
            Map.of("Content-Type", "application/json; charset=utf-8"),
            body,
            "Slack webhook");
    int s = r.status();
    if (s == 200) {
      return Delivered.of();
    }
    if (s == 429) {
      throw DeliveryException.rateLimited(
          "Slack webhook rate limited (429)", r.retryAfter(Duration.ofSeconds(1)));
    }
    if (s >= 500) {
      throw DeliveryException.retryable(
          Reason.SERVER_ERROR, "Slack webhook answered " + s + ": " + http.safe(r.body()));
    }
    throw DeliveryException.permanent(
        s == 401 || s == 403 ? Reason.AUTH : Reason.REJECTED,
        "Slack webhook refused the message: HTTP " + s + " " + http.safe(r.body()));
  }
}
