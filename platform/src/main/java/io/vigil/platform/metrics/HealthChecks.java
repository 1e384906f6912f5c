package io.vigil.platform.metrics;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Named health checks of one service, evaluated on every probe: {@code /health/ready} (can it do
 * its work now: the broker reachable, Kafka Streams RUNNING) or {@code /health/live} (should it be
 * restarted: Kafka Streams in ERROR). A check that throws counts as DOWN with the exception's
 * class, never its message (which could carry a secret).
 */
public final class HealthChecks implements Supplier<Health> {

  /** The outcome of one check. */
  public record Result(boolean up, String detail) {
    public static Result up(String detail) {
      return new Result(true, detail);
    }

    public static Result down(String detail) {
      return new Result(false, detail);
    }
  }

  private final Map<String, Supplier<Result>> checks = new LinkedHashMap<>();

  /** Adds (or replaces) a check. */
  public synchronized HealthChecks add(String name, Supplier<Result> check) {
    checks.put(name, check);
    return this;
  }

  public synchronized boolean isEmpty() {
    return checks.isEmpty();
  }

  @Override
  public Health get() {
    Map<String, Supplier<Result>> snapshot;
    synchronized (this) {
      snapshot = new LinkedHashMap<>(checks);
    }
    Map<String, Boolean> up = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    snapshot.forEach(
        (name, check) -> {
          Result r;
          try {
            r = check.get();
          } catch (RuntimeException e) {
            r = Result.down(e.getClass().getSimpleName());
          }
          up.put(name, r.up());
          if (r.detail() != null) {
            details.put(name, r.detail());
          }
        });
    return Health.of(up, details);
  }

  /** Both sets of checks must pass. */
  public static Supplier<Health> both(Supplier<Health> a, Supplier<Health> b) {
    return () -> {
      Health x = a.get();
      Health y = b.get();
      Map<String, String> checks = new LinkedHashMap<>(x.checks());
      checks.putAll(y.checks());
      return new Health(x.up() && y.up(), checks);
    };
  }
}
