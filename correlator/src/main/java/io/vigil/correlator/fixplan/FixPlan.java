package io.vigil.correlator.fixplan;

import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.fixplan.Outcome;
import io.vigil.core.fixplan.Ssvc;
import io.vigil.core.fixplan.Tally;
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
