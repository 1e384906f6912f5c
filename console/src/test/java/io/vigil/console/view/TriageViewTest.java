package io.vigil.console.view;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.console.view.Views.ExposureRow;
import org.junit.jupiter.api.Test;

class TriageViewTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void shouldShowThePolicyDecisionTheCorrelatorAppliedToAnExposure() throws Exception {
    ExposureRow row =
        ExposureRow.of(
            JSON.readTree(
                """
                {"project": "shop", "advisory": "GHSA-1", "vulnerability": "CVE-1",
                 "suppressed": true,
                 "analysis": {"scope": "PORTFOLIO", "state": "false_positive",
                   "justification": "component_not_present", "author": "policy-bot",
                   "source": "POLICY", "decidedAt": "2026-12-07T10:00:00Z"}}
                """));

    assertThat(row.triage().stateLabel()).isEqualTo("false positive");
    assertThat(row.triage().suppressed()).isTrue();
    assertThat(row.triage().author()).isEqualTo("policy-bot (policy)");
    assertThat(row.triage().scope()).isEqualTo("every project");
  }

  @Test
  void shouldShowNoDecisionWhenTheExposureCarriesNone() throws Exception {
    ExposureRow row =
        ExposureRow.of(
            JSON.readTree(
                "{\"project\": \"shop\", \"advisory\": \"GHSA-1\", \"vulnerability\": \"CVE-1\","
                    + " \"suppressed\": false}"));

    assertThat(row.triage()).isNull();
  }
}
