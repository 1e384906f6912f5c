package io.vigil.platform.metrics;

/**
 * Names of Vigil's own meters (Micrometer dotted form; Prometheus turns dots into underscores and
 * adds {@code _total} to counters, {@code _seconds_bucket|_count|_sum|_max} to timers). The Grafana
 * dashboard in {@code deploy/grafana/} uses the Prometheus forms; a test checks them against a real
 * scrape.
 */
public final class MetricNames {
  private MetricNames() {}

  /** {@code vigil_sboms_total{outcome=accepted|rejected}} */
  public static final String SBOMS = "vigil.sboms";

  /** {@code vigil_components_total{kind=with_purl|without_purl}} */
  public static final String COMPONENTS = "vigil.components";

  /** {@code vigil_advisories_ingested_total{source=osv|ghsa|nvd|kev|epss}}: records published. */
  public static final String ADVISORIES_INGESTED = "vigil.advisories.ingested";

  /** {@code vigil_advisories_unchanged_total{source}}: records skipped, already published. */
  public static final String ADVISORIES_UNCHANGED = "vigil.advisories.unchanged";

  /** {@code vigil_advisories_dead_lettered_total{source}}: records sent to the DLQ. */
  public static final String ADVISORIES_DEAD_LETTERED = "vigil.advisories.dead.lettered";

  /** {@code vigil_exposures_total{type=NEW|RESOLVED|UPDATED}} */
  public static final String EXPOSURES = "vigil.exposures";

  /** {@code vigil_pipeline_exposure_latency_seconds{cause}}: trigger → exposure emitted. */
  public static final String EXPOSURE_LATENCY = "vigil.pipeline.exposure.latency";

  /**
   * {@code vigil_exposure_time_to_fix_seconds{severity,kev}}: first seen → fixed (RESOLVED because
   * the component was upgraded or removed), from the exposures read (issue 16 item 5).
   */
  public static final String EXPOSURE_TIME_TO_FIX = "vigil.exposure.time.to.fix";

  /**
   * {@code vigil_exposures_overdue}: open, unsuppressed exposures past their due date in the
   * partitions this correlator instance holds active (sum over instances for the portfolio).
   */
  public static final String EXPOSURES_OVERDUE = "vigil.exposures.overdue";

  /** {@code vigil_dead_letters{dlq}}: records on a dead-letter topic (end offsets summed). */
  public static final String DEAD_LETTERS = "vigil.dead.letters";

  /** {@code vigil_http_requests_seconds{service,method,status}}: HTTP API requests. */
  public static final String HTTP_REQUESTS = "vigil.http.requests";
}
