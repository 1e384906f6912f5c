package io.vigil.core.fixplan;

import io.vigil.core.osv.SeverityScore;

/**
 * Vulnerabilities counted by their severity rating, and how many of them are in CISA KEV.
 *
 * @param unknown rated NONE or not rated
 */
public record Tally(int total, int critical, int high, int medium, int low, int unknown, int kev) {
  public static final Tally ZERO = new Tally(0, 0, 0, 0, 0, 0, 0);

  /** This tally with one more vulnerability (its rating read with core's word table). */
  public Tally plus(String severity, boolean inKev) {
    String s = SeverityScore.normaliseRating(severity);
    s = s == null ? "" : s;
    return new Tally(
        total + 1,
        critical + (s.equals("CRITICAL") ? 1 : 0),
        high + (s.equals("HIGH") ? 1 : 0),
        medium + (s.equals("MEDIUM") ? 1 : 0),
        low + (s.equals("LOW") ? 1 : 0),
        unknown + (s.isEmpty() || s.equals("NONE") ? 1 : 0),
        kev + (inKev ? 1 : 0));
  }

  public Tally plus(Tally o) {
    return new Tally(
        total + o.total,
        critical + o.critical,
        high + o.high,
        medium + o.medium,
        low + o.low,
        unknown + o.unknown,
        kev + o.kev);
  }
}
