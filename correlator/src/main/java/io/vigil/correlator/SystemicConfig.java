package io.vigil.correlator;

import io.vigil.core.risk.SystemicPolicy;

/**
 * When an advisory's package counts as systemic (config section {@code correlator.systemic}; every
 * key optional, defaults as core's {@link SystemicPolicy#DEFAULTS}).
 *
 * @param enabled emit SYSTEMIC events at all; default true
 * @param projectShare a package shipped by more than this share of the portfolio's projects is
 *     systemic; default 0.10
 * @param missionEssentialShare or by more than this share of its mission-essential projects;
 *     default 0.10
 * @param minProjects and by at least this many projects; default 3
 */
public record SystemicConfig(
    Boolean enabled, Double projectShare, Double missionEssentialShare, Integer minProjects) {
  public static final SystemicConfig DEFAULTS = new SystemicConfig(null, null, null, null);

  public SystemicConfig {
    enabled = enabled == null || enabled;
    SystemicPolicy d = SystemicPolicy.DEFAULTS;
    projectShare = projectShare == null ? d.projectShare() : projectShare;
    missionEssentialShare =
        missionEssentialShare == null ? d.missionEssentialShare() : missionEssentialShare;
    minProjects = minProjects == null ? d.minProjects() : minProjects;
    try {
      policy(projectShare, missionEssentialShare, minProjects);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("correlator.systemic: " + e.getMessage(), e);
    }
  }

  /** Core's policy. */
  public SystemicPolicy policy() {
    return policy(projectShare, missionEssentialShare, minProjects);
  }

  private static SystemicPolicy policy(double project, double essential, int min) {
    return new SystemicPolicy(project, essential, min);
  }
}
