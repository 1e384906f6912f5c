package io.vigil.advisories;

import io.vigil.core.osv.Cvss;
import io.vigil.core.purl.PackageKey;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The two places where ingest-advisories calls the matching engine (issue 4, {@code core}): the
 * canonical package key of an affected package and the CVSS base score of a severity vector. Each
 * is ONE function, so switching from the walking-skeleton implementations to core's real ones is a
 * one-line change here.
 */
public final class EngineBindings {
  /**
   * Base scores already computed, by type and vector (a pure function; the same few thousand
   * vectors recur across a dump). Bounded: beyond the limit, scores are computed and not kept.
   */
  private static final Map<String, Optional<Double>> SCORES = new ConcurrentHashMap<>();

  private static final int MAX_CACHED_SCORES = 50_000;

  private EngineBindings() {}

  /**
   * The canonical package key the correlator partitions by ({@link PackageKey}, e.g. {@code
   * Maven/org.apache.logging.log4j:log4j-core}), or null when the entry names no package (GIT-only
   * entries).
   */
  public static String packageKey(String ecosystem, String name, String purl) {
    if (ecosystem == null || name == null || ecosystem.isBlank() || name.isBlank()) {
      return null;
    }
    try {
      return PackageKey.of(ecosystem, name).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /**
   * The base score of a CVSS vector ({@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4}) from core's
   * calculator, or null when it cannot be scored (vectors are always kept as published).
   */
  public static Double baseScore(String type, String vector) {
    if (type == null || vector == null) {
      return null;
    }
    String key = type + '\n' + vector;
    Optional<Double> known = SCORES.get(key);
    if (known == null) {
      var score = Cvss.baseScore(type, vector);
      known = score.isPresent() ? Optional.of(score.getAsDouble()) : Optional.empty();
      if (SCORES.size() < MAX_CACHED_SCORES) {
        SCORES.put(key, known);
      }
    }
    return known.orElse(null);
  }
}
