package io.vigil.alerting;

import io.vigil.core.osv.SeverityScore;
import java.util.List;

/**
 * Severity ratings in order (NONE &lt; LOW &lt; MEDIUM &lt; HIGH &lt; CRITICAL): alerting's names
 * for core's one rule ({@link SeverityScore#normaliseRating}, {@link SeverityScore#rank}).
 */
public final class Severities {
  /** The ratings, lowest first. */
  public static final List<String> RATINGS = SeverityScore.RATINGS;

  private Severities() {}

  /**
   * Rank of a rating (0 = NONE … 4 = CRITICAL), or -1 when unknown or null. Feed-specific words
   * rank as their CVSS equivalent ({@link SeverityScore#normaliseRating}): MODERATE, IMPORTANT,
   * NEGLIGIBLE.
   */
  public static int rank(String rating) {
    return SeverityScore.rank(rating);
  }

  /** The CVSS rating word of a rating ({@code MODERATE} → {@code MEDIUM}), or null. */
  public static String normalize(String rating) {
    return SeverityScore.normaliseRating(rating);
  }
}
