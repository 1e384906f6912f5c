package io.vigil.core.ssvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.project.Criticality;
import io.vigil.core.project.ProjectContext;
import io.vigil.core.project.ProjectExposure;
import java.util.List;
import org.junit.jupiter.api.Test;

class SsvcTest {
  // Log4Shell's GHSA vector: network, no privileges, no user, scope changed, everything high
  private static final String LOG4SHELL = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
  private static final String LOCAL_READ = "CVSS:3.1/AV:L/AC:L/PR:L/UI:N/S:U/C:H/I:N/A:N";
  private static final ProjectContext ESSENTIAL_INTERNET =
      new ProjectContext(
          null, null, List.of(), Criticality.MISSION_ESSENTIAL, ProjectExposure.INTERNET_FACING);
  private static final ProjectContext MINIMAL_INTERNAL =
      new ProjectContext(null, null, List.of(), Criticality.MINIMAL, ProjectExposure.INTERNAL);

  @Test
  void shouldActOnAKevVulnerabilityThatIsAutomatableAndTotalInAMissionEssentialProject() {
    SsvcDecision d = decide(true, 0.94, List.of(LOG4SHELL), false, ESSENTIAL_INTERNET);

    assertThat(d.outcome()).isEqualTo(SsvcOutcome.ACT);
    assertThat(d.exploitation()).isEqualTo(Exploitation.ACTIVE);
    assertThat(d.exploitationBasis()).isEqualTo("in CISA KEV");
    assertThat(d.automatable()).isEqualTo(Automatable.YES);
    assertThat(d.automatableBasis()).isEqualTo("CVSS 3.1 AV:N/AC:L/PR:N/UI:N");
    assertThat(d.technicalImpact()).isEqualTo(TechnicalImpact.TOTAL);
    assertThat(d.technicalImpactBasis()).isEqualTo("CVSS 3.1 PR:N/C:H/I:H");
    assertThat(d.missionWellbeing()).isEqualTo(MissionWellbeing.HIGH);
    assertThat(d.missionBasis()).isEqualTo("criticality mission-essential, internet-facing");
    assertThat(d.assumed()).isEmpty();
  }

  @Test
  void shouldTurnAnAttendIntoAnActWhenTheVulnerabilityIsAddedToKev() {
    SsvcDecision before = decide(false, 0.5, List.of(LOG4SHELL), false, ESSENTIAL_INTERNET);
    SsvcDecision after = decide(true, 0.5, List.of(LOG4SHELL), false, ESSENTIAL_INTERNET);

    assertThat(before.outcome()).isEqualTo(SsvcOutcome.ATTEND); // poc, yes, total, high
    assertThat(after.outcome()).isEqualTo(SsvcOutcome.ACT); // active, yes, total, high
    assertThat(after.differsFrom(before)).isTrue();
  }

  @Test
  void shouldTurnATrackStarIntoAnActInASupportProjectWhenAddedToKev() {
    ProjectContext supportInternet =
        new ProjectContext(
            null, null, List.of(), Criticality.SUPPORT, ProjectExposure.INTERNET_FACING);

    SsvcDecision before = decide(false, 0.5, List.of(LOG4SHELL), false, supportInternet);
    SsvcDecision after = decide(true, 0.5, List.of(LOG4SHELL), false, supportInternet);

    assertThat(before.outcome()).isEqualTo(SsvcOutcome.TRACK_STAR); // poc, yes, total, medium
    assertThat(after.outcome()).isEqualTo(SsvcOutcome.ACT); // active, yes, total, medium
    assertThat(after.differsFrom(before)).isTrue();
    assertThat(after.differsFrom(decide(true, 0.9, List.of(LOG4SHELL), false, supportInternet)))
        .as("an EPSS move that changes no input is not a different decision")
        .isFalse();
  }

  @Test
  void shouldReadEpssAtOrAboveTheThresholdAsPublicPocAndBelowAsNone() {
    SsvcSettings settings =
        new SsvcSettings(0.2, Criticality.SUPPORT, ProjectExposure.INTERNET_FACING);

    SsvcDecision at = Ssvc.decide(evidence(false, 0.2, List.of(LOG4SHELL), false, null), settings);
    SsvcDecision below =
        Ssvc.decide(evidence(false, 0.1999, List.of(LOG4SHELL), false, null), settings);
    SsvcDecision unscored =
        Ssvc.decide(evidence(false, null, List.of(LOG4SHELL), false, null), settings);

    assertThat(at.exploitation()).isEqualTo(Exploitation.POC);
    assertThat(at.exploitationBasis()).isEqualTo("EPSS 0.2 >= 0.2");
    assertThat(below.exploitation()).isEqualTo(Exploitation.NONE);
    assertThat(below.exploitationBasis()).isEqualTo("not in KEV, EPSS 0.1999 < 0.2");
    assertThat(unscored.exploitation()).isEqualTo(Exploitation.NONE);
    assertThat(unscored.exploitationBasis()).isEqualTo("not in KEV, no EPSS score");
  }

  @Test
  void shouldNotCallALocalVectorAutomatableNorAConfidentialityOnlyOneTotal() {
    SsvcDecision d = decide(false, null, List.of(LOCAL_READ), false, MINIMAL_INTERNAL);

    assertThat(d.automatable()).isEqualTo(Automatable.NO);
    assertThat(d.automatableBasis()).isEqualTo("CVSS 3.1 AV:L/AC:L/PR:L/UI:N");
    assertThat(d.technicalImpact()).isEqualTo(TechnicalImpact.PARTIAL);
    assertThat(d.missionWellbeing()).isEqualTo(MissionWellbeing.LOW);
    assertThat(d.outcome()).isEqualTo(SsvcOutcome.TRACK);
  }

