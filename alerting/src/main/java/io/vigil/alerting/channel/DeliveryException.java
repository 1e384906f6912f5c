package io.vigil.alerting.channel;

import java.time.Duration;

/**
 * A failed delivery attempt, classified: retry it (with a server-given wait for rate limits) or
 * give up at once. Its message never holds a secret (built from redacted text only) and it carries
 * no cause, so no underlying exception's message (which may spell a URL) leaks through it.
 */
public final class DeliveryException extends Exception {
  /** Bounded reasons (a metric label). */
  public enum Reason {
    TIMEOUT,
    CONNECT,
    IO,
    RATE_LIMITED,
    SERVER_ERROR,
    AUTH,
    REJECTED,
    CONFIG,
    CIRCUIT_OPEN
  }

  private final boolean retryable;
  private final Reason reason;
  private final Duration retryAfter;

  private DeliveryException(String message, boolean retryable, Reason reason, Duration retryAfter) {
    super(message, null, false, false);
    this.retryable = retryable;
    this.reason = reason;
    this.retryAfter = retryAfter;
  }

  public static DeliveryException retryable(Reason reason, String message) {
    return new DeliveryException(message, true, reason, null);
  }

  /** A 429 (or Slack's {@code ratelimited}): retry after the server's wait. */
  public static DeliveryException rateLimited(String message, Duration retryAfter) {
    return new DeliveryException(message, true, Reason.RATE_LIMITED, retryAfter);
  }

  public static DeliveryException permanent(Reason reason, String message) {
    return new DeliveryException(message, false, reason, null);
  }

  public boolean retryable() {
    return retryable;
  }

  public Reason reason() {
    return reason;
  }

  /** The server's wait (Retry-After), or null. */
  public Duration retryAfter() {
    return retryAfter;
  }

  /** Whether this failure says the channel is unhealthy (counts for the circuit breaker). */
  public boolean outage() {
    return retryable && reason != Reason.RATE_LIMITED;
  }
}
