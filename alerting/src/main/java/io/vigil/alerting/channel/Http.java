package io.vigil.alerting.channel;

import io.vigil.alerting.channel.DeliveryException.Reason;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;

/**
 * The JDK HTTP client with per-request timeouts and failures turned into {@link DeliveryException}s
 * whose messages hold no secret (a URL may be one: it is never put in a message).
 */
public final class Http {
  /** A response. */
  public record Response(int status, String body, HttpHeaders headers) {
    public boolean ok() {
      return status >= 200 && status < 300;
    }

    /** The Retry-After wait (seconds or an HTTP date), else {@code dflt}. */
    public Duration retryAfter(Duration dflt) {
      return Http.retryAfter(headers.firstValue("Retry-After").orElse(null), dflt);
    }
  }

  private final HttpClient client;
  private final Duration timeout;
  private final Redactor redactor;

  public Http(Duration timeout, Redactor redactor) {
    this.client =
        HttpClient.newBuilder()
            .connectTimeout(
                timeout.compareTo(Duration.ofSeconds(5)) < 0 ? timeout : Duration.ofSeconds(5))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    this.timeout = timeout;
    this.redactor = redactor;
  }

  public Redactor redactor() {
    return redactor;
  }

  /**
   * Sends a request. {@code what} names it in errors ("Slack webhook", "Jira search").
   *
   * @throws DeliveryException retryable on timeouts and connection failures; permanent for an
   *     invalid URL
   */
  public Response send(
      String method, String url, Map<String, String> headers, byte[] body, String what)
      throws DeliveryException, InterruptedException {
    HttpRequest.Builder b;
    try {
      b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout);
    } catch (IllegalArgumentException e) {
      throw DeliveryException.permanent(Reason.CONFIG, what + ": the configured URL is not valid");
    }
    headers.forEach(b::header);
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    try {
      HttpResponse<String> r = client.send(b.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body() == null ? "" : r.body(), r.headers());
    } catch (HttpConnectTimeoutException e) {
      throw DeliveryException.retryable(
          Reason.CONNECT, what + ": connection not established within the timeout");
    } catch (HttpTimeoutException e) {
      throw DeliveryException.retryable(
          Reason.TIMEOUT, what + ": no answer within " + timeout.toMillis() + " ms");
    } catch (ConnectException e) {
      throw DeliveryException.retryable(
          Reason.CONNECT, what + ": connection refused or unreachable");
    } catch (IOException e) {
      throw DeliveryException.retryable(
          Reason.IO, what + ": I/O error (" + e.getClass().getSimpleName() + ")");
    } catch (IllegalArgumentException e) {
      throw DeliveryException.permanent(Reason.CONFIG, what + ": the request is not valid");
    }
  }

  /** A response body made safe to show: secrets removed, cut to 300 characters. */
  public String safe(String body) {
    String s = redactor.redact(body == null ? "" : body.strip());
    return s.length() <= 300 ? s : s.substring(0, 299) + "…";
  }

  /** Parses a Retry-After value: delta seconds or an HTTP date. */
  static Duration retryAfter(String value, Duration dflt) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    String v = value.trim();
    try {
      return Duration.ofSeconds(Math.max(0, Long.parseLong(v)));
    } catch (NumberFormatException notSeconds) {
      try {
        ZonedDateTime at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME);
        Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException notADate) {
        return dflt;
      }
    }
  }
}
