package io.vigil.core.policy;

import static io.vigil.core.policy.PolicyFixtures.component;
import static io.vigil.core.policy.PolicyFixtures.input;
import static io.vigil.core.policy.PolicyFixtures.vuln;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.ExposureRef;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.PurlPattern;
import io.vigil.core.triage.Response;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");

  private static final String POLICY =
      """
      rules:
        - name: optional-outside-kev
          priority: 10
          condition: component.scope == "optional" && !vuln.kev
          analysis:
            state: not_affected
            justification: vulnerable_code_not_in_execute_path
            detail: optional dependencies are not shipped
            comment: agreed with security, 2026-02
        - name: sandbox-projects
          priority: 50
          condition: '"sandbox" in project.tags && vuln.severity != "CRITICAL"'
          analysis:
            state: false_positive
        - name: kev-is-exploitable
          priority: 100
          condition: vuln.kev
          analysis:
            state: exploitable
            responses: [update]
        - name: low-epss-transitive
          condition: |
            vuln.epss.orValue(1.0) < 0.001
              && !component.direct.orValue(true)
          analysis:
            state: not_affected
            justification: protected_at_perimeter
          validUntil: 2026-06-01T00:00:00Z
      """;

  @Test
  void shouldDecideWithTheIssuesExampleRule() throws Exception {
    Policy policy = Policy.parse(POLICY, "policy.yaml");

    PolicyEvaluation e =
        policy.evaluate(input(component("optional", true), vuln(false, 10.0, 0.9)), NOW);

    assertThat(e.rule().name()).isEqualTo("optional-outside-kev");
    assertThat(e.rule().analysis().state()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(e.error()).isNull();
  }

  @Test
  void shouldLetTheHighestPriorityMatchingRuleDecide() throws Exception {
    Policy policy = Policy.parse(POLICY, "policy.yaml");

    PolicyEvaluation optionalButKev =
        policy.evaluate(input(component("optional", true), vuln(true, 10.0, 0.9)), NOW);

    assertThat(optionalButKev.rule().name()).isEqualTo("kev-is-exploitable");
    assertThat(policy.rules())
        .extracting(PolicyRule::name)
        .containsExactly(
            "kev-is-exploitable",
            "sandbox-projects",
            "optional-outside-kev",
            "low-epss-transitive");
  }

  @Test
  void shouldNotDecideWhenNoConditionHolds() throws Exception {
    Policy policy = Policy.parse(POLICY, "policy.yaml");

    PolicyEvaluation e =
        policy.evaluate(input(component("required", true), vuln(false, 10.0, 0.9), "sandbox"), NOW);

    assertThat(e).isEqualTo(PolicyEvaluation.NO_DECISION);
    assertThat(e.decided()).isFalse();
  }

  @Test
  void shouldNeverReadAnUnknownScoreOrGraphAsLowOrTransitive() throws Exception {
    Policy policy = Policy.parse(POLICY, "policy.yaml");

    PolicyEvaluation unknownEpss =
        policy.evaluate(input(component("required", false), vuln(false, 5.0, null)), NOW);
    PolicyEvaluation unknownGraph =
        policy.evaluate(input(component("required", null), vuln(false, 5.0, 0.0001)), NOW);
    PolicyEvaluation known =
        policy.evaluate(input(component("required", false), vuln(false, 5.0, 0.0001)), NOW);

    assertThat(unknownEpss.decided()).isFalse();
    assertThat(unknownGraph.decided()).isFalse();
    assertThat(known.rule().name()).isEqualTo("low-epss-transitive");
    assertThatThrownBy(
            () ->
                Policy.parse(
                    "rules:\n  - name: r\n    condition: vuln.cvss < 4.0\n    analysis: {state: not_affected}\n",
                    "p.yaml"))
        .isInstanceOf(PolicyException.class)
        .hasMessageContaining(
            "p.yaml:3:26: rule 'r': condition 1:11: found no matching overload for '_<_'");
  }

  @Test
  void shouldSkipARuleOutsideItsValidityWindowAndExpireItsDecisions() throws Exception {
    Policy policy = Policy.parse(POLICY, "policy.yaml");
    var in = input(component("required", false), vuln(false, 5.0, 0.0001));

    PolicyEvaluation before = policy.evaluate(in, NOW);
    PolicyEvaluation after = policy.evaluate(in, Instant.parse("2026-06-01T00:00:00Z"));

    assertThat(before.rule().validUntil()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(after.decided()).isFalse();
  }

  @Test
  void shouldYieldNoDecisionAndCountTheErrorWhenARuleFailsAtRunTime() throws Exception {
    Policy policy =
        Policy.parse(
            """
            rules:
              - name: high-cvss
                priority: 2
                condition: vuln.cvss.value() >= 9.0
                analysis: {state: exploitable}
              - name: everything
                priority: 1
                condition: "true"
                analysis: {state: not_affected, justification: component_not_present}
            """,
            "p.yaml");

    PolicyEvaluation unscored =
        policy.evaluate(input(component("", null), vuln(false, null, null)), NOW);
    PolicyEvaluation scored =
        policy.evaluate(input(component("", null), vuln(false, 9.8, null)), NOW);

    assertThat(unscored.decided()).isFalse();
    assertThat(unscored.error().rule()).isEqualTo("high-cvss");
    assertThat(unscored.error().message()).contains("value");
    assertThat(scored.rule().name()).isEqualTo("high-cvss");
    assertThat(policy.runtimeErrors()).isEqualTo(1);
  }

  @Test
  void shouldRejectACompileErrorWithItsPositionInTheFile() {
    String yaml =
        """
        rules:
          - name: typo
            condition: component.scpoe == "optional"
            analysis: {state: not_affected}
          - name: in-a-block
            condition: |
              vuln.kev
                && project.nmae == "x"
            analysis: {state: exploitable}
        """;

    assertThatThrownBy(() -> Policy.parse(yaml, "policy.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.problems())
                    .extracting(PolicyProblem::toString)
                    .containsExactly(
                        "policy.yaml:3:25: rule 'typo': condition 1:10: undefined field 'scpoe'"
                            + "\n | component.scpoe == \"optional\"\n | .........^",
                        "policy.yaml:8:19: rule 'in-a-block': condition 2:13: undefined field 'nmae'"
                            + "\n |   && project.nmae == \"x\"\n | ............^"));
  }

  @Test
  void shouldTellAKnownStringFromAnAbsentOneWithHas() throws Exception {
    Policy policy =
        Policy.parse(
            "rules:\n  - name: no-scope\n    condition: '!has(component.scope)'\n"
                + "    analysis: {state: in_triage}\n",
            "p.yaml");

    assertThat(
            policy.evaluate(input(component(null, null), vuln(false, null, null)), NOW).decided())
        .isTrue();
    assertThat(
            policy
                .evaluate(input(component("required", null), vuln(false, null, null)), NOW)
                .decided())
        .isFalse();
  }

  @Test
  void shouldRejectAConditionThatIsNotBoolean() {
    assertThatThrownBy(
            () ->
                Policy.parse(
                    "rules:\n  - name: r\n    condition: vuln.severity\n    analysis: {state: resolved}\n",
                    "p.yaml"))
        .hasMessageContaining("rule 'r': condition is of type string, not bool");
  }

  @Test
  void shouldListEveryStructuralProblemWithItsPosition() {
    String yaml =
        """
        rules:
          - name: a
            condition: vuln.kev
            analysis: {state: maybe, justification: because, responses: [later]}
            validFrom: yesterday
          - name: a
            condition: vuln.kev
            analysis: {state: exploitable}
            owner: bob
          - condition: vuln.kev
            analysis: {state: exploitable}
            validFrom: 2026-02-01T00:00:00Z
            validUntil: 2026-01-01T00:00:00Z
        """;

    assertThatThrownBy(() -> Policy.parse(yaml, "p.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.problems())
                    .extracting(PolicyProblem::toString)
                    .containsExactly(
                        "p.yaml:4:23: rule 'a': unknown analysis state 'maybe' (expected in_triage,"
                            + " exploitable, false_positive, not_affected, resolved)",
                        "p.yaml:4:45: rule 'a': unknown justification 'because' (one of"
                            + " component_not_present, vulnerable_code_not_present,"
                            + " vulnerable_code_not_in_execute_path,"
                            + " vulnerable_code_cannot_be_controlled_by_adversary,"
                            + " inline_mitigations_already_exist, or a CycloneDX justification)",
                        "p.yaml:4:65: rule 'a': unknown response 'later' (can_not_fix, will_not_fix,"
                            + " update, rollback, workaround_available)",
                        "p.yaml:5:16: rule 'a': validFrom 'yesterday' is not an instant like"
                            + " 2026-07-01T00:00:00Z",
                        "p.yaml:6:11: rule 'a': duplicate rule name",
                        "p.yaml:9:12: rule 'a': unknown key 'owner' (known: analysis, condition,"
                            + " description, name, priority, validFrom, validUntil)",
                        "p.yaml:10:5: 'name' is required",
                        "p.yaml:13:17: validUntil must be after validFrom"));
  }

  @Test
  void shouldRejectAFileThatIsNotYaml() {
    assertThatThrownBy(() -> Policy.parse("rules: [\n  {name: x", "p.yaml"))
        .isInstanceOfSatisfying(
            PolicyException.class,
            e ->
                assertThat(e.problems().get(0).toString())
                    .startsWith("p.yaml:")
                    .contains("not YAML"));
  }

  @Test
  void shouldTurnADecisionIntoAnAnalysisOfThatComponentInThatProject() throws Exception {
    Policy policy = Policy.parse(POLICY, "policy.yaml");
    var exposure =
        ExposureRef.of(
            "shop",
            "1.0",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "GHSA-jfh8-c2jp-5v3q",
            List.of("CVE-2021-44228"));

    var analysis =
        policy
            .evaluate(input(component("required", false), vuln(false, 5.0, 0.0001)), NOW)
            .toAnalysis(exposure, NOW)
            .orElseThrow();

    assertThat(analysis.scope())
        .isEqualTo(
            AnalysisScope.component(
                "shop",
                "1.0",
                PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")));
    assertThat(analysis.state()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(analysis.justification()).isEqualTo(Justification.INLINE_MITIGATIONS_ALREADY_EXIST);
    assertThat(analysis.cycloneDxJustification())
        .isEqualTo(CycloneDxJustification.PROTECTED_AT_PERIMETER);
    assertThat(analysis.source()).isEqualTo(AnalysisSource.POLICY);
    assertThat(analysis.sourceRef()).isEqualTo("low-epss-transitive");
    assertThat(analysis.author()).isEqualTo("policy:low-epss-transitive");
    assertThat(analysis.validUntil()).isEqualTo(Instant.parse("2026-06-01T00:00:00Z"));
    assertThat(analysis.decidedAt()).isEqualTo(NOW);
    assertThat(
            policy
                .evaluate(input(component("optional", false), vuln(true, 5.0, 0.1)), NOW)
                .rule()
                .analysis()
                .responses())
        .containsExactly(Response.UPDATE);
  }
}
