package io.vigil.correlator.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Time to fix by severity and by KEV (issue 16 item 5, {@code GET
 * /api/v1/remediation/time-to-fix}): how many exposures were fixed, the median and 90th percentile
 * of first seen → fixed, and a histogram on the buckets of the {@code vigil_exposure_time_to_fix}
 * metric. Each instance folds its partitions of {@code fixed-exposures-store} into a partial that
 * keeps every distinct duration (in seconds) with its count, the instance asked sums them: the
 * percentiles are exact over the whole portfolio, not estimated from buckets. Pure.
 *
 * <p>Percentiles are nearest-rank: the p-th percentile of n values is the value at rank ⌈p·n⌉ in
 * ascending order. A histogram bucket counts the fixes longer than the previous bound and at most
 * its own; the last ({@code upToDays} null) counts those longer than a year.
 */
public final class TimeToFix {
  /** Severities from the worst, as the portfolio summary counts them. */
  public static final List<String> SEVERITIES =
      List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");

  /** The histogram's bounds: 1, 7, 14, 30, 60, 90, 180 and 365 days (the metric's buckets). */
  public static final List<Duration> BUCKETS =
      List.of(
          Duration.ofDays(1),
          Duration.ofDays(7),
          Duration.ofDays(14),
          Duration.ofDays(30),
          Duration.ofDays(60),
          Duration.ofDays(90),
          Duration.ofDays(180),
          Duration.ofDays(365));

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  private final long sinceMillis;

  /** group ("all", "severity:HIGH", "kev:true") → seconds → count. */
  private final Map<String, TreeMap<Long, Long>> groups = new LinkedHashMap<>();

  /**
   * @param sinceMillis only fixes at or after this instant count ({@link Long#MIN_VALUE}: all)
   */
  public TimeToFix(long sinceMillis) {
    this.sinceMillis = sinceMillis;
  }

  public void add(FixedExposure f) {
    if (f.fixedAt() < sinceMillis) {
      return;
    }
    String severity = SEVERITIES.contains(f.severity()) ? f.severity() : "UNKNOWN";
    long s = f.seconds();
    for (String g : List.of("all", "severity:" + severity, "kev:" + f.kev())) {
      groups.computeIfAbsent(g, x -> new TreeMap<>()).merge(s, 1L, Long::sum);
    }
  }

  /** This instance's partial: per group, {@code [[seconds, count], ...]}. */
  public JsonNode partial() {
    ObjectNode out = JSON.objectNode();
    ObjectNode gs = out.putObject("groups");
    groups.forEach(
        (g, counts) -> {
          ArrayNode arr = gs.putArray(g);
          counts.forEach((s, n) -> arr.addArray().add(s).add(n));
        });
    return out;
  }

  /** Adds another instance's partial. */
  public void merge(JsonNode partial) {
    partial
        .path("groups")
        .fields()
        .forEachRemaining(
            g -> {
              TreeMap<Long, Long> counts = groups.computeIfAbsent(g.getKey(), x -> new TreeMap<>());
              for (JsonNode pair : g.getValue()) {
                counts.merge(pair.path(0).asLong(), pair.path(1).asLong(), Long::sum);
              }
            });
  }

  /** The answer: overall, per severity (worst first, every one), KEV and not KEV. */
  public JsonNode answer() {
    ObjectNode out = JSON.objectNode();
    ArrayNode buckets = out.putArray("bucketDays");
    BUCKETS.forEach(b -> buckets.add(b.toDays()));
    out.set("all", stats(groups.get("all")));
    ArrayNode sev = out.putArray("bySeverity");
    for (String s : SEVERITIES) {
      ObjectNode n = sev.addObject().put("severity", s);
      n.setAll(stats(groups.get("severity:" + s)));
    }
    ArrayNode kev = out.putArray("byKev");
    for (boolean k : new boolean[] {true, false}) {
      ObjectNode n = kev.addObject().put("kev", k);
      n.setAll(stats(groups.get("kev:" + k)));
    }
    return out;
  }

  private static ObjectNode stats(TreeMap<Long, Long> counts) {
    ObjectNode n = JSON.objectNode();
    long total = counts == null ? 0 : counts.values().stream().mapToLong(Long::longValue).sum();
    n.put("fixed", total);
    Long median = total == 0 ? null : percentile(counts, total, 0.5);
    Long p90 = total == 0 ? null : percentile(counts, total, 0.9);
    put(n, "medianSeconds", median);
    put(n, "p90Seconds", p90);
    n.put("median", median == null ? null : Duration.ofSeconds(median).toString());
    n.put("p90", p90 == null ? null : Duration.ofSeconds(p90).toString());
    long[] hist = new long[BUCKETS.size() + 1];
    if (counts != null) {
      counts.forEach((s, c) -> hist[bucket(s)] += c);
    }
    ArrayNode h = n.putArray("histogram");
    for (int i = 0; i < hist.length; i++) {
      ObjectNode b = h.addObject();
      if (i < BUCKETS.size()) {
        b.put("upToDays", BUCKETS.get(i).toDays());
      } else {
        b.putNull("upToDays");
      }
      b.put("count", hist[i]);
    }
    return n;
  }

  private static void put(ObjectNode n, String field, Long v) {
    if (v == null) {
      n.putNull(field);
    } else {
      n.put(field, v);
    }
  }

  /** The index of the bucket of a duration in seconds. */
  static int bucket(long seconds) {
    for (int i = 0; i < BUCKETS.size(); i++) {
      if (seconds <= BUCKETS.get(i).toSeconds()) {
        return i;
      }
    }
    return BUCKETS.size();
  }

  /** Nearest rank: the value at rank ⌈p·n⌉ (1-based) in ascending order. */
  static long percentile(TreeMap<Long, Long> counts, long total, double p) {
    long rank = Math.max(1, (long) Math.ceil(p * total));
    long seen = 0;
    for (var e : counts.entrySet()) {
      seen += e.getValue();
      if (seen >= rank) {
        return e.getKey();
      }
    }
    return counts.lastKey();
  }
}
