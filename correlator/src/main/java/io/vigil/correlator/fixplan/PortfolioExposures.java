package io.vigil.correlator.fixplan;

import io.vigil.core.fixplan.Outcome;
import io.vigil.core.fixplan.PortfolioFixPlan;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.ProjectContext;
import java.util.List;

/**
 * A stored exposure as core's {@link PortfolioFixPlan} counts it: the fold the query API and the
 * weekly digest partials share. Pure.
 */
public final class PortfolioExposures {
  private PortfolioExposures() {}

  /**
   * Adds one stored exposure to the plan (a RESOLVED one counts nothing).
   *
   * @param packageKey its component's package key
   * @param isSuppressed whether triage suppressed it ({@code not_affected}, {@code false_positive})
   */
  public static void add(
      PortfolioFixPlan plan, ExposureEvent e, String packageKey, boolean isSuppressed) {
    if (e.getType() == ExposureType.RESOLVED) {
      return;
    }
    ProjectContext c = e.getProjectContext();
    plan.add(
        new PortfolioFixPlan.Exposure(
            e.getProjectId(),
            c == null ? null : c.getTeam(),
            c == null ? List.of() : c.getTags(),
            packageKey,
            e.getComponent().getPurl(),
            e.getAdvisory().getSeverity(),
            e.getKev() != null,
            e.getSsvc() == null ? Outcome.NONE : Outcome.of(e.getSsvc().getOutcome().name()),
            target(e),
            isSuppressed));
  }

  /**
   * The version that resolves the exposure with the rest of its component's findings ({@code
   * componentFix}, else {@code smallestFix}, else its own fix), or null when no known version fixes
   * this finding: its own {@code fix} names none (or, for an event from before exposures carried
   * {@code fix}, neither {@code componentFix} nor {@code smallestFix} names one).
   */
  static String target(ExposureEvent e) {
    Fix own = e.getFix();
    Fix component = e.getComponentFix();
    String componentTarget =
        component != null && component.getSmallest() != null
            ? component.getSmallest()
            : e.getSmallestFix();
    if (own != null) {
      if (own.getSmallest() == null) {
        return null;
      }
      return componentTarget != null ? componentTarget : own.getSmallest();
    }
    return componentTarget;
  }
}
