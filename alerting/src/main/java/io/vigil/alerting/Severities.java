package io.vigil.alerting;

import java.util.List;
import java.util.Locale;

/** Severity ratings in order (NONE &lt; LOW &lt; MEDIUM &lt; HIGH &lt; CRITICAL). */
public final class Severities {
  /** The ratings, lowest first. */
  public static final List<String> RATINGS = List.of("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  private Severities() {}

  /** Rank of a rating (0 = NONE … 4 = CRITICAL), or -1 when unknown or null. */
  public static int rank(String rating) {
    return rating == null ? -1 : RATINGS.indexOf(rating.trim().toUpperCase(Locale.ROOT));
  }
}
