package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.PurlPattern;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.ProjectContext;
import io.vigil.events.v1.ProjectExposure;
import io.vigil.events.v1.SsvcExploitation;
import io.vigil.events.v1.SsvcMissionWellbeing;
import io.vigil.events.v1.SsvcOutcome;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSVC decision on exposure events, on the whole topology: from the alias group's KEV, EPSS and
 * CVSS vectors and the project context on the component events; an UPDATED when any input moves the
 * decision (and only then).
 */
class SsvcCorrelationTest {
  private static final Instant T0 = CorrelatorDriver.T0;
  private static final String CVE = "CVE-2021-44228";
  private static final String LOG4J_2_14 = LOG4J_PURL + "2.14.1";

  @TempDir Path stateDir;
  private CorrelatorDriver pipeline;

  private CorrelatorDriver start(CorrelatorConfig config) {
    pipeline = new CorrelatorDriver(stateDir, config, Correlation.Probe.NONE);
    return pipeline;
  }

  @AfterEach
  void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  private static ComponentEvent component(
      String project, ComponentChange change, String submission, ProjectContext context) {
    ComponentEvent c = Fixtures.component(project, LOG4J_2_14, change, submission);
    return ComponentEvent.newBuilder(c).setProjectContext(context).build();
  }

  private static ProjectContext context(String team, Criticality criticality, ProjectExposure e) {
    return ProjectContext.newBuilder()
        .setTeam(team)
        .setCriticality(criticality)
        .setExposure(e)
        .build();
  }

