package io.vigil.core.ssvc;

import io.vigil.core.project.Criticality;
import io.vigil.core.project.ProjectExposure;

/**
 * How Vigil answers the SSVC decision points from its data.
 *
 * @param epssPocThreshold an EPSS probability at or above this is <em>public poc</em> exploitation
 *     (default 0.1: a 10 % chance of exploitation activity in the next 30 days)
 * @param defaultCriticality the mission prevalence of a project whose criticality nobody stated
 *     (default {@link Criticality#SUPPORT})
 * @param defaultExposure the exposure of a project whose exposure nobody stated (default {@link
 *     ProjectExposure#INTERNET_FACING}: the cautious assumption)
 */
public record SsvcSettings(
    double epssPocThreshold, Criticality defaultCriticality, ProjectExposure defaultExposure) {

  public static final SsvcSettings DEFAULTS =
      new SsvcSettings(0.1, Criticality.SUPPORT, ProjectExposure.INTERNET_FACING);

  public SsvcSettings {
    if (!(epssPocThreshold > 0.0 && epssPocThreshold <= 1.0)) {
      throw new IllegalArgumentException(
          "epssPocThreshold must be in (0, 1], got " + epssPocThreshold);
    }
    if (defaultCriticality == null || defaultExposure == null) {
      throw new IllegalArgumentException("defaultCriticality and defaultExposure are required");
    }
  }
}
