package io.vigil.alerting.delivery;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.alerting.channel.DeliveryException;
import java.time.Duration;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * Alerting's metrics. Labels are the configured channel name and type and bounded enums; never a
 * URL, token, project or purl.
 *
 * <ul>
 *   <li>{@code vigil_alerts_delivered_total{channel_type,channel}}: alerts (messages, Jira
 *       operations) delivered;
 *   <li>{@code vigil_alerts_failed_total{channel_type,channel,reason}}: failed attempts;
 *   <li>{@code vigil_alerts_dead_lettered_total{channel_type,channel}}: alerts sent to the DLQ;
 *   <li>{@code vigil_alerts_replayed_total{channel_type,channel,outcome}}: DLQ replays;
 *   <li>{@code vigil_alerts_suppressed_total{channel,reason}}: exposure events that caused no alert
 *       ({@code replayed}: already applied before a restart);
 *   <li>{@code vigil_alert_latency_seconds{channel_type,channel}}: exposure triggeredAt →
 *       delivered, per exposure event an alert covers (histogram);
 *   <li>{@code vigil_alerts_circuit_open{channel}}: 1 while the channel's breaker is open.
 * </ul>
 */
public final class AlertMetrics {
  private final MeterRegistry registry;

  public AlertMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public MeterRegistry registry() {
    return registry;
  }

  public void delivered(String type, String channel) {
    Counter.builder("vigil.alerts.delivered")
        .description("Alerts delivered (messages, Jira operations)")
        .tag("channel_type", type)
        .tag("channel", channel)
        .register(registry)
        .increment();
  }

  public void failed(String type, String channel, DeliveryException.Reason reason) {
    Counter.builder("vigil.alerts.failed")
        .description("Failed delivery attempts")
        .tag("channel_type", type)
        .tag("channel", channel)
        .tag("reason", reason.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  public void deadLettered(String type, String channel) {
    Counter.builder("vigil.alerts.dead.lettered")
        .description("Alerts sent to the DLQ after their last attempt")
        .tag("channel_type", type)
        .tag("channel", channel)
        .register(registry)
        .increment();
  }

  public void replayed(String type, String channel, String outcome) {
    Counter.builder("vigil.alerts.replayed")
        .description("Dead-lettered alerts replayed")
        .tag("channel_type", type)
        .tag("channel", channel)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }

  public void suppressed(String channel, String reason) {
    Counter.builder("vigil.alerts.suppressed")
        .description("Exposure events that caused no alert")
        .tag("channel", channel)
        .tag("reason", reason)
        .register(registry)
        .increment();
  }

  public void latency(String type, String channel, Duration d) {
    Timer.builder("vigil.alert.latency")
        .description("Exposure triggeredAt to alert delivered")
        .tag("channel_type", type)
        .tag("channel", channel)
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(10))
        .maximumExpectedValue(Duration.ofMinutes(10))
        .register(registry)
        .record(d.isNegative() ? Duration.ZERO : d);
  }

  public void circuit(String channel, Supplier<Boolean> open) {
    Gauge.builder("vigil.alerts.circuit.open", () -> open.get() ? 1 : 0)
        .description("1 while the channel's circuit breaker is open")
        .tag("channel", channel)
        .register(registry);
  }

  public void gauge(String name, String description, Supplier<Number> value) {
    Gauge.builder(name, () -> value.get().doubleValue())
        .description(description)
        .register(registry);
  }
}
