package io.vigil.correlator.fixplan;

import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.osv.SeverityScore;
import java.util.List;

/**
 * The ordered actions that close a project's open exposures ({@link FixPlanner}): one upgrade per
 * affected component, those that close the most risk first, then what no known version fixes.
 *
 * @param project the project
 * @param open what is open in all: vulnerabilities per component, by severity and KEV (suppressed
 *     exposures left out)
 * @param actions the upgrades, highest SSVC outcome first, then most risk closed
 * @param unfixed the components with vulnerabilities no known version fixes
 * @param suppressed how many open exposures (component × advisory) were left out because triage
 *     suppressed them ({@code not_affected} or {@code false_positive})
 */
public record FixPlan(
    String project, Tally open, List<Action> actions, List<Unfixed> unfixed, int suppressed) {

  /** The SSVC outcomes, lowest first; {@code NONE}: no SSVC decision on the exposure. */
  public enum Outcome {
    NONE,
    TRACK,
    TRACK_STAR,
    ATTEND,
    ACT;

    /** The outcome of a query API exposure's {@code ssvc} field ({@code NONE} when absent). */
    public static Outcome of(String ssvc) {
      if (ssvc == null || ssvc.isEmpty()) {
        return NONE;
      }
      try {
        return valueOf(ssvc);
      } catch (IllegalArgumentException e) {
        return NONE;
      }
    }

    /** {@code Act}, {@code Attend}, {@code Track*}, {@code Track}, {@code none} (CISA's words). */
    public String label() {
      return switch (this) {
        case ACT -> "Act";
        case ATTEND -> "Attend";
        case TRACK_STAR -> "Track*";
        case TRACK -> "Track";
        case NONE -> "none";
      };
    }
  }

  /** Vulnerabilities counted by their SSVC outcome (each at the highest of its exposures). */
  public record Ssvc(int act, int attend, int trackStar, int track, int none) {
    public static final Ssvc ZERO = new Ssvc(0, 0, 0, 0, 0);

    public Ssvc plus(Outcome o) {
      return new Ssvc(
          act + (o == Outcome.ACT ? 1 : 0),
          attend + (o == Outcome.ATTEND ? 1 : 0),
          trackStar + (o == Outcome.TRACK_STAR ? 1 : 0),
          track + (o == Outcome.TRACK ? 1 : 0),
          none + (o == Outcome.NONE ? 1 : 0));
    }
  }

  /**
   * Vulnerabilities counted by their severity rating, and how many of them are in CISA KEV.
   *
   * @param unknown rated NONE or not rated
   */
  public record Tally(
      int total, int critical, int high, int medium, int low, int unknown, int kev) {
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

  /**
   * One upgrade.
   *
   * @param purl the component as the SBOM names it
   * @param version its version
   * @param upgradeTo the version that ends every finding of it
   * @param change how far that goes ({@code PATCH}, {@code MINOR}, {@code MAJOR}, {@code UNKNOWN})
   * @param crossesMajor true when only a new major version fixes it
   * @param reach {@code DIRECT}, {@code TRANSITIVE} or {@code UNKNOWN} (the SBOM's graph)
   * @param path the first shortest path from the project (direct dependency first; empty when
   *     direct or unknown)
   * @param pathCount how many shortest paths there are
   * @param via the project's direct dependencies that pull it in
   * @param closes the vulnerabilities the upgrade closes
   * @param outcome the highest SSVC outcome among them ({@code NONE} when none has one)
   * @param ssvc them counted by SSVC outcome
   * @param vulnerabilities their ids, most severe first
   * @param force for a transitive component: the ecosystem's ways to force the version
   */
  public record Action(
      String purl,
      String version,
      String upgradeTo,
      String change,
      boolean crossesMajor,
      String reach,
      List<String> path,
      long pathCount,
      List<String> via,
      Tally closes,
      Outcome outcome,
      Ssvc ssvc,
      List<String> vulnerabilities,
      List<ForcedUpgrade> force) {}

  /** A component with vulnerabilities that no known version fixes. */
  public record Unfixed(String purl, String version, Tally open, List<String> vulnerabilities) {}
}
