package io.vigil.alerting.channel;

import io.vigil.alerting.channel.DeliveryException.Reason;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.Notice;
import io.vigil.alerting.render.NoticeMessages;
import io.vigil.alerting.render.WebhookPayloads;
import io.vigil.platform.config.Secret;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Generic webhook: {@code POST} of the JSON in {@link WebhookPayloads} with
 *
 * <ul>
 *   <li>{@code X-Vigil-Delivery}: the alert's deterministic delivery id (drop duplicates by it),
 *   <li>{@code X-Vigil-Timestamp}: Unix seconds,
 *   <li>{@code X-Vigil-Signature}: {@code sha256=} + hex HMAC-SHA256 with the configured secret
 *       over {@code <timestamp>.<body>} (when a secret is configured).
 * </ul>
 *
 * 2xx is success; 408, 425, 429 (after {@code Retry-After}) and 5xx are retried; other statuses are
 * final.
 */
public final class WebhookChannel implements Channel {
  public static final String SIGNATURE = "X-Vigil-Signature";
  public static final String TIMESTAMP = "X-Vigil-Timestamp";
  public static final String DELIVERY = "X-Vigil-Delivery";

  private final String name;
  private final Secret url;
  private final Secret signingKey;
  private final Map<String, Secret> headers;
  private final Http http;
  private final Clock clock;
  private final int maxListed;

  public WebhookChannel(
      String name,
      Secret url,
      Secret signingKey,
      Map<String, Secret> headers,
      Duration timeout,
      int maxListed,
      Clock clock) {
    this.name = name;
    this.url = url;
    this.signingKey = signingKey;
    this.headers = Map.copyOf(headers);
    List<Secret> secrets = new ArrayList<>(headers.values());
    secrets.add(url);
    if (signingKey != null) {
      secrets.add(signingKey);
    }
    this.http = new Http(timeout, Redactor.of(secrets));
    this.clock = clock;
    this.maxListed = maxListed;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public String type() {
    return "webhook";
  }

  @Override
  public Delivered deliver(Alert alert, AlertView view)
      throws DeliveryException, InterruptedException {
    var now = clock.instant();
    return post(
        WebhookPayloads.payload(view, maxListed, now).toString(), "alert", alert.deliveryId(), now);
  }

  @Override
  public boolean takesNotices() {
    return true;
  }

  @Override
  public Delivered notify(Notice notice) throws DeliveryException, InterruptedException {
    var now = clock.instant();
    return post(NoticeMessages.webhook(notice, now).toString(), "notice", notice.deliveryId(), now);
  }

  /**
   * @param event {@code X-Vigil-Event}: {@code alert} or {@code notice}
   */
  private Delivered post(String json, String event, String deliveryId, java.time.Instant now)
      throws DeliveryException, InterruptedException {
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    String ts = Long.toString(now.getEpochSecond());
    Map<String, String> h = new LinkedHashMap<>();
    h.put("Content-Type", "application/json; charset=utf-8");
    h.put("User-Agent", "vigil-alerting");
    h.put("X-Vigil-Event", event);
    h.put(DELIVERY, deliveryId);
    h.put(TIMESTAMP, ts);
    if (signingKey != null) {
      h.put(SIGNATURE, "sha256=" + sign(signingKey, ts, body));
    }
    headers.forEach((k, v) -> h.put(k, v.reveal()));
    Http.Response r = http.send("POST", url.reveal(), h, body, "webhook");
    int s = r.status();
    if (r.ok()) {
      return Delivered.message(deliveryId);
    }
    if (s == 429) {
      throw DeliveryException.rateLimited(
          "webhook rate limited (429)", r.retryAfter(Duration.ofSeconds(1)));
    }
    if (s >= 500 || s == 408 || s == 425) {
      throw DeliveryException.retryable(
          Reason.SERVER_ERROR, "webhook answered " + s + ": " + http.safe(r.body()));
    }
    throw DeliveryException.permanent(
        s == 401 || s == 403 ? Reason.AUTH : Reason.REJECTED,
        "webhook refused the alert: HTTP " + s + " " + http.safe(r.body()));
  }

  /** Hex HMAC-SHA256 of {@code <timestamp>.<body>}. */
  public static String sign(Secret key, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key.reveal().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      mac.update((byte) '.');
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
