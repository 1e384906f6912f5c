package io.vigil.advisories;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Metrics of ingest-advisories, labelled by {@code source} (osv, ghsa, nvd, kev, epss: bounded):
 *
 * <ul>
 *   <li>{@code vigil_advisories_ingested_total}: records published (new or changed);
 *   <li>{@code vigil_advisories_unchanged_total}: records skipped because they were already
 *       published with the same content;
 *   <li>{@code vigil_advisories_stale_total}: records skipped because a newer version was
 *       published;
 *   <li>{@code vigil_advisories_dead_lettered_total}: records sent to the DLQ (they cannot be used
 *       at all, or cannot be read within the limits);
 *   <li>{@code vigil_advisories_parts_dropped_total}: unusable parts left out of published records
 *       ({@code io.vigil.core.osv.OsvSalvage}; each logged with its JSON path);
 *   <li>{@code vigil_advisories_schema_deviations_total}: records published although the OSV schema
 *       rejects something in them that matching copes with (logged with the paths);
 *   <li>{@code vigil_advisories_fetch_failures_total}: feed runs that failed (after retries);
 *   <li>{@code vigil_advisories_last_success_seconds}: time of the last successful run (epoch s).
 * </ul>
 */
public final class IngestMetrics {
  private final MeterRegistry registry;
  private final Map<String, Counter> counters = new ConcurrentHashMap<>();
  private final Map<String, AtomicLong> lastSuccess = new ConcurrentHashMap<>();

  public IngestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  public void ingested(String source, long n) {
    counter("vigil.advisories.ingested", source).increment(n);
  }

  public void unchanged(String source, long n) {
    counter("vigil.advisories.unchanged", source).increment(n);
  }

  public void stale(String source, long n) {
    counter("vigil.advisories.stale", source).increment(n);
  }

  public void deadLettered(String source, long n) {
    counter("vigil.advisories.dead.lettered", source).increment(n);
  }

  public void partsDropped(String source, long n) {
    counter("vigil.advisories.parts.dropped", source).increment(n);
  }

  public void schemaDeviations(String source, long n) {
    counter("vigil.advisories.schema.deviations", source).increment(n);
  }

  public void fetchFailed(String source) {
    counter("vigil.advisories.fetch.failures", source).increment();
  }

  public void succeeded(String source, long epochSeconds) {
    lastSuccess
        .computeIfAbsent(
            source,
            s -> {
              AtomicLong v = new AtomicLong();
              registry.gauge(
                  "vigil.advisories.last.success.seconds",
                  io.micrometer.core.instrument.Tags.of("source", s),
                  v);
              return v;
            })
        .set(epochSeconds);
  }

  private Counter counter(String name, String source) {
    return counters.computeIfAbsent(
        name + "|" + source, k -> Counter.builder(name).tag("source", source).register(registry));
  }
}
