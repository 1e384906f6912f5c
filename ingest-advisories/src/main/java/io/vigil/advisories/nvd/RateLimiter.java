package io.vigil.advisories.nvd;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.LongSupplier;

/**
 * A rolling-window rate limiter: at most {@code permits} acquisitions in any {@code window} (NVD: 5
 * requests per 30 s without an API key, 50 with one). Time and sleeping are injected for tests.
 */
public final class RateLimiter {
  /** Sleeps for the given nanoseconds. */
  @FunctionalInterface
  public interface Sleeper {
    void sleepNanos(long nanos) throws InterruptedException;
  }

  private final int permits;
  private final long windowNanos;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final Deque<Long> recent = new ArrayDeque<>();

  public RateLimiter(int permits, Duration window) {
    this(
        permits, window, System::nanoTime, n -> Thread.sleep(n / 1_000_000, (int) (n % 1_000_000)));
  }

  public RateLimiter(int permits, Duration window, LongSupplier nanoTime, Sleeper sleeper) {
    this.permits = permits;
    this.windowNanos = window.toNanos();
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  /** Blocks until a request may go out, then counts it. */
  public synchronized void acquire() throws InterruptedException {
    while (true) {
      long now = nanoTime.getAsLong();
      while (!recent.isEmpty() && now - recent.peekFirst() >= windowNanos) {
        recent.pollFirst();
      }
      if (recent.size() < permits) {
        recent.addLast(now);
        return;
      }
      sleeper.sleepNanos(recent.peekFirst() + windowNanos - now);
    }
  }
}
