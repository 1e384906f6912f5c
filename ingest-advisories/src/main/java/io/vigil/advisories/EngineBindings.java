package io.vigil.advisories;

import io.vigil.core.SkeletonPackageKey;

/**
 * The two places where ingest-advisories calls the matching engine (issue 4, {@code core}): the
 * canonical package key of an affected package and the CVSS base score of a severity vector. Each
 * is ONE function, so switching from the walking-skeleton implementations to core's real ones is a
 * one-line change here.
 */
public final class EngineBindings {
  private EngineBindings() {}

  /**
   * The canonical package key the correlator partitions by, or null when the ecosystem is not
   * supported. Today: {@link SkeletonPackageKey#fromOsv}; switch to core's package identity when it
   * lands on main.
   */
  public static String packageKey(String ecosystem, String name, String purl) {
    return SkeletonPackageKey.fromOsv(ecosystem, name);
  }

  /**
   * The base score of a CVSS vector ({@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4}), or null
   * when it cannot be scored. Returns null until core's CVSS calculator lands on main (issue 4);
   * vectors are always kept as published, so scores can be filled in by re-ingesting.
   */
  public static Double baseScore(String type, String vector) {
    return null;
  }

  /** The qualitative rating of a CVSS base score (CVSS v3/v4 bands), or null. */
  public static String rating(Double score) {
    if (score == null) {
      return null;
    }
    if (score == 0.0) {
      return "NONE";
    }
    if (score < 4.0) {
      return "LOW";
    }
    if (score < 7.0) {
      return "MEDIUM";
    }
    if (score < 9.0) {
      return "HIGH";
    }
    return "CRITICAL";
  }
}
