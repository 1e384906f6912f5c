package io.vigil.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Feed;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * Vigil's cross-service domain metrics, one call per fact, so every service counts the same way
 * under the same names (see {@link MetricNames}). Every label has a bounded set of values (feeds,
 * exposure types and causes are enums); no project, purl, URL or token is ever a label. The known
 * label values are registered at zero up front, so a dashboard shows 0 instead of "no data" before
 * the first event. Alert deliveries have their own meters in alerting ({@code AlertMetrics}: {@code
 * vigil_alerts_delivered_total}, {@code vigil_alert_latency_seconds} = trigger → delivered).
 *
 * <p>The exposure latency follows one event with the timestamps it carries: {@code triggeredAt}
 * (advisory published by ingest-advisories, or SBOM received by ingest-sbom) → {@code emittedAt}
 * (exposure emitted by the correlator). Timestamps come from different hosts: NTP-level clock skew
 * shows up in them.
 */
public final class PipelineMetrics {
  /** Histogram buckets of the latency timers: the 2 s / 5 s targets sit on bucket bounds. */
  /** Time-to-fix histogram buckets: 1, 7, 14, 30, 60, 90, 180 and 365 days. */
  static final Duration[] TIME_TO_FIX_BUCKETS = {
    Duration.ofDays(1),
    Duration.ofDays(7),
    Duration.ofDays(14),
    Duration.ofDays(30),
    Duration.ofDays(60),
    Duration.ofDays(90),
    Duration.ofDays(180),
    Duration.ofDays(365)
  };

  static final Duration[] LATENCY_BUCKETS = {
    Duration.ofMillis(50),
    Duration.ofMillis(100),
    Duration.ofMillis(250),
    Duration.ofMillis(500),
    Duration.ofSeconds(1),
    Duration.ofSeconds(2),
    Duration.ofSeconds(5),
    Duration.ofSeconds(10),
    Duration.ofSeconds(30),
    Duration.ofSeconds(60),
    Duration.ofMinutes(5)
  };

  private final MeterRegistry registry;

  public PipelineMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  /** Registers the known label values at zero (call once per service that records them). */
  public PipelineMetrics registerSbomMeters() {
    sboms("accepted");
    sboms("rejected");
    components("with_purl");
    components("without_purl");
    return this;
  }

  public PipelineMetrics registerAdvisoryMeters() {
    for (Feed f : Feed.values()) {
      advisories(MetricNames.ADVISORIES_INGESTED, f);
      advisories(MetricNames.ADVISORIES_DEAD_LETTERED, f);
      advisories(MetricNames.ADVISORIES_UNCHANGED, f);
    }
    return this;
  }

  public PipelineMetrics registerExposureMeters() {
    for (ExposureType t : ExposureType.values()) {
      exposures(t);
    }
    for (ExposureCause c : ExposureCause.values()) {
      exposureLatency(c);
    }
    return this;
  }

  // ---- ingest-sbom

  /** One SBOM accepted: its components (with and without a purl). */
  public void sbomAccepted(long componentsWithPurl, long componentsWithoutPurl) {
    sboms("accepted").increment();
    components("with_purl").increment(componentsWithPurl);
    components("without_purl").increment(componentsWithoutPurl);
  }

  /** One SBOM rejected (invalid, too large, unparseable). */
  public void sbomRejected() {
    sboms("rejected").increment();
  }

  // ---- ingest-advisories

  /**
   * Advisory records of one feed: published, rejected to the DLQ, or skipped as unchanged (the
   * names ingest-advisories' {@code IngestMetrics} records under).
   */
  public void advisoriesIngested(Feed feed, long published, long rejected, long unchanged) {
    advisories(MetricNames.ADVISORIES_INGESTED, feed).increment(published);
    advisories(MetricNames.ADVISORIES_DEAD_LETTERED, feed).increment(rejected);
    advisories(MetricNames.ADVISORIES_UNCHANGED, feed).increment(unchanged);
  }

