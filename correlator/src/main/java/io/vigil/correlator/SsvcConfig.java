package io.vigil.correlator;

import io.vigil.core.project.Criticality;
import io.vigil.core.project.ProjectExposure;
import io.vigil.core.ssvc.SsvcSettings;

/**
 * How the correlator answers SSVC's decision points (config section {@code correlator.ssvc}); every
 * field optional, defaults as core's {@link SsvcSettings#DEFAULTS}.
 *
 * @param epssPocThreshold an EPSS probability at or above this is Exploitation <em>public poc</em>;
 *     default 0.1
 * @param defaultCriticality mission prevalence of a project whose criticality nobody stated ({@code
 *     minimal}, {@code support}, {@code mission-essential}); default {@code support}
 * @param defaultExposure exposure of a project whose exposure nobody stated ({@code
 *     internet-facing}, {@code internal}); default {@code internet-facing} (the cautious one)
 */
public record SsvcConfig(
    Double epssPocThreshold, String defaultCriticality, String defaultExposure) {

  public static final SsvcConfig DEFAULTS = new SsvcConfig(null, null, null);

  public SsvcConfig {
    settings(epssPocThreshold, defaultCriticality, defaultExposure); // fails on a bad value
  }

  /** Core's settings. */
  public SsvcSettings settings() {
    return settings(epssPocThreshold, defaultCriticality, defaultExposure);
  }

  private static SsvcSettings settings(Double threshold, String criticality, String exposure) {
    SsvcSettings d = SsvcSettings.DEFAULTS;
    Criticality c =
        criticality == null
            ? d.defaultCriticality()
            : Criticality.parse(criticality)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "correlator.ssvc.defaultCriticality: '"
                                + criticality
                                + "' is not minimal, support or mission-essential"));
    ProjectExposure e =
        exposure == null
            ? d.defaultExposure()
            : ProjectExposure.parse(exposure)
                .orElseThrow(
                    () ->
                        new IllegalArgumentException(
                            "correlator.ssvc.defaultExposure: '"
                                + exposure
                                + "' is not internet-facing or internal"));
    double t = threshold == null ? d.epssPocThreshold() : threshold;
    if (!(t > 0.0 && t <= 1.0)) {
      throw new IllegalArgumentException(
          "correlator.ssvc.epssPocThreshold must be in (0, 1], got " + t);
    }
    return new SsvcSettings(t, c, e);
  }
}
