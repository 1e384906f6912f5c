package io.vigil.correlator;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.platform.metrics.MetricNames;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * {@code vigil_exposures_overdue}: this instance's overdue exposures ({@link
 * RemediationRoutes#localOverdue}), counted at most once a minute however often it is scraped (a
 * count reads every exposure this instance holds).
 */
final class OverdueGauge {
  static final Duration EVERY = Duration.ofMinutes(1);

  private final LongSupplier count;
  private long value;
  private long countedAtNanos;
  private boolean counted;

  private OverdueGauge(LongSupplier count) {
    this.count = count;
  }

  static void register(MeterRegistry registry, LongSupplier count) {
    OverdueGauge g = new OverdueGauge(count);
    Gauge.builder(MetricNames.EXPOSURES_OVERDUE, g, OverdueGauge::value)
        .description(
            "Open, unsuppressed exposures past their due date (correlator.remediation) in the"
                + " partitions this instance holds")
        .register(registry);
  }

  private synchronized double value() {
    long now = System.nanoTime();
    if (!counted || now - countedAtNanos >= EVERY.toNanos()) {
      value = count.getAsLong();
      countedAtNanos = now;
      counted = true;
    }
    return value;
  }
}
