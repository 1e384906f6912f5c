package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.triage.AnalysisKeys;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.PurlPattern;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.AnalysisScopeKind;
import io.vigil.events.v1.AnalysisSource;
import io.vigil.events.v1.AnalysisState;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.PolicyDocument;
import io.vigil.events.v1.ProjectContext;
import io.vigil.events.v1.ProjectExposure;
import io.vigil.events.v1.VexJustification;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triage in the stream, on the whole topology in TopologyTestDriver: every transition of issue 15
 * (suppress, lift by deletion, by a new advisory version, by expiry; portfolio decision for a
 * project that appears later; a GHSA decision on the CVE-keyed record; policies before the first
 * event and re-evaluated when they change), and what is refused.
 */
class TriageTopologyTest {
  private static final Instant T0 = CorrelatorDriver.T0;
  private static final String GHSA = "GHSA-jfh8-c2jp-5v3q";
  private static final String CVE = "CVE-2021-44228";
  private static final String VULNERABLE = LOG4J_PURL + "2.14.1";
  @TempDir Path stateDir;
  private CorrelatorDriver pipeline;

  @BeforeEach
  void start() {
    pipeline = new CorrelatorDriver(stateDir, CorrelatorConfig.defaults(), Correlation.Probe.NONE);
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void shouldSuppressAnOpenExposureKeepItsChangesQuietAndAlertAgainWhenTheDecisionIsDeleted() {
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    Analysis decision =
        notAffected(
            AnalysisScope.component("shop", null, PurlPattern.parse(VULNERABLE)), GHSA, null);

    pipeline.analyses.pipeInput(decision.getKey(), decision);
    pipeline.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED)); // quiet: suppressed
    pipeline.analyses.pipeInput(decision.getKey(), null);

    List<ExposureEvent> out = pipeline.exposures.readValuesToList();
    assertThat(out)
        .extracting(CorrelatorDriver::describe)
        .containsExactly(
            "shop " + VULNERABLE + " " + GHSA + " NEW NEW_ADVISORY",
            "shop " + VULNERABLE + " " + GHSA + " SUPPRESSED ANALYSIS_CHANGED",
            "shop " + VULNERABLE + " " + GHSA + " UNSUPPRESSED ANALYSIS_CHANGED");
    ExposureEvent suppressed = out.get(1);
    assertThat(suppressed.getAnalysis().getKey()).isEqualTo(decision.getKey());
    assertThat(suppressed.getAnalysis().getState()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(suppressed.getAnalysis().getAuthor()).isEqualTo("alice");
    assertThat(suppressed.getPreviousAnalysis()).isNull();
    ExposureEvent lifted = out.get(2);
    assertThat(lifted.getAnalysis()).isNull();
    assertThat(lifted.getPreviousAnalysis().getKey()).isEqualTo(decision.getKey());
    // the KEV change made while suppressed is on the exposure when it alerts again
    assertThat(lifted.getKev()).isNotNull();
    assertThat(lifted.getExposureId()).isEqualTo(out.get(0).getExposureId());
  }

  @Test
  void shouldShowEachOpenExposuresCurrentDecisionInTheQueryApiJson() {
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    Analysis decision =
        notAffected(AnalysisScope.project("shop", null), CVE, T0.plus(Duration.ofDays(30)));
    pipeline.analyses.pipeInput(decision.getKey(), decision);

    KeyValueStore<String, ExposureEvent> store = pipeline.store(CorrelatorTopology.EXPOSURES_STORE);
    ExposureEvent stored = store.get(StoreKeys.exposure("shop", VULNERABLE, GHSA));
    JsonNode json = ExposureJson.node(stored);

    assertThat(json.path("type").asText()).isEqualTo("SUPPRESSED");
    assertThat(json.path("suppressed").asBoolean()).isTrue();
    JsonNode analysis = json.path("analysis");
    assertThat(analysis.path("key").asText()).isEqualTo("project|CVE-2021-44228|shop|");
    assertThat(analysis.path("scope").asText()).isEqualTo("PROJECT");
    assertThat(analysis.path("state").asText()).isEqualTo("not_affected");
    assertThat(analysis.path("justification").asText())
        .isEqualTo("vulnerable_code_not_in_execute_path");
    assertThat(analysis.path("author").asText()).isEqualTo("alice");
    assertThat(analysis.path("source").asText()).isEqualTo("MANUAL");
    assertThat(analysis.path("validUntil").asText()).isEqualTo("2022-01-09T10:00:00Z");
  }

