package io.vigil.alerting;

import io.vigil.platform.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * Posts to a Slack incoming webhook. Honours {@code 429 Retry-After}; retries 5xx and timeouts a
 * few times; a 4xx is final (Slack's error text, e.g. {@code no_service}, is in the exception). The
 * URL is a secret and never appears in messages.
 */
public final class SlackWebhook {
  private final Secret url;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
  private final int maxAttempts;

  public SlackWebhook(Secret url, int maxAttempts) {
    this.url = url;
    this.maxAttempts = maxAttempts;
  }

  /** Thrown when Slack refused the message for good. */
  public static final class DeliveryException extends IOException {
    public DeliveryException(String message) {
      super(message);
    }
  }

  public void post(String json) throws IOException, InterruptedException {
    IOException last = null;
    for (int attempt = 1; attempt <= maxAttempts; attempt++) {
      HttpRequest req =
          HttpRequest.newBuilder(URI.create(url.reveal()))
              .timeout(Duration.ofSeconds(10))
              .header("Content-Type", "application/json; charset=utf-8")
              .POST(HttpRequest.BodyPublishers.ofString(json))
              .build();
      HttpResponse<String> resp;
      try {
        resp = http.send(req, HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        last = new IOException("Slack webhook unreachable: " + e.getClass().getSimpleName());
        Thread.sleep(backoff(attempt));
        continue;
      }
      int s = resp.statusCode();
      if (s == 200) {
        return;
      }
      if (s == 429) {
        long wait = resp.headers().firstValueAsLong("Retry-After").orElse(1) * 1000;
        last = new IOException("Slack rate limited (429)");
        Thread.sleep(Math.min(wait, 60_000));
        continue;
      }
      if (s >= 500) {
        last = new IOException("Slack answered " + s + ": " + resp.body());
        Thread.sleep(backoff(attempt));
        continue;
      }
      throw new DeliveryException("Slack refused the message: HTTP " + s + " " + resp.body());
    }
    throw last;
  }

  private static long backoff(int attempt) {
    return Math.min(10_000, 200L << Math.min(attempt, 6));
  }
}
