package io.vigil.core.risk;

/**
 * When a package counts as systemic: used by more than {@code projectShare} of the portfolio's
 * projects, or by more than {@code missionEssentialShare} of its mission-essential projects, and by
 * at least {@code minProjects} projects (so that a portfolio of two projects does not call every
 * package systemic).
 *
 * @param projectShare share of all projects, exclusive, in [0, 1) (default 0.10)
 * @param missionEssentialShare share of mission-essential projects, exclusive, in [0, 1) (default
 *     0.10)
 * @param minProjects fewest projects a systemic package is used by (default 3)
 */
public record SystemicPolicy(double projectShare, double missionEssentialShare, int minProjects) {
  public static final SystemicPolicy DEFAULTS = new SystemicPolicy(0.10, 0.10, 3);

  public SystemicPolicy {
    if (!(projectShare >= 0 && projectShare < 1)) {
      throw new IllegalArgumentException("projectShare must be in [0, 1), got " + projectShare);
    }
    if (!(missionEssentialShare >= 0 && missionEssentialShare < 1)) {
      throw new IllegalArgumentException(
          "missionEssentialShare must be in [0, 1), got " + missionEssentialShare);
    }
    if (minProjects < 1) {
      throw new IllegalArgumentException("minProjects must be at least 1, got " + minProjects);
    }
  }

  /** True when the package is systemic under this policy. */
  public boolean isSystemic(PackageReach reach) {
    return reach.projects() >= minProjects
        && (reach.shareOfProjects() > projectShare
            || (reach.missionEssentialProjects() > 0
                && reach.shareOfMissionEssential() > missionEssentialShare));
  }
}
