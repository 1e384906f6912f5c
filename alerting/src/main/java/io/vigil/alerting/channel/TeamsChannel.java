package io.vigil.alerting.channel;

import io.vigil.alerting.channel.DeliveryException.Reason;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.Notice;
import io.vigil.alerting.render.NoticeMessages;
import io.vigil.alerting.render.TeamsCards;
import io.vigil.platform.config.Secret;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * Microsoft Teams: {@code POST} of an Adaptive Card message to a Workflows webhook (answers {@code
 * 202 Accepted}) or a legacy incoming webhook (answers {@code 200} with body {@code 1}; when
 * throttled it used to answer 200 with "Microsoft Teams endpoint returned HTTP error 429", which is
 * treated as a rate limit). 429 and 5xx are retried; other 4xx are final.
 */
public final class TeamsChannel implements Channel {
  private final String name;
  private final Secret url;
  private final Http http;
  private final int maxListed;

  public TeamsChannel(String name, Secret url, Duration timeout, int maxListed) {
    this.name = name;
    this.url = url;
    this.http = new Http(timeout, Redactor.of(url));
    this.maxListed = maxListed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "teams";
  }

  @Override
  public Delivered deliver(Alert alert, AlertView view)
      throws DeliveryException, InterruptedException {
    return post(TeamsCards.message(view, maxListed).toString());
  }

  @Override
  public boolean takesNotices() {
    return true;
  }

  @Override
  public Delivered notify(Notice notice) throws DeliveryException, InterruptedException {
    return post(NoticeMessages.teams(notice).toString());
  }

  private Delivered post(String json) throws DeliveryException, InterruptedException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    Http.Response r =
        http.send(
            "POST",
            url.reveal(),
            Map.of("Content-Type", "application/json; charset=utf-8"),
            body,
            "Teams webhook");
    int s = r.status();
    if (r.ok()) {
      if (r.body().contains("HTTP error 429")) {
        throw DeliveryException.rateLimited("Teams webhook throttled", Duration.ofSeconds(1));
      }
      return Delivered.of();
    }
    if (s == 429) {
      throw DeliveryException.rateLimited(
          "Teams webhook rate limited (429)", r.retryAfter(Duration.ofSeconds(1)));
    }
    if (s >= 500) {
      throw DeliveryException.retryable(
          Reason.SERVER_ERROR, "Teams webhook answered " + s + ": " + http.safe(r.body()));
    }
    throw DeliveryException.permanent(
        s == 401 || s == 403 ? Reason.AUTH : Reason.REJECTED,
        "Teams webhook refused the card: HTTP " + s + " " + http.safe(r.body()));
  }
}
