package io.vigil.alerting.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Spaces a channel's requests at least {@code minInterval} apart (Slack: about one message per
 * second per channel) and pauses the channel when the server asked to (429 Retry-After).
 * Thread-safe.
 */
public final class RateLimiter {
  private final Duration minInterval;
  private final Clock clock;
  private Instant next = Instant.MIN;

  public RateLimiter(Duration minInterval, Clock clock) {
    this.minInterval = minInterval;
    this.clock = clock;
  }

  /** Reserves the next slot; returns how long to wait for it. */
  public synchronized Duration reserve() {
    Instant now = clock.instant();
    Instant slot = next.isAfter(now) ? next : now;
    next = slot.plus(minInterval);
    return Duration.between(now, slot);
  }

  /** No request before {@code until}. */
  public synchronized void pauseUntil(Instant until) {
    if (until.isAfter(next)) {
      next = until;
    }
  }
}
