package io.vigil.alerting.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Per-channel circuit breaker. Closed: requests go out; {@code threshold} consecutive outage
 * failures (timeouts, connection errors, 5xx; not rate limits or rejected payloads) open it. Open:
 * attempts fail fast, no request is made, for {@code openFor}. Then one trial request (half-open)
 * closes it on success or opens it again. Thread-safe (a channel's lanes share it).
 */
public final class CircuitBreaker {
  /** Breaker states. */
  public enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final Duration openFor;
  private final Clock clock;
  private State state = State.CLOSED;
  private int failures;
  private Instant openUntil = Instant.MIN;
  private String lastError;

  public CircuitBreaker(int threshold, Duration openFor, Clock clock) {
    this.threshold = threshold;
    this.openFor = openFor;
    this.clock = clock;
  }

  /** Whether a request may go out now (when open past its time, this caller is the trial). */
  public synchronized boolean tryAcquire() {
    switch (state) {
      case CLOSED:
        return true;
      case OPEN:
        if (!clock.instant().isBefore(openUntil)) {
          state = State.HALF_OPEN;
          return true;
        }
        return false;
      default:
        return false; // a trial is in flight
    }
  }

  /** The channel answered (success, or a failure that is not an outage). */
  public synchronized void success() {
    state = State.CLOSED;
    failures = 0;
  }

  /** An outage failure. */
  public synchronized void failure(String error) {
    lastError = error;
    failures++;
    if (state == State.HALF_OPEN || failures >= threshold) {
      state = State.OPEN;
      openUntil = clock.instant().plus(openFor);
    }
  }

  public synchronized State state() {
    if (state == State.OPEN && !clock.instant().isBefore(openUntil)) {
      return State.HALF_OPEN;
    }
    return state;
  }

  public synchronized String lastError() {
    return lastError;
  }
}
