package io.vigil.sbom.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.Response;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriageJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void shouldReadAComponentDecisionWithACycloneDxJustification() throws Exception {
    Analysis a =
        TriageJson.decision(
            json(
                """
                {"project": "shop", "version": "1.4.0",
                 "component": "pkg:maven/org.apache.logging.log4j/log4j-core",
                 "vulnerability": "cve-2021-44228", "state": "not_affected",
                 "justification": "code_not_reachable", "responses": ["will_not_fix"],
                 "detail": "no JNDI", "comment": "see SEC-12",
                 "validUntil": "2027-06-30T00:00:00Z"}
                """),
            "oncall",
            NOW);

    assertThat(a.scope().kind()).isEqualTo(AnalysisScope.Kind.COMPONENT);
    assertThat(a.key())
        .isEqualTo(
            "component|CVE-2021-44228|shop|1.4.0|pkg:maven/org.apache.logging.log4j/log4j-core");
    assertThat(a.state()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(a.cycloneDxJustification()).isEqualTo(CycloneDxJustification.CODE_NOT_REACHABLE);
    assertThat(a.justification()).isEqualTo(Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
    assertThat(a.responses()).containsExactly(Response.WILL_NOT_FIX);
    assertThat(a.author()).isEqualTo("oncall");
    assertThat(a.decidedAt()).isEqualTo(NOW);
    assertThat(a.validUntil()).isEqualTo(Instant.parse("2027-06-30T00:00:00Z"));
  }

  @Test
  void shouldInferTheProjectAndThePortfolioScopeFromWhatIsNamed() throws Exception {
    Analysis project =
        TriageJson.decision(
            json(
                "{\"project\": \"shop\", \"vulnerability\": \"GHSA-jfh8-c2jp-5v3q\","
                    + " \"state\": \"under_investigation\"}"),
            "oncall",
            NOW);
    Analysis portfolio =
        TriageJson.decision(
            json(
                "{\"component\": \"pkg:npm/lodash\", \"vulnerability\": \"CVE-2021-23337\","
                    + " \"state\": \"false_positive\","
                    + " \"justification\": \"vulnerable_code_not_present\"}"),
            "oncall",
            NOW);

    assertThat(project.scope()).isEqualTo(AnalysisScope.project("shop", null));
    assertThat(project.state()).isEqualTo(AnalysisState.IN_TRIAGE);
    assertThat(portfolio.scope().kind()).isEqualTo(AnalysisScope.Kind.PORTFOLIO);
    assertThat(portfolio.suppresses()).isTrue();
    assertThat(portfolio.justification()).isEqualTo(Justification.VULNERABLE_CODE_NOT_PRESENT);
  }

  @Test
  void shouldReportEveryProblemWithItsPathAtOnce() {
    assertThatThrownBy(
            () ->
                TriageJson.decision(
                    json(
                        """
                        {"component": "not a purl", "state": "ignored",
                         "justification": "because", "responses": ["later"],
                         "validUntil": "tomorrow", "colour": "red"}
                        """),
                    "oncall",
                    NOW))
        .isInstanceOfSatisfying(
            TriageJson.InvalidDecisionException.class,
            e ->
                assertThat(e.problems())
                    .anySatisfy(p -> assertThat(p).startsWith("$.colour: unknown field"))
                    .anySatisfy(p -> assertThat(p).startsWith("$.vulnerability: required"))
                    .anySatisfy(p -> assertThat(p).startsWith("$.component: 'not a purl'"))
                    .anySatisfy(p -> assertThat(p).startsWith("$.state: 'ignored' is not a state"))
                    .anySatisfy(p -> assertThat(p).startsWith("$.justification: 'because'"))
                    .anySatisfy(p -> assertThat(p).startsWith("$.responses[0]: 'later'"))
                    .anySatisfy(p -> assertThat(p).startsWith("$.validUntil: 'tomorrow'")));
  }

  @Test
  void shouldRefuseAPortfolioDecisionWithAVersionOrAPastValidity() {
    assertThatThrownBy(
            () ->
                TriageJson.decision(
                    json(
                        "{\"component\": \"pkg:npm/lodash\", \"version\": \"1.0\","
                            + " \"vulnerability\": \"CVE-2021-23337\", \"state\": \"resolved\"}"),
                    "oncall",
                    NOW))
        .hasMessageContaining("$.version: a portfolio decision names no project version");
    assertThatThrownBy(
            () ->
                TriageJson.decision(
                    json(
                        "{\"project\": \"shop\", \"vulnerability\": \"CVE-2021-23337\","
                            + " \"state\": \"resolved\", \"validUntil\": \"2020-01-01T00:00:00Z\"}"),
                    "oncall",
                    NOW))
        .hasMessageContaining("$.validUntil: 2020-01-01T00:00:00Z is not in the future");
  }

  @Test
  void shouldWriteADecisionInBothVocabulariesAndSayWhetherItSuppressesNow() throws Exception {
    Analysis a =
        TriageJson.decision(
            json(
                "{\"project\": \"shop\", \"vulnerability\": \"CVE-2021-44228\","
                    + " \"state\": \"not_affected\", \"justification\": \"component_not_present\","
                    + " \"validUntil\": \"2026-12-02T00:00:00Z\"}"),
            "oncall",
            NOW);

    Map<String, Object> now = TriageJson.json(a, NOW);
    Map<String, Object> later = TriageJson.json(a, Instant.parse("2026-12-03T00:00:00Z"));

    assertThat(now)
        .containsEntry("key", "project|CVE-2021-44228|shop|")
        .containsEntry("state", "not_affected")
        .containsEntry("openVexStatus", "not_affected")
        .containsEntry("justification", "component_not_present")
        .containsEntry("cycloneDxJustification", "code_not_present")
        .containsEntry("author", "oncall")
        .containsEntry("source", "manual")
        .containsEntry("suppresses", true)
        .containsEntry("expired", false);
    assertThat(later).containsEntry("suppresses", false).containsEntry("expired", true);
  }

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s);
  }
}