  @Test
  void shouldLiftASuppressionWhenANewAdvisoryVersionChangesTheAffectedRange() {
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    Analysis decision =
        notAffected(
            AnalysisScope.component("shop", null, PurlPattern.parse(VULNERABLE)), GHSA, null);
    pipeline.analyses.pipeInput(decision.getKey(), decision);

    pipeline.publish(Fixtures.log4shell(T0.plusSeconds(60), "2.0", "2.16.0"));
    // the same range again in a later version: nothing more
    pipeline.publish(Fixtures.log4shell(T0.plusSeconds(120), "2.0", "2.16.0"));

    List<ExposureEvent> out = pipeline.exposures.readValuesToList();
    assertThat(out)
        .extracting(e -> e.getType() + " " + e.getCause())
        .containsExactly(
            "NEW NEW_ADVISORY", "SUPPRESSED ANALYSIS_CHANGED", "UNSUPPRESSED ADVISORY_UPDATED");
    assertThat(out.get(2).getInvalidatedAnalyses())
        .containsExactly(decision.getKey() + "@" + T0.toEpochMilli());
    assertThat(out.get(2).getFixedVersions()).containsExactly("2.16.0");
  }

  @Test
  void shouldAlertAgainWhenADecisionReachesItsValidUntil() {
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    Analysis decision =
        notAffected(AnalysisScope.project("shop", null), CVE, T0.plus(Duration.ofHours(1)));
    pipeline.analyses.pipeInput(decision.getKey(), decision);

    pipeline.driver.advanceWallClockTime(Duration.ofMinutes(59));
    assertThat(pipeline.events()).hasSize(2); // NEW, SUPPRESSED
    pipeline.driver.advanceWallClockTime(Duration.ofMinutes(2));

    List<ExposureEvent> out = pipeline.exposures.readValuesToList();
    assertThat(out)
        .extracting(e -> e.getType() + " " + e.getCause())
        .containsExactly("UNSUPPRESSED ANALYSIS_EXPIRED");
    assertThat(out.get(0).getPreviousAnalysis().getValidUntil())
        .isEqualTo(T0.plus(Duration.ofHours(1)));
  }