  @Test
  void shouldTurnAnAttendIntoAnActWhenTheCveIsAddedToKev() {
    CorrelatorDriver p = start(CorrelatorConfig.defaults());
    p.components.pipeInput(
        "payments",
        component(
            "payments",
            ComponentChange.ADDED,
            "s1",
            context("core", Criticality.MISSION_ESSENTIAL, ProjectExposure.INTERNAL)));
    p.publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    ExposureEvent opened = p.exposures.readValue();
    assertThat(opened.getSsvc().getOutcome()).isEqualTo(SsvcOutcome.ATTEND);
    assertThat(opened.getSsvc().getExploitation()).isEqualTo(SsvcExploitation.NONE);
    assertThat(opened.getSsvc().getMissionWellbeing()).isEqualTo(SsvcMissionWellbeing.HIGH);
    assertThat(opened.getSsvc().getAutomatableBasis()).contains("AV:N");
    assertThat(opened.getSsvc().getAssumed()).isEmpty();
    assertThat(opened.getProjectContext().getTeam()).isEqualTo("core");
    assertThat(opened.getMalicious()).isFalse();

    p.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));

    assertThat(p.exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.UPDATED);
              assertThat(e.getSsvc().getOutcome()).isEqualTo(SsvcOutcome.ACT);
              assertThat(e.getSsvc().getExploitation()).isEqualTo(SsvcExploitation.ACTIVE);
              assertThat(e.getSsvc().getExploitationBasis()).isEqualTo("in CISA KEV");
              assertThat(e.getPrevious().getSsvcOutcome()).isEqualTo(SsvcOutcome.ATTEND);
            });
  }

  @Test
  void shouldEmitAnEpssMoveOnlyWhenItCrossesTheThresholdOrTheMaterialDelta() {
    CorrelatorDriver p =
        start(CorrelatorConfig.defaults().withSsvc(new SsvcConfig(0.3, null, null)));
    p.sbom("shop", LOG4J_2_14, ComponentChange.ADDED);
    p.publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    p.epss.pipeInput(CVE, Fixtures.epss(CVE, 0.25));
    assertThat(p.exposures.readValuesToList())
        .as("NEW, then the first EPSS score (a move of 0.25)")
        .extracting(e -> e.getSsvc().getExploitation())
        .containsExactly(SsvcExploitation.NONE, SsvcExploitation.NONE);

    p.epss.pipeInput(CVE, Fixtures.epss(CVE, 0.32)); // +0.07: below the delta, crosses 0.3

    assertThat(p.exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCause()).isEqualTo(ExposureCause.ENRICHMENT_UPDATED);
              assertThat(e.getSsvc().getExploitation()).isEqualTo(SsvcExploitation.POC);
              assertThat(e.getSsvc().getExploitationBasis()).isEqualTo("EPSS 0.32 >= 0.3");
            });

    p.epss.pipeInput(CVE, Fixtures.epss(CVE, 0.38)); // +0.06, no threshold crossed
    assertThat(p.exposures.isEmpty()).as("not material").isTrue();
  }

  @Test
  void shouldReDecideTheOpenExposuresWhenTheProjectContextChanges() {
    CorrelatorDriver p = start(CorrelatorConfig.defaults());
    ProjectContext support = context("web", Criticality.SUPPORT, ProjectExposure.INTERNET_FACING);
    p.components.pipeInput("shop", component("shop", ComponentChange.ADDED, "s1", support));
    p.publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    p.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));
    List<ExposureEvent> before = p.exposures.readValuesToList();
    assertThat(before).last().extracting(e -> e.getSsvc().getOutcome()).isEqualTo(SsvcOutcome.ACT);

    // only the team changes: the decision does not, nothing is emitted, the state follows
    ProjectContext moved =
        context("shop-team", Criticality.SUPPORT, ProjectExposure.INTERNET_FACING);
    p.components.pipeInput("shop", component("shop", ComponentChange.UPDATED, "s1#2", moved));
    assertThat(p.exposures.isEmpty()).isTrue();
    ExposureEvent stored =
        p.<ExposureEvent>store(CorrelatorTopology.EXPOSURES_STORE).all().next().value;
    assertThat(stored.getProjectContext().getTeam()).isEqualTo("shop-team");

    // the project turns out to be internal and minimal: Act becomes Attend
    ProjectContext minimal = context("shop-team", Criticality.MINIMAL, ProjectExposure.INTERNAL);
    p.components.pipeInput("shop", component("shop", ComponentChange.UPDATED, "s1#3", minimal));

    assertThat(p.exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.UPDATED);
              assertThat(e.getCause()).isEqualTo(ExposureCause.CONTEXT_UPDATED);
              assertThat(e.getExposureId()).isEqualTo(before.get(0).getExposureId());
              assertThat(e.getSsvc().getOutcome()).isEqualTo(SsvcOutcome.ATTEND);
              assertThat(e.getSsvc().getMissionWellbeing()).isEqualTo(SsvcMissionWellbeing.LOW);
              assertThat(e.getPrevious().getSsvcOutcome()).isEqualTo(SsvcOutcome.ACT);
              assertThat(e.getKev()).as("the rest of the exposure as it was").isNotNull();
            });

    p.components.pipeInput("shop", component("shop", ComponentChange.UPDATED, "s1#3", minimal));
    assertThat(p.exposures.isEmpty()).as("the same context again").isTrue();
  }

  @Test
  void shouldKeepASuppressedExposuresDecisionCurrentWithoutTellingAContextChange() {
    CorrelatorDriver p = start(CorrelatorConfig.defaults());
    ProjectContext support = context("web", Criticality.SUPPORT, ProjectExposure.INTERNET_FACING);
    p.components.pipeInput("shop", component("shop", ComponentChange.ADDED, "s1", support));
    p.publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    p.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));
    Analysis decision =
        TriageTopologyTest.notAffected(
            AnalysisScope.component("shop", null, PurlPattern.parse(LOG4J_2_14)),
            "GHSA-jfh8-c2jp-5v3q",
            null);
    p.analyses.pipeInput(decision.getKey(), decision);
    assertThat(p.exposures.readValuesToList())
        .last()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.SUPPRESSED);
              assertThat(e.getSsvc().getOutcome()).as("still decided").isEqualTo(SsvcOutcome.ACT);
            });

    ProjectContext minimal = context("web", Criticality.MINIMAL, ProjectExposure.INTERNAL);
    p.components.pipeInput("shop", component("shop", ComponentChange.UPDATED, "s1#2", minimal));
    assertThat(p.exposures.isEmpty()).as("a suppressed exposure's change is not told").isTrue();

    p.analyses.pipeInput(decision.getKey(), null);
    assertThat(p.exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.UNSUPPRESSED);
              assertThat(e.getSsvc().getOutcome())
                  .as("the decision made while suppressed")
                  .isEqualTo(SsvcOutcome.ATTEND);
              assertThat(e.getProjectContext().getCriticality()).isEqualTo(Criticality.MINIMAL);
            });
  }

  @Test
  void shouldDecideActiveForAMaliciousPackageAndSayWhichDefaultsItTook() {
    CorrelatorDriver p = start(CorrelatorConfig.defaults());
    p.sbom("shop", LOG4J_2_14, ComponentChange.ADDED);
    Advisory mal =
        Fixtures.advisory("MAL-2025-1234", List.of(), T0)
            .range(Fixtures.LOG4J, "2.14.1", "2.14.2")
            .build();

    p.publish(mal);

    assertThat(p.exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMalicious()).isTrue();
              assertThat(e.getSsvc().getExploitation()).isEqualTo(SsvcExploitation.ACTIVE);
              assertThat(e.getSsvc().getExploitationBasis()).isEqualTo("malicious package");
              // no project context: support and internet-facing by default, and said so
              assertThat(e.getSsvc().getAssumed()).containsExactly("criticality", "exposure");
              assertThat(e.getSsvc().getOutcome()).isEqualTo(SsvcOutcome.ACT);
            });
  }

  @Test
  void shouldTreatAnAdvisoryFlaggedMaliciousByIngestAsMaliciousWhateverItsId() {
    // given a malicious-packages record re-published under another id: ingest-advisories flagged
    // it from its database_specific (Advisory.malicious), no id of its group starts with MAL-
    CorrelatorDriver p = start(CorrelatorConfig.defaults());
    p.sbom("shop", LOG4J_2_14, ComponentChange.ADDED);
    Advisory mirrored =
        Advisory.newBuilder(
                Fixtures.advisory("MIRROR-2025-7", List.of(), T0)
                    .range(Fixtures.LOG4J, "2.14.1", "2.14.2")
                    .build())
            .setMalicious(true)
            .build();

    p.publish(mirrored);

    assertThat(p.exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getMalicious()).isTrue();
              assertThat(e.getSsvc().getExploitationBasis()).isEqualTo("malicious package");
              assertThat(e.getSsvc().getOutcome()).isEqualTo(SsvcOutcome.ACT);
            });
  }
}
