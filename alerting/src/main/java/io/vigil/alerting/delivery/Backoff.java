package io.vigil.alerting.delivery;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * Exponential backoff with jitter: after the n-th failure wait a random 50–100% of {@code min(max,
 * initial · 2^(n-1))} ("equal jitter": never zero, spread enough that retries of many alerts do not
 * arrive together).
 */
public final class Backoff {
  private final Duration initial;
  private final Duration max;
  private final DoubleSupplier random;

  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initial = initial;
    this.max = max;
    this.random = random;
  }

  /** The upper bound of the wait after {@code failures} failures (≥ 1). */
  public Duration ceiling(int failures) {
    int shift = Math.min(Math.max(failures - 1, 0), 30);
    long ms = initial.toMillis() << shift;
    if (ms < 0 || ms > max.toMillis()) {
      ms = max.toMillis();
    }
    return Duration.ofMillis(ms);
  }

  /** The wait after {@code failures} failures. */
  public Duration delay(int failures) {
    long c = ceiling(failures).toMillis();
    return Duration.ofMillis(c / 2 + Math.round(random.getAsDouble() * (c - c / 2)));
  }
}