  @Test
  void shouldIndexOnlyTheExposuresWhoseDecisionExpiresAndDropAnEntryOnceDue() {
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.sbom("bank", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    Analysis expiring =
        notAffected(AnalysisScope.project("shop", null), CVE, T0.plus(Duration.ofHours(1)));
    Analysis lasting = notAffected(AnalysisScope.project("bank", null), CVE, null);
    pipeline.analyses.pipeInput(expiring.getKey(), expiring);
    pipeline.analyses.pipeInput(lasting.getKey(), lasting);
    pipeline.driver.advanceWallClockTime(Duration.ofMinutes(1));
    assertThat(pipeline.events()).hasSize(4); // NEW and SUPPRESSED, twice
    KeyValueStore<String, String> index =
        pipeline.driver.getKeyValueStore(CorrelatorTopology.EXPOSURE_EXPIRY_STORE);

    assertThat(keys(index))
        .containsExactly(
            ExpiryIndex.key(
                T0.plus(Duration.ofHours(1)), StoreKeys.exposure("shop", VULNERABLE, GHSA)),
            ExpiryIndex.BUILT);

    pipeline.driver.advanceWallClockTime(Duration.ofMinutes(61));
    assertThat(pipeline.events())
        .containsExactly("shop " + VULNERABLE + " " + GHSA + " UNSUPPRESSED ANALYSIS_EXPIRED");
    assertThat(keys(index)).containsExactly(ExpiryIndex.BUILT);
  }

  private static List<String> keys(KeyValueStore<String, String> store) {
    List<String> out = new java.util.ArrayList<>();
    try (var it = store.all()) {
      it.forEachRemaining(kv -> out.add(kv.key));
    }
    return out;
  }

  @Test
  void shouldApplyAPortfolioDecisionToAProjectThatAppearsLaterWithoutEverAlertingIt() {
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    Analysis decision =
        notAffected(
            AnalysisScope.portfolio(
                PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core")),
            CVE,
            null);
    pipeline.analyses.pipeInput(decision.getKey(), decision);

    pipeline.sbom("later", VULNERABLE, ComponentChange.ADDED);
    pipeline.sbom("later", VULNERABLE, ComponentChange.REMOVED);

    List<ExposureEvent> out = pipeline.exposures.readValuesToList();
    assertThat(out)
        .extracting(e -> e.getProject() + " " + e.getType() + " " + e.getCause())
        .containsExactly("later SUPPRESSED NEW_COMPONENT", "later RESOLVED COMPONENT_REMOVED");
    assertThat(out.get(0).getAnalysis().getScope().getKind())
        .isEqualTo(AnalysisScopeKind.PORTFOLIO);
  }

  @Test
  void shouldApplyAGhsaDecisionToTheCveKeyedAdvisoryOfTheSameVulnerability() {
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    // NVD-style record keyed by the CVE, naming no alias: grouped through the GHSA's aliases
    pipeline.publish(Fixtures.advisory(CVE, List.of(), T0).range(LOG4J, "2.0", "2.15.0").build());
    pipeline.exposures.readValuesToList();

    Analysis decision =
        notAffected(
            AnalysisScope.component("shop", null, PurlPattern.parse(VULNERABLE)), GHSA, null);
    pipeline.analyses.pipeInput(decision.getKey(), decision);

    assertThat(pipeline.events())
        .containsExactlyInAnyOrder(
            "shop " + VULNERABLE + " " + GHSA + " SUPPRESSED ANALYSIS_CHANGED",
            "shop " + VULNERABLE + " " + CVE + " SUPPRESSED ANALYSIS_CHANGED");
  }

  @Test
  void shouldSuppressByPolicyBeforeTheFirstEventAndReEvaluateWhenThePolicyChanges() {
    pipeline.policies.pipeInput("security", policy("security", "project.name == \"shop\""));
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.sbom("bank", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));

    List<ExposureEvent> first = pipeline.exposures.readValuesToList();
    assertThat(first)
        .extracting(e -> e.getProject() + " " + e.getType())
        .containsExactlyInAnyOrder("shop SUPPRESSED", "bank NEW");
    ExposureEvent byPolicy =
        first.stream().filter(e -> e.getProject().equals("shop")).findFirst().orElseThrow();
    assertThat(byPolicy.getAnalysis().getSource()).isEqualTo(AnalysisSource.POLICY);
    assertThat(byPolicy.getAnalysis().getSourceRef()).isEqualTo("security/internal-only");
    assertThat(byPolicy.getAnalysis().getAuthor()).isEqualTo("policy:security/internal-only");

    // the rule now names the other project: both exposures change
    pipeline.policies.pipeInput("security", policy("security", "project.name == \"bank\""));
    assertThat(pipeline.exposures.readValuesToList())
        .extracting(e -> e.getProject() + " " + e.getType() + " " + e.getCause())
        .containsExactlyInAnyOrder(
            "shop UNSUPPRESSED POLICY_CHANGED", "bank SUPPRESSED POLICY_CHANGED");

    // a person's decision outranks the policy's; deleting the document leaves it in force
    Analysis manual = notAffected(AnalysisScope.project("bank", null), CVE, null);
    pipeline.analyses.pipeInput(manual.getKey(), manual);
    pipeline.policies.pipeInput("security", null);
    assertThat(pipeline.events()).isEmpty(); // bank: suppressed → suppressed, quiet
  }

  @Test
  void shouldLetAPolicyRuleReadTheProjectsTagsTeamAndCriticality() {
    pipeline.policies.pipeInput(
        "security",
        policy(
            "security",
            "\"pci\" in project.tags && project.criticality == \"SUPPORT\""
                + " && project.team == \"payments\" && project.exposure == \"INTERNAL\""));
    pipeline.components.pipeInput(
        "shop", withContext("shop", List.of("pci", "eu"), Criticality.SUPPORT));
    pipeline.components.pipeInput(
        "bank", withContext("bank", List.of("pci"), Criticality.MISSION_ESSENTIAL));
    pipeline.sbom("blog", VULNERABLE, ComponentChange.ADDED); // no context: empty tags
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));