  @Test
  void shouldPreferCvssV4OverV3AndReadItsAutomatableMetricWhenStated() {
    String v4NotAutomatable =
        "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N/AU:N";
    String v4Open = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:L/VI:L/VA:N/SC:N/SI:N/SA:N";
    String v4NeedsConditions = "CVSS:4.0/AV:N/AC:L/AT:P/PR:N/UI:N/VC:H/VI:L/VA:N/SC:N/SI:N/SA:N";

    SsvcDecision stated = decide(false, null, List.of(LOG4SHELL, v4NotAutomatable), false, null);
    SsvcDecision derived = decide(false, null, List.of(v4Open, LOG4SHELL), false, null);
    SsvcDecision conditions = decide(false, null, List.of(v4NeedsConditions), false, null);

    assertThat(stated.automatable()).isEqualTo(Automatable.NO);
    assertThat(stated.automatableBasis()).isEqualTo("CVSS 4.0 AU:N");
    assertThat(stated.technicalImpact()).isEqualTo(TechnicalImpact.TOTAL);
    assertThat(derived.automatable()).isEqualTo(Automatable.YES);
    assertThat(derived.technicalImpact())
        .as("v4 decides even though the v3 vector alone would say total")
        .isEqualTo(TechnicalImpact.PARTIAL);
    assertThat(derived.technicalImpactBasis()).isEqualTo("CVSS 4.0 PR:N/VC:L/VI:L");
    assertThat(conditions.automatable()).isEqualTo(Automatable.NO);
    assertThat(conditions.technicalImpact())
        .as("no privileges, one high and one low: total (CERT/CC row 23)")
        .isEqualTo(TechnicalImpact.TOTAL);
  }

  @Test
  void shouldTakeTheMoreUrgentAnswerWhenVectorsOfTheSameVersionDisagree() {
    SsvcDecision d = decide(false, null, List.of(LOCAL_READ, LOG4SHELL), false, null);

    assertThat(d.automatable()).isEqualTo(Automatable.YES);
    assertThat(d.technicalImpact()).isEqualTo(TechnicalImpact.TOTAL);
  }

  @Test
  void shouldAssumeTheUrgentAnswerAndSayItWhenThereIsNoReadableVector() {
    SsvcDecision d =
        decide(
            false,
            null,
            List.of(
                "AV:N/AC:L/Au:N/C:P/I:P/A:P",
                "CVSS:3.1/AV:N/AC:L",
                "CVSS:3.1/AV:X/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H"),
            false,
            null);

    assertThat(d.automatable()).isEqualTo(Automatable.YES);
    assertThat(d.automatableBasis()).isEqualTo("no CVSS v3/v4 vector: assumed yes");
    assertThat(d.technicalImpact()).isEqualTo(TechnicalImpact.TOTAL);
    assertThat(d.assumed())
        .containsExactlyInAnyOrder("automatable", "technicalImpact", "criticality", "exposure");
    assertThat(d.missionBasis())
        .isEqualTo("criticality support (default), internet-facing (default)");
    assertThat(d.missionWellbeing()).isEqualTo(MissionWellbeing.MEDIUM);
  }

  @Test
  void shouldTreatAMaliciousPackageAsActiveAutomatableAndTotalWhateverItsScores() {
    SsvcDecision d = decide(false, null, List.of(LOCAL_READ), true, MINIMAL_INTERNAL);

    assertThat(d.exploitation()).isEqualTo(Exploitation.ACTIVE);
    assertThat(d.exploitationBasis()).isEqualTo("malicious package");
    assertThat(d.automatable()).isEqualTo(Automatable.YES);
    assertThat(d.technicalImpact()).isEqualTo(TechnicalImpact.TOTAL);
    assertThat(d.outcome()).isEqualTo(SsvcOutcome.ATTEND); // active, yes, total, low
    assertThat(decide(false, null, List.of(), true, ESSENTIAL_INTERNET).outcome())
        .isEqualTo(SsvcOutcome.ACT);
  }

  @Test
  void shouldUseTheConfiguredDefaultsForAProjectWithoutCriticalityOrExposure() {
    SsvcSettings cautious =
        new SsvcSettings(0.1, Criticality.MISSION_ESSENTIAL, ProjectExposure.INTERNAL);
    ProjectContext exposureOnly =
        new ProjectContext("a@b", "t", List.of(), null, ProjectExposure.INTERNET_FACING);

    SsvcDecision d =
        Ssvc.decide(evidence(true, null, List.of(LOG4SHELL), false, exposureOnly), cautious);

    assertThat(d.missionWellbeing()).isEqualTo(MissionWellbeing.HIGH);
    assertThat(d.missionBasis())
        .isEqualTo("criticality mission-essential (default), internet-facing");
    assertThat(d.assumed()).containsExactly("criticality");
  }

  @Test
  void shouldRefuseSettingsOutsideTheirRange() {
    assertThatThrownBy(() -> new SsvcSettings(0, Criticality.SUPPORT, ProjectExposure.INTERNAL))
        .hasMessageContaining("epssPocThreshold must be in (0, 1]");
    assertThatThrownBy(() -> new SsvcSettings(0.1, null, ProjectExposure.INTERNAL))
        .hasMessageContaining("defaultCriticality");
  }

  private static SsvcDecision decide(
      boolean kev, Double epss, List<String> vectors, boolean malicious, ProjectContext project) {
    return Ssvc.decide(evidence(kev, epss, vectors, malicious, project), SsvcSettings.DEFAULTS);
  }

  private static SsvcEvidence evidence(
      boolean kev, Double epss, List<String> vectors, boolean malicious, ProjectContext project) {
    return new SsvcEvidence(kev, epss, vectors, malicious, project);
  }
}
