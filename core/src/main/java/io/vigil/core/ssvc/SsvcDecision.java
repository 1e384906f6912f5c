package io.vigil.core.ssvc;

import java.util.Set;

/**
 * An SSVC decision and the inputs it was made from, each with the reason it has that value.
 *
 * @param outcome Track, Track*, Attend or Act
 * @param exploitation the Exploitation value
 * @param automatable the Automatable value
 * @param technicalImpact the Technical Impact value
 * @param missionWellbeing the Mission &amp; Well-being value
 * @param exploitationBasis why: {@code in KEV}, {@code EPSS 0.42 >= 0.1}, {@code malicious
 *     package}, {@code no KEV entry, EPSS 0.01 < 0.1}...
 * @param automatableBasis why: the vector and metrics read, or the default taken
 * @param technicalImpactBasis why: the vector and metrics read, or the default taken
 * @param missionBasis why: criticality and exposure, stated or defaulted
 * @param assumed the decision points that took a documented default because the data was missing
 *     ({@code automatable}, {@code technicalImpact}, {@code criticality}, {@code exposure})
 */
public record SsvcDecision(
    SsvcOutcome outcome,
    Exploitation exploitation,
    Automatable automatable,
    TechnicalImpact technicalImpact,
    MissionWellbeing missionWellbeing,
    String exploitationBasis,
    String automatableBasis,
    String technicalImpactBasis,
    String missionBasis,
    Set<String> assumed) {

  public SsvcDecision {
    assumed = Set.copyOf(assumed);
  }

  /** True when {@code other} decides differently or from different input values. */
  public boolean differsFrom(SsvcDecision other) {
    return other == null
        || outcome != other.outcome
        || exploitation != other.exploitation
        || automatable != other.automatable
        || technicalImpact != other.technicalImpact
        || missionWellbeing != other.missionWellbeing;
  }
}
