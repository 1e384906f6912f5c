package io.vigil.advisories.freshness;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How fresh each advisory source is expected to be (config file section {@code feedFreshness};
 * every key optional).
 *
 * <pre>
 * feedFreshness:
 *   cadence:            # how often the feed itself publishes something new
 *     osv: 1h           # osv.dev: records change every few minutes
 *     ghsa: 6h          # a github/advisory-database checkout: as often as it is pulled
 *     nvd: 2h
 *     kev: 7d           # CISA adds entries most weekdays, sometimes not for a week
 *     epss: 1d          # one file a day
 *   checkEvery: 1m      # how often a running service re-judges and publishes every source
 * </pre>
 *
 * A source is stale when its newest record is older than twice its cadence, or its last success
 * older than twice the run interval (core's {@code FeedFreshness}).
 *
 * @param cadence expected cadence per source kind (osv, ghsa, nvd, kev, epss); missing kinds take
 *     the defaults above
 * @param checkEvery period of the re-check while running on an interval; default 1m
 */
public record FeedFreshnessConfig(Map<String, Duration> cadence, Duration checkEvery) {
  public static final String SECTION = "feedFreshness";

  /** The default cadence of each source kind. */
  public static final Map<String, Duration> DEFAULT_CADENCE =
      Map.of(
          "osv", Duration.ofHours(1),
          "ghsa", Duration.ofHours(6),
          "nvd", Duration.ofHours(2),
          "kev", Duration.ofDays(7),
          "epss", Duration.ofDays(1));

  private static final List<String> KINDS = List.of("osv", "ghsa", "nvd", "kev", "epss");

  public FeedFreshnessConfig {
    Map<String, Duration> all = new LinkedHashMap<>();
    for (String k : KINDS) {
      all.put(k, DEFAULT_CADENCE.get(k));
    }
    if (cadence != null) {
      for (Map.Entry<String, Duration> e : cadence.entrySet()) {
        if (!KINDS.contains(e.getKey())) {
          throw new IllegalArgumentException(
              SECTION + ".cadence." + e.getKey() + ": unknown source kind (known: " + KINDS + ")");
        }
        if (e.getValue() == null || e.getValue().isNegative() || e.getValue().isZero()) {
          throw new IllegalArgumentException(
              SECTION + ".cadence." + e.getKey() + ": must be a positive duration");
        }
        all.put(e.getKey(), e.getValue());
      }
    }
    cadence = Map.copyOf(all);
    checkEvery = checkEvery == null ? Duration.ofMinutes(1) : checkEvery;
    if (checkEvery.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(SECTION + ".checkEvery must be at least 1s");
    }
  }

  public static FeedFreshnessConfig defaults() {
    return new FeedFreshnessConfig(null, null);
  }

  /** The expected cadence of a source kind. */
  public Duration cadenceOf(String kind) {
    return cadence.get(kind);
  }
}
