package io.vigil.core.osv;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The severity of an advisory (M9): the highest CVSS base score over the record's top-level {@code
 * severity} vectors (v2, v3.0, v3.1, v4.0), else over its {@code affected[].severity} vectors, else
 * the rating in {@code database_specific.severity} (GHSA's LOW/MODERATE/HIGH/CRITICAL) or an {@code
 * Ubuntu} priority.
 *
 * @param score the CVSS base score, or null when only a rating is known
 * @param rating NONE, LOW, MEDIUM, HIGH or CRITICAL, or null when nothing is known
 * @param source where it came from ({@code CVSS_V3}, {@code database_specific}...), or null
 */
public record SeverityScore(Double score, String rating, String source) {
  public static final SeverityScore UNKNOWN = new SeverityScore(null, null, null);
  private static final List<String> RATINGS = List.of("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  /** The severity of one record. */
  public static SeverityScore of(OsvRecord r) {
    SeverityScore best = fromVectors(r.severity());
    if (best.score() == null) {
      for (OsvRecord.Affected a : r.affected()) {
        best = max(List.of(best, fromVectors(a.severity())));
      }
    }
    if (best.rating() == null
        && r.databaseSpecific() != null
        && r.databaseSpecific().severityWord() != null) {
      best =
          new SeverityScore(
              null, normaliseRating(r.databaseSpecific().severityWord()), "database_specific");
    }
    return best;
  }

  private static SeverityScore fromVectors(List<OsvRecord.Severity> vectors) {
    SeverityScore best = UNKNOWN;
    for (OsvRecord.Severity s : vectors) {
      if ("Ubuntu".equalsIgnoreCase(s.type())) {
        if (best.rating() == null) {
          best = new SeverityScore(null, normaliseRating(s.score()), "Ubuntu");
        }
        continue;
      }
      OptionalDouble score = Cvss.baseScore(s.type(), s.score());
      if (score.isPresent() && (best.score() == null || score.getAsDouble() > best.score())) {
        best = new SeverityScore(score.getAsDouble(), Cvss.rating(score.getAsDouble()), s.type());
      }
    }
    return best;
  }

  /** GHSA/Ubuntu words to the CVSS qualitative scale; null when unknown. */
  static String normaliseRating(String word) {
    if (word == null) {
      return null;
    }
    return switch (word.trim().toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> "CRITICAL";
      case "HIGH" -> "HIGH";
      case "MODERATE", "MEDIUM" -> "MEDIUM";
      case "LOW", "NEGLIGIBLE" -> "LOW";
      case "NONE" -> "NONE";
      default -> null;
    };
  }

  /** The most severe of several (a score beats a bare rating of the same level). */
  public static SeverityScore max(Collection<SeverityScore> all) {
    SeverityScore best = UNKNOWN;
    for (SeverityScore s : all) {
      if (s == null || s.rating() == null) {
        continue;
      }
      if (best.rating() == null) {
        best = s;
        continue;
      }
      int c = Integer.compare(rank(s.rating()), rank(best.rating()));
      if (c == 0 && s.score() != null && (best.score() == null || s.score() > best.score())) {
        best = s;
      } else if (c > 0) {
        best = s;
      }
    }
    return best;
  }

  /** 0 (NONE) to 4 (CRITICAL), or -1 for an unknown rating. */
  public static int rank(String rating) {
    return rating == null ? -1 : RATINGS.indexOf(rating.toUpperCase(Locale.ROOT));
  }
}
