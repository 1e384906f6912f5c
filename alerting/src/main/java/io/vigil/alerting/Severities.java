package io.vigil.alerting;

import java.util.List;
import java.util.Locale;

/** Severity ratings in order (NONE &lt; LOW &lt; MEDIUM &lt; HIGH &lt; CRITICAL). */
public final class Severities {
  /** The ratings, lowest first. */
  public static final List<String> RATINGS = List.of("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  private Severities() {}

  /**
   * Rank of a rating (0 = NONE … 4 = CRITICAL), or -1 when unknown or null. Feed-specific words
   * rank as their CVSS equivalent: GHSA's MODERATE and Red Hat's MODERATE/IMPORTANT.
   */
  public static int rank(String rating) {
    if (rating == null) {
      return -1;
    }
    String r = rating.trim().toUpperCase(Locale.ROOT);
    return switch (r) {
      case "MODERATE" -> 2;
      case "IMPORTANT" -> 3;
      default -> RATINGS.indexOf(r);
    };
  }

  /** The CVSS rating word of a rating ({@code MODERATE} → {@code MEDIUM}), or null. */
  public static String normalize(String rating) {
    int r = rank(rating);
    return r < 0 ? null : RATINGS.get(r);
  }
}
