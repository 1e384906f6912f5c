package io.vigil.core.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnalysisTest {
  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
  private static final AnalysisScope SHOP = AnalysisScope.project("shop", null);

  @Test
  void shouldDeriveTheVexJustificationFromACycloneDxOne() {
    var a =
        Analysis.builder(SHOP, "CVE-1", AnalysisState.NOT_AFFECTED)
            .cycloneDxJustification(CycloneDxJustification.PROTECTED_AT_PERIMETER)
            .author("alice")
            .decidedAt(T0)
            .build();

    assertThat(a.justification()).isEqualTo(Justification.INLINE_MITIGATIONS_ALREADY_EXIST);
    assertThat(a.cycloneDxJustificationOrDefault())
        .isEqualTo(CycloneDxJustification.PROTECTED_AT_PERIMETER);
  }

  @Test
  void shouldRejectACycloneDxJustificationThatContradictsTheVexOne() {
    var builder =
        Analysis.builder(SHOP, "CVE-1", AnalysisState.NOT_AFFECTED)
            .justification(Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH)
            .cycloneDxJustification(CycloneDxJustification.PROTECTED_AT_RUNTIME)
            .author("alice")
            .decidedAt(T0);

    assertThatThrownBy(builder::build)
        .hasMessage(
            "CycloneDX justification protected_at_runtime does not read as"
                + " vulnerable_code_not_in_execute_path");
  }

  @Test
  void shouldAcceptComponentNotPresentWrittenAsCodeNotPresent() {
    var a =
        Analysis.builder(SHOP, "CVE-1", AnalysisState.NOT_AFFECTED)
            .justification(Justification.COMPONENT_NOT_PRESENT)
            .cycloneDxJustification(CycloneDxJustification.CODE_NOT_PRESENT)
            .author("alice")
            .decidedAt(T0)
            .build();

    assertThat(a.justification()).isEqualTo(Justification.COMPONENT_NOT_PRESENT);
  }

  @Test
  void shouldRequireAnAuthorAndAValidityAfterTheDecision() {
    assertThatThrownBy(
            () -> Analysis.builder(SHOP, "CVE-1", AnalysisState.NOT_AFFECTED).decidedAt(T0).build())
        .hasMessage("an analysis names its author");
    assertThatThrownBy(
            () ->
                Analysis.builder(SHOP, "CVE-1", AnalysisState.NOT_AFFECTED)
                    .author("alice")
                    .decidedAt(T0)
                    .validUntil(T0)
                    .build())
        .hasMessageContaining("is not after decidedAt");
  }

  @Test
  void shouldNormaliseIdsBlanksAndDuplicateResponses() {
    var a =
        Analysis.builder(SHOP, " cve-2021-44228 ", AnalysisState.EXPLOITABLE)
            .responses(List.of(Response.UPDATE, Response.UPDATE, Response.WILL_NOT_FIX))
            .detail("  ")
            .author("alice")
            .decidedAt(T0)
            .build();

    assertThat(a.vulnerabilityId()).isEqualTo("CVE-2021-44228");
    assertThat(a.responses()).containsExactly(Response.UPDATE, Response.WILL_NOT_FIX);
    assertThat(a.detail()).isNull();
    assertThat(a.source()).isEqualTo(AnalysisSource.MANUAL);
    assertThat(a.key()).isEqualTo("project|CVE-2021-44228|shop|");
  }

  @Test
  void shouldKeepBothSidesOfAChangeForTheAuditTrail() {
    var first =
        Analysis.builder(SHOP, "CVE-1", AnalysisState.IN_TRIAGE)
            .author("alice")
            .decidedAt(T0)
            .build();
    var second =
        first.toBuilder()
            .state(AnalysisState.NOT_AFFECTED)
            .justification(Justification.COMPONENT_NOT_PRESENT)
            .author("bob")
            .decidedAt(T0.plusSeconds(60))
            .build();

    var set = AnalysisChange.set(first, second);
    var deleted = AnalysisChange.deleted(second, "carol", T0.plusSeconds(120), "wrong project");

    assertThat(set.changedBy()).isEqualTo("bob");
    assertThat(set.previous()).isEqualTo(first);
    assertThat(set.key()).isEqualTo(first.key());
    assertThat(deleted.type()).isEqualTo(AnalysisChange.Type.DELETED);
    assertThat(deleted.analysis()).isEqualTo(second);
    var other =
        Analysis.builder(AnalysisScope.project("other", null), "CVE-1", AnalysisState.IN_TRIAGE)
            .author("x")
            .decidedAt(T0)
            .build();
    assertThatThrownBy(() -> AnalysisChange.set(other, second))
        .hasMessageContaining("replaces the decision of its own key");
  }

  @Test
  void shouldMapStatesBetweenTheThreeVocabularies() {
    assertThat(AnalysisState.fromCycloneDx("resolved_with_pedigree"))
        .contains(AnalysisState.RESOLVED);
    assertThat(AnalysisState.fromOpenVex("under_investigation")).contains(AnalysisState.IN_TRIAGE);
    assertThat(AnalysisState.fromCsafStatus("known_not_affected"))
        .contains(AnalysisState.NOT_AFFECTED);
    assertThat(AnalysisState.fromCsafStatus("recommended")).isEmpty();
    assertThat(AnalysisState.FALSE_POSITIVE.openVex()).isEqualTo("not_affected");
    assertThat(AnalysisState.EXPLOITABLE.csaf()).isEqualTo("known_affected");
    for (AnalysisState s : AnalysisState.values()) {
      assertThat(AnalysisState.fromCycloneDx(s.cycloneDx())).contains(s);
      assertThat(AnalysisState.parse(s.cycloneDx())).isEqualTo(s);
    }
    for (CycloneDxJustification j : CycloneDxJustification.values()) {
      assertThat(j.toVex().cycloneDx().toVex()).as(j.label()).isEqualTo(j.toVex());
    }
  }
}