    assertThat(pipeline.exposures.readValuesToList())
        .extracting(e -> e.getProject() + " " + e.getType())
        .containsExactlyInAnyOrder("shop SUPPRESSED", "bank NEW", "blog NEW");

    // bank's context changes (the registry, or its next SBOM): the rule now holds for it, and no
    // longer for shop
    pipeline.components.pipeInput("bank", withContext("bank", List.of("pci"), Criticality.SUPPORT));
    pipeline.components.pipeInput("shop", withContext("shop", List.of("eu"), Criticality.SUPPORT));
    assertThat(pipeline.exposures.readValuesToList())
        .extracting(e -> e.getProject() + " " + e.getType() + " " + e.getCause())
        .containsExactly("bank SUPPRESSED CONTEXT_UPDATED", "shop UNSUPPRESSED CONTEXT_UPDATED");
  }

  private static ComponentEvent withContext(
      String project, List<String> tags, Criticality criticality) {
    return ComponentEvent.newBuilder(
            Fixtures.component(project, VULNERABLE, ComponentChange.ADDED, "s-" + project))
        .setProjectContext(
            ProjectContext.newBuilder()
                .setTeam("payments")
                .setTags(tags)
                .setCriticality(criticality)
                .setExposure(ProjectExposure.INTERNAL)
                .build())
        .build();
  }

  @Test
  void shouldRefuseAPolicyThatDoesNotCompileWithTheErrorPositionAndKeepThePreviousOne() {
    pipeline.policies.pipeInput("security", policy("security", "project.name == \"shop\""));
    pipeline.policies.pipeInput("security", policy("security", "project.nmae == \"shop\""));
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));

    assertThat(pipeline.events())
        .containsExactly("shop " + VULNERABLE + " " + GHSA + " SUPPRESSED NEW_ADVISORY");
    var dead = pipeline.deadLetters.readValuesToList();
    assertThat(dead).hasSize(1);
    assertThat(dead.get(0).getReason())
        .contains("policy document 'security' rejected")
        .contains("policy document security:")
        .contains("nmae");
  }

  @Test
  void shouldRefuseADecisionPublishedUnderAnotherKey() {
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    Analysis decision = notAffected(AnalysisScope.project("shop", null), CVE, null);

    pipeline.analyses.pipeInput("project|CVE-2021-44228|bank|", decision);

    assertThat(pipeline.events())
        .containsExactly("shop " + VULNERABLE + " " + GHSA + " NEW NEW_ADVISORY");
    assertThat(pipeline.deadLetters.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).contains("is not its decision's key"));
  }

  static Analysis notAffected(AnalysisScope scope, String vulnerability, Instant validUntil) {
    return Analysis.newBuilder()
        .setKey(AnalysisKeys.encode(scope, vulnerability))
        .setScope(
            io.vigil.events.v1.AnalysisScope.newBuilder()
                .setKind(AnalysisScopeKind.valueOf(scope.kind().name()))
                .setProject(scope.project())
                .setProjectVersion(scope.projectVersion())
                .setComponent(scope.component() == null ? null : scope.component().asString())
                .build())
        .setVulnerabilityId(vulnerability)
        .setState(AnalysisState.NOT_AFFECTED)
        .setJustification(VexJustification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH)
        .setAuthor("alice")
        .setSource(AnalysisSource.MANUAL)
        .setDecidedAt(T0)
        .setValidUntil(validUntil)
        .build();
  }

  static PolicyDocument policy(String name, String condition) {
    String yaml =
        "rules:\n"
            + "  - name: internal-only\n"
            + "    condition: '"
            + condition
            + "'\n"
            + "    analysis:\n"
            + "      state: not_affected\n"
            + "      justification: vulnerable_code_not_in_execute_path\n";
    return PolicyDocument.newBuilder()
        .setName(name)
        .setRules(yaml)
        .setAuthor("security-team")
        .setUpdatedAt(T0)
        .build();
  }
}
