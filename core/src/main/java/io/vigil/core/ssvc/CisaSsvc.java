package io.vigil.core.ssvc;

import io.vigil.core.project.Criticality;

/**
 * CISA's SSVC decision tree, as published in the <b>CISA Stakeholder-Specific Vulnerability
 * Categorization Guide, November 2022</b>
 * (https://www.cisa.gov/sites/default/files/publications/cisa-ssvc-guide%20508c.pdf): Figure 1 /
 * Table 9 (Exploitation → Automatable → Technical Impact → Mission &amp; Well-being → decision) and
 * Table 8 (Mission Prevalence × Public Well-Being Impact → Mission &amp; Well-being). CERT/CC
 * publishes the same tree as data: {@code data/csv/cisa/cisa_coordinator_2_0_3.csv} in
 * github.com/CERTCC/SSVC (decision points Exploitation v1.1.0, Automatable v2.0.0, Technical Impact
 * v1.0.0, Mission and Well-Being Impact v1.0.0, outcomes CISA Levels v1.1.0).
 *
 * <p>The tree is written as the guide draws it, branch by branch. {@code CisaSsvcTableTest}
 * compares it with a copy of the published table for every one of the 36 combinations (and Table 8
 * for its 9), so a branch that drifts from the publication fails there.
 */
public final class CisaSsvc {
  private CisaSsvc() {}

  /** The decision for one combination of the four decision points. */
  public static SsvcOutcome decide(
      Exploitation exploitation,
      Automatable automatable,
      TechnicalImpact technicalImpact,
      MissionWellbeing missionWellbeing) {
    boolean auto = automatable == Automatable.YES;
    boolean total = technicalImpact == TechnicalImpact.TOTAL;
    return switch (exploitation) {
      case NONE -> {
        // only a high mission impact leaves Track: Attend when automatable, Track* when total
        if (missionWellbeing != MissionWellbeing.HIGH) {
          yield SsvcOutcome.TRACK;
        }
        yield auto ? SsvcOutcome.ATTEND : total ? SsvcOutcome.TRACK_STAR : SsvcOutcome.TRACK;
      }
      case POC ->
          switch (missionWellbeing) {
            case LOW -> SsvcOutcome.TRACK;
            case MEDIUM -> total ? SsvcOutcome.TRACK_STAR : SsvcOutcome.TRACK;
            case HIGH -> auto || total ? SsvcOutcome.ATTEND : SsvcOutcome.TRACK_STAR;
          };
      case ACTIVE -> {
        if (auto) {
          yield switch (missionWellbeing) {
            case LOW -> SsvcOutcome.ATTEND;
            case MEDIUM -> total ? SsvcOutcome.ACT : SsvcOutcome.ATTEND;
            case HIGH -> SsvcOutcome.ACT;
          };
        }
        yield switch (missionWellbeing) {
          case LOW -> SsvcOutcome.TRACK;
          case MEDIUM -> total ? SsvcOutcome.ATTEND : SsvcOutcome.TRACK;
          case HIGH -> total ? SsvcOutcome.ACT : SsvcOutcome.ATTEND;
        };
      }
    };
  }

  /**
   * Mission &amp; Well-being from Mission Prevalence (our {@link Criticality}) and Public
   * Well-Being Impact (guide, Table 8): essential is always high; irreversible well-being is always
   * high; minimal prevalence with minimal well-being is low; everything else is medium.
   */
  public static MissionWellbeing missionWellbeing(
      Criticality missionPrevalence, PublicWellbeing wellbeing) {
    if (missionPrevalence == Criticality.MISSION_ESSENTIAL
        || wellbeing == PublicWellbeing.IRREVERSIBLE) {
      return MissionWellbeing.HIGH;
    }
    if (missionPrevalence == Criticality.MINIMAL && wellbeing == PublicWellbeing.MINIMAL) {
      return MissionWellbeing.LOW;
    }
    return MissionWellbeing.MEDIUM;
  }
}
