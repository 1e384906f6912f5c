package io.vigil.alerting;

import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.coverage.CoverageWatch;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.digest.FixPlanDigestWatch;
import io.vigil.alerting.feeds.FeedWatch;
import io.vigil.alerting.systemic.SystemicWatch;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.platform.kafka.KafkaSettings;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * The inputs beside the exposures whose messages are notices, not exposure alerts: feed statuses
 * (FEED_STALE, {@link FeedWatch}), SYSTEMIC events ({@link SystemicWatch}) and the SBOM statuses of
 * the weekly coverage digest ({@link CoverageWatch}) and the partials of the weekly portfolio fix
 * plan ({@link FixPlanDigestWatch}); each may be switched off ({@code alerting.feeds.enabled},
 * {@code alerting.systemic.enabled}; the digests are opt-in, {@code alerting.coverage.enabled},
 * {@code alerting.fixPlanDigest.enabled}). Polled on the service's loop thread.
 */
final class NoticeInputs implements AutoCloseable {
  private final FeedWatch feeds;
  private final SystemicWatch systemic;
  private final CoverageWatch coverage;
  private final FixPlanDigestWatch fixPlan;

  NoticeInputs(
      KafkaSettings kafka,
      AlertingConfig config,
      Map<String, Channel> channels,
      KafkaDeliveryLog deliveryLog,
      Clock clock,
      Sleeper sleeper,
      PoisonRecords poison) {
    config.feeds().validate(channels.keySet());
    config.systemic().validate(channels.keySet());
    config.coverage().validate(channels.keySet());
    config.fixPlanDigest().validate(channels.keySet());
    this.feeds =
        config.feeds().enabled()
            ? new FeedWatch(kafka, config.feeds(), channels, deliveryLog, clock, sleeper, poison)
            : null;
    this.systemic =
        config.systemic().enabled()
            ? new SystemicWatch(
                kafka, config.groupId(), config.systemic(), channels, clock, sleeper, poison)
            : null;
    this.coverage =
        config.coverage().enabled()
            ? new CoverageWatch(
                kafka, config.coverage(), channels, deliveryLog, clock, sleeper, poison)
            : null;
    this.fixPlan =
        config.fixPlanDigest().enabled()
            ? new FixPlanDigestWatch(
                kafka,
                config.fixPlanDigest(),
                channels,
                config.routes(),
                deliveryLog,
                clock,
                sleeper,
                poison)
            : null;
  }

  /** Feed episodes announced before a restart. */
  void restore(Map<String, AlertDelivery> records) {
    if (feeds != null) {
      feeds.restore(records);
    }
    if (coverage != null) {
      coverage.restore(records);
    }
    if (fixPlan != null) {
      fixPlan.restore(records);
    }
  }

  void start() {
    if (feeds != null) {
      feeds.start(Duration.ofSeconds(60));
    }
    if (systemic != null) {
      systemic.start();
    }
    if (coverage != null) {
      coverage.start(Duration.ofSeconds(60));
    }
    if (fixPlan != null) {
      fixPlan.start(Duration.ofSeconds(60));
    }
  }

  void poll(Instant now) throws InterruptedException {
    if (feeds != null) {
      feeds.poll(now);
    }
    if (systemic != null) {
      systemic.poll(now);
    }
    if (coverage != null) {
      coverage.poll(now);
    }
    if (fixPlan != null) {
      fixPlan.poll(now);
    }
  }

  @Override
  public void close() {
    if (feeds != null) {
      feeds.close();
    }
    if (systemic != null) {
      systemic.close();
    }
    if (coverage != null) {
      coverage.close();
    }
    if (fixPlan != null) {
      fixPlan.close();
    }
  }
}