  // ---- correlator (or any reader of the exposures topic)

  /**
   * One exposure event emitted: counted by type, and the time from its trigger (advisory published,
   * SBOM received) to its emission recorded.
   */
  public void exposureEmitted(ExposureEvent e) {
    exposures(e.getType()).increment();
    Duration d = between(e.getTriggeredAt(), e.getEmittedAt());
    if (d != null) {
      exposureLatency(e.getCause()).record(d);
    }
    Duration fixedIn = timeToFix(e);
    if (fixedIn != null) {
      timeToFixTimer(rating(e.getAdvisory().getSeverity()), e.getKev() != null).record(fixedIn);
    }
  }

  /**
   * An exposure's time to fix: from first seen to the RESOLVED event of an upgrade or removal of
   * its component ({@code COMPONENT_REMOVED}); null for anything else (open, an advisory withdrawn
   * or narrowed, a first-seen time unknown).
   */
  static Duration timeToFix(ExposureEvent e) {
    if (e.getType() != ExposureType.RESOLVED
        || e.getCause() != ExposureCause.COMPONENT_REMOVED
        || e.getFirstSeenAt() == null) {
      return null;
    }
    return between(e.getFirstSeenAt(), e.getTriggeredAt());
  }

  /** A rating as a bounded label: critical, high, medium, low or unrated. */
  static String rating(String severity) {
    String s = severity == null ? "" : severity.strip().toLowerCase(Locale.ROOT);
    return switch (s) {
      case "critical", "high", "medium", "low" -> s;
      case "moderate" -> "medium";
      case "important" -> "high";
      default -> "unrated";
    };
  }

  // ---- meters

  private Counter sboms(String outcome) {
    return Counter.builder(MetricNames.SBOMS)
        .description("SBOM documents by outcome")
        .tag("outcome", outcome)
        .register(registry);
  }

  private Counter components(String kind) {
    return Counter.builder(MetricNames.COMPONENTS)
        .description("Components of accepted SBOMs")
        .tag("kind", kind)
        .register(registry);
  }

  private Counter advisories(String name, Feed feed) {
    return Counter.builder(name)
        .tag("source", feed.name().toLowerCase(Locale.ROOT))
        .register(registry);
  }

  private Counter exposures(ExposureType type) {
    return Counter.builder(MetricNames.EXPOSURES)
        .description("Exposure events emitted, by type")
        .tag("type", type.name())
        .register(registry);
  }

  private Timer timeToFixTimer(String severity, boolean kev) {
    return Timer.builder(MetricNames.EXPOSURE_TIME_TO_FIX)
        .description("First seen to fixed (component upgraded or removed), by severity and KEV")
        .tag("severity", severity)
        .tag("kev", String.valueOf(kev))
        .serviceLevelObjectives(TIME_TO_FIX_BUCKETS)
        .minimumExpectedValue(TIME_TO_FIX_BUCKETS[0])
        .maximumExpectedValue(TIME_TO_FIX_BUCKETS[TIME_TO_FIX_BUCKETS.length - 1])
        .register(registry);
  }

  private Timer exposureLatency(ExposureCause cause) {
    return latency(MetricNames.EXPOSURE_LATENCY, "Trigger (advisory or SBOM) to exposure emitted")
        .tag("cause", cause.name())
        .register(registry);
  }

  private static Timer.Builder latency(String name, String description) {
    return Timer.builder(name)
        .description(description)
        .serviceLevelObjectives(LATENCY_BUCKETS)
        .minimumExpectedValue(LATENCY_BUCKETS[0])
        .maximumExpectedValue(LATENCY_BUCKETS[LATENCY_BUCKETS.length - 1]);
  }

  /** Null when a timestamp is missing; zero when clocks disagree (to before from). */
  private static Duration between(Instant from, Instant to) {
    if (from == null || to == null) {
      return null;
    }
    return to.isBefore(from) ? Duration.ZERO : Duration.between(from, to);
  }
}
