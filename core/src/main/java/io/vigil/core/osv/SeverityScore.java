package io.vigil.core.osv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;

/**
 * The severity of a vulnerability (matching rule M9), the one implementation every module uses (the
 * correlator, {@code vigil scan}, ingest-advisories, alerting):
 *
 * <ol>
 *   <li>the highest CVSS base score over the <b>top-level</b> {@code severity} vectors (v2, v3.0,
 *       v3.1, v4.0) of every record of the alias group;
 *   <li>else the highest over their {@code affected[].severity} vectors for the package;
 *   <li>else the highest rating a database states in words: {@code database_specific.severity}
 *       (GHSA) or an {@code Ubuntu} priority, normalised by {@link #normaliseRating}.
 * </ol>
 *
 * Ties on the score go to the smallest vector string, so the answer never depends on the order the
 * records arrive in. The rating of a score is {@link Cvss#rating}.
 *
 * @param score the CVSS base score, or null when only a rating is known
 * @param rating NONE, LOW, MEDIUM, HIGH or CRITICAL, or null when nothing is known
 * @param source where it came from ({@code CVSS_V3}, {@code database_specific}, {@code Ubuntu}...),
 *     or null
 * @param vector the vector that gave {@code score}, or null
 */
public record SeverityScore(Double score, String rating, String source, String vector) {
  public static final SeverityScore UNKNOWN = new SeverityScore(null, null, null, null);

  /** The ratings, lowest first. */
  public static final List<String> RATINGS = List.of("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  /** The source name of a {@code database_specific.severity} rating. */
  public static final String DATABASE_SPECIFIC = "database_specific";

  /**
   * One published severity statement (an OSV {@code severity[]} element).
   *
   * @param type {@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4}, {@code Ubuntu}...
   * @param text the vector or the word, as published
   * @param baseScore the CVSS base score of a vector that scores, else null
   * @param rating the rating: of the base score, or of an {@code Ubuntu} priority word; else null
   */
  public record Statement(String type, String text, Double baseScore, String rating) {

    /** A statement as published: a CVSS vector is scored with {@link Cvss#baseScore}. */
    public static Statement of(String type, String text) {
      OptionalDouble s = Cvss.baseScore(type, text);
      return of(type, text, s.isPresent() ? s.getAsDouble() : null);
    }

    /** A statement whose base score is already known (computed by {@link Cvss#baseScore}). */
    public static Statement of(String type, String text, Double baseScore) {
      String rating;
      if (baseScore != null) {
        rating = Cvss.rating(baseScore);
      } else if ("Ubuntu".equalsIgnoreCase(type)) {
        rating = normaliseRating(text);
      } else {
        rating = null;
      }
      return new Statement(type, text, baseScore, rating);
    }
  }

  /**
   * What the rule reads of one advisory, for one package.
   *
   * @param topLevel the record's top-level {@code severity} statements
   * @param perPackage the {@code affected[].severity} statements of its entries for the package
   * @param databaseRating {@code database_specific.severity} as published, or null
   */
  public record Inputs(
      List<Statement> topLevel, List<Statement> perPackage, String databaseRating) {
    public static final Inputs NONE = new Inputs(List.of(), List.of(), null);

    public Inputs {
      topLevel = topLevel == null ? List.of() : topLevel;
      perPackage = perPackage == null ? List.of() : perPackage;
    }

    /** A record's inputs with the statements of every one of its {@code affected[]} entries. */
    public static Inputs of(OsvRecord r) {
      List<Statement> perPackage = new ArrayList<>();
      for (OsvRecord.Affected a : r.affected()) {
        perPackage.addAll(statements(a.severity()));
      }
      return new Inputs(statements(r.severity()), perPackage, databaseWord(r));
    }

    static List<Statement> statements(List<OsvRecord.Severity> vectors) {
      List<Statement> out = new ArrayList<>(vectors.size());
      for (OsvRecord.Severity s : vectors) {
        out.add(Statement.of(s.type(), s.score()));
      }
      return out;
    }

    static String databaseWord(OsvRecord r) {
      return r.databaseSpecific() == null ? null : r.databaseSpecific().severityWord();
    }
  }

  /** One record's own severity (every package's statements as the fallback). */
  public static SeverityScore of(OsvRecord r) {
    return ofGroup(List.of(Inputs.of(r)));
  }

  /** The severity of an alias group: the rule above over all its records. */
  public static SeverityScore ofGroup(Collection<Inputs> group) {
    SeverityScore best = UNKNOWN;
    for (Inputs i : group) {
      best = higherScore(best, i.topLevel());
    }
    if (best.score() != null) {
      return best;
    }
    for (Inputs i : group) {
      best = higherScore(best, i.perPackage());
    }
    if (best.score() != null) {
      return best;
    }
    for (Inputs i : group) {
      best = higherRating(best, normaliseRating(i.databaseRating()), DATABASE_SPECIFIC);
      for (Statement s : i.topLevel()) {
        best = higherRating(best, s.rating(), s.type());
      }
      for (Statement s : i.perPackage()) {
        best = higherRating(best, s.rating(), s.type());
      }
    }
    return best;
  }

  /** The rating of a CVSS base score with the score itself (no vector). */
  public static SeverityScore ofScore(double score, String source, String vector) {
    return new SeverityScore(score, Cvss.rating(score), source, vector);
  }

  private static SeverityScore higherScore(SeverityScore best, List<Statement> statements) {
    for (Statement s : statements) {
      if (s.baseScore() == null) {
        continue;
      }
      int c = best.score() == null ? 1 : Double.compare(s.baseScore(), best.score());
      if (c > 0 || (c == 0 && compare(s.text(), best.vector()) < 0)) {
        best = ofScore(s.baseScore(), s.type(), s.text());
      }
    }
    return best;
  }

  private static SeverityScore higherRating(SeverityScore best, String rating, String source) {
    if (rating == null) {
      return best;
    }
    int c = Integer.compare(rank(rating), rank(best.rating()));
    if (c > 0 || (c == 0 && compare(source, best.source()) < 0)) {
      return new SeverityScore(null, rating, source, null);
    }
    return best;
  }

  private static int compare(String a, String b) {
    if (a == null || b == null) {
      return a == null ? (b == null ? 0 : 1) : -1;
    }
    return a.compareTo(b);
  }

  /**
   * A feed's severity word on the CVSS qualitative scale, or null when it is not one: {@code
   * CRITICAL}; {@code HIGH} and Red Hat's / SUSE's {@code IMPORTANT}; {@code MEDIUM} and GHSA's /
   * Red Hat's {@code MODERATE}; {@code LOW} and Ubuntu's {@code NEGLIGIBLE}; {@code NONE}. Case and
   * surrounding blanks are ignored; anything else ({@code UNKNOWN}, {@code untriaged}) is null.
   */
  public static String normaliseRating(String word) {
    if (word == null) {
      return null;
    }
    return switch (word.trim().toUpperCase(Locale.ROOT)) {
      case "CRITICAL" -> "CRITICAL";
      case "HIGH", "IMPORTANT" -> "HIGH";
      case "MEDIUM", "MODERATE" -> "MEDIUM";
      case "LOW", "NEGLIGIBLE" -> "LOW";
      case "NONE" -> "NONE";
      default -> null;
    };
  }

  /**
   * 0 (NONE) to 4 (CRITICAL) for a rating or any word {@link #normaliseRating} knows, -1 when
   * unknown or null.
   */
  public static int rank(String rating) {
    String r = normaliseRating(rating);
    return r == null ? -1 : RATINGS.indexOf(r);
  }
}
