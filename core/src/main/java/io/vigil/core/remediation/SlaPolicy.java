package io.vigil.core.remediation;

import io.vigil.core.osv.SeverityScore;
import io.vigil.core.ssvc.SsvcOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * When an exposure must be fixed (issue 16 item 5): its first-seen time plus the target of its
 * severity, or of its SSVC outcome when that is sooner; for a vulnerability in CISA KEV the
 * catalog's {@code dueDate} (the end of that day, UTC) when that is earlier still. Pure.
 *
 * @param criticalDays target for a CRITICAL exposure; default 7
 * @param highDays HIGH; default 30
 * @param mediumDays MEDIUM; default 90
 * @param lowDays LOW; default 180
 * @param unratedDays not rated (or NONE); default 180
 * @param actDays SSVC Act; default 7 (0: no SSVC target)
 * @param attendDays SSVC Attend; default 30 (0: no SSVC target). Track* and Track have none: they
 *     mean "standard timelines", the severity's.
 * @param kevDueDate whether a KEV entry's {@code dueDate} applies when earlier; default true
 */
public record SlaPolicy(
    int criticalDays,
    int highDays,
    int mediumDays,
    int lowDays,
    int unratedDays,
    int actDays,
    int attendDays,
    boolean kevDueDate) {

  public static final SlaPolicy DEFAULTS = new SlaPolicy(7, 30, 90, 180, 180, 7, 30, true);

  public SlaPolicy {
    check("criticalDays", criticalDays, false);
    check("highDays", highDays, false);
    check("mediumDays", mediumDays, false);
    check("lowDays", lowDays, false);
    check("unratedDays", unratedDays, false);
    check("actDays", actDays, true);
    check("attendDays", attendDays, true);
  }

  private static void check(String name, int days, boolean zeroAllowed) {
    if (days < (zeroAllowed ? 0 : 1) || days > 3650) {
      throw new IllegalArgumentException(
          "remediation."
              + name
              + " must be "
              + (zeroAllowed ? "0" : "1")
              + "-3650 days, not "
              + days);
    }
  }

  /** A due date and what set it ({@code severity CRITICAL: 7 days}, {@code KEV due date ...}). */
  public record Due(Instant at, String basis) {}

  /**
   * The due date of an exposure first seen at {@code firstSeen}.
   *
   * @param severity its rating (core's word table; null: unrated)
   * @param outcome its SSVC outcome, or null
   * @param kevDue the KEV catalog's due date of its CVE, or null (not in KEV, or none given)
   */
  public Due dueAt(Instant firstSeen, String severity, SsvcOutcome outcome, LocalDate kevDue) {
    String rating = SeverityScore.normaliseRating(severity);
    rating = rating == null || rating.equals("NONE") ? "unrated" : rating;
    int days =
        switch (rating) {
          case "CRITICAL" -> criticalDays;
          case "HIGH" -> highDays;
          case "MEDIUM" -> mediumDays;
          case "LOW" -> lowDays;
          default -> unratedDays;
        };
    Due due =
        new Due(
            firstSeen.plus(Duration.ofDays(days)), "severity " + rating + ": " + days + " days");
    int ssvcDays =
        outcome == SsvcOutcome.ACT ? actDays : outcome == SsvcOutcome.ATTEND ? attendDays : 0;
    if (ssvcDays > 0) {
      Instant at = firstSeen.plus(Duration.ofDays(ssvcDays));
      if (at.isBefore(due.at())) {
        due = new Due(at, "SSVC " + outcome.label() + ": " + ssvcDays + " days");
      }
    }
    if (kevDueDate && kevDue != null) {
      Instant at = kevDue.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
      if (at.isBefore(due.at())) {
        due = new Due(at, "KEV due date " + kevDue);
      }
    }
    return due;
  }
}
