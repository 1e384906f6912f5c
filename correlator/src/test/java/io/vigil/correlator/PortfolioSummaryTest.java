package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisState;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.SsvcAutomatable;
import io.vigil.events.v1.SsvcDecision;
import io.vigil.events.v1.SsvcExploitation;
import io.vigil.events.v1.SsvcMissionWellbeing;
import io.vigil.events.v1.SsvcOutcome;
import io.vigil.events.v1.SsvcTechnicalImpact;
import io.vigil.platform.triage.AnalysisAvro;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PortfolioSummaryTest {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");

  @Test
  void shouldCountAProjectExposedInSeveralPartitionsOnceUnderItsWorstSeverity() {
    // partition 0: shop ships log4j-core (critical); partition 1: shop and blog ship jackson (high)
    PortfolioSummary first = new PortfolioSummary();
    first.add(
        exposure(
            "shop",
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "A-1",
            "CRITICAL",
            true));
    PortfolioSummary second = new PortfolioSummary();
    second.add(
        exposure(
            "shop",
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.0",
            "A-2",
            "HIGH",
            false));
    second.add(
        exposure(
            "blog",
            "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.1",
            "A-2",
            "HIGH",
            false));

    PortfolioSummary merged = new PortfolioSummary();
    merged.merge(first.partial());
    merged.merge(second.partial());
    JsonNode answer = merged.answer(10);

    assertThat(answer.path("exposures").asLong()).isEqualTo(3);
    assertThat(answer.path("projects").asLong()).isEqualTo(2);
    assertThat(answer.path("kev").path("projects").asLong()).isEqualTo(1);
    assertThat(answer.path("bySeverity").get(0).path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(answer.path("bySeverity").get(0).path("projects").asLong()).isEqualTo(1);
    assertThat(answer.path("bySeverity").get(1).path("exposures").asLong()).isEqualTo(2);
    assertThat(answer.path("bySeverity").get(1).path("projects").asLong())
        .as("shop counts under CRITICAL only")
        .isEqualTo(1);
    JsonNode jackson = answer.path("topPackages").get(0);
    assertThat(jackson.path("purl").asText())
        .isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind");
    assertThat(jackson.path("projects").asLong()).isEqualTo(2);
    assertThat(answer.path("topProjects").get(0).path("project").asText()).isEqualTo("shop");
    assertThat(answer.path("topProjects").get(0).path("worstSeverity").asText())
        .isEqualTo("CRITICAL");
  }

  @Test
  void shouldCountASuppressedExposureApartAndNotAsOpen() {
    String log4j = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
    ExposureEvent shop = exposure("shop", log4j, "A-1", "CRITICAL", true);
    PortfolioSummary first = new PortfolioSummary();
    first.add(withDecision(shop, AnalysisState.NOT_AFFECTED));
    first.add(
        withDecision(exposure("blog", log4j, "A-1", "CRITICAL", true), AnalysisState.IN_TRIAGE));
    PortfolioSummary second = new PortfolioSummary();
    second.add(
        withDecision(
            exposure("wiki", log4j, "A-1", "CRITICAL", true), AnalysisState.FALSE_POSITIVE));

    PortfolioSummary merged = new PortfolioSummary();
    merged.merge(first.partial());
    merged.merge(second.partial());
    JsonNode answer = merged.answer(10);

    assertThat(answer.path("exposures").asLong()).as("blog's, in triage, only").isEqualTo(1);
    assertThat(answer.path("suppressed").asLong()).isEqualTo(2);
    assertThat(answer.path("projects").asLong()).isEqualTo(1);
    assertThat(answer.path("kev").path("exposures").asLong()).isEqualTo(1);
    assertThat(answer.path("bySeverity").get(0).path("exposures").asLong()).isEqualTo(1);
    assertThat(answer.path("topProjects"))
        .extracting(p -> p.path("project").asText())
        .containsExactly("blog");
    assertThat(answer.path("topAdvisories").get(0).path("projects").asLong()).isEqualTo(1);

    // the decision lifted (UNSUPPRESSED: stored without it): shop counts as open again
    PortfolioSummary lifted = new PortfolioSummary();
    lifted.add(shop);
    assertThat(lifted.answer(10).path("exposures").asLong()).isEqualTo(1);
    assertThat(lifted.answer(10).path("suppressed").asLong()).isZero();
  }

  private static ExposureEvent withDecision(ExposureEvent e, AnalysisState state) {
    Analysis decision =
        Analysis.builder(AnalysisScope.project(e.getProject(), null), "CVE-2021-44228", state)
            .author("oncall")
            .decidedAt(T0)
            .build();
    return ExposureEvent.newBuilder(e).setAnalysis(AnalysisAvro.onExposure(decision)).build();
  }

  @Test
  void shouldCountExposuresBySsvcOutcomeAndProjectsUnderTheirMostUrgent() {
    String log4j = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
    String jackson = "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.0";
    PortfolioSummary first = new PortfolioSummary();
    first.add(withSsvc(exposure("shop", log4j, "A-1", "CRITICAL", true), SsvcOutcome.ACT));
    first.add(exposure("wiki", log4j, "A-1", "CRITICAL", true)); // no decision
    PortfolioSummary second = new PortfolioSummary();
    second.add(withSsvc(exposure("shop", jackson, "A-2", "HIGH", false), SsvcOutcome.TRACK));
    second.add(withSsvc(exposure("blog", jackson, "A-2", "HIGH", false), SsvcOutcome.TRACK));

    PortfolioSummary merged = new PortfolioSummary();
    merged.merge(first.partial());
    merged.merge(second.partial());
    JsonNode bySsvc = merged.answer(10).path("bySsvc");

    assertThat(bySsvc).hasSize(5);
    assertThat(bySsvc.get(0).path("outcome").asText()).isEqualTo("ACT");
    assertThat(bySsvc.get(0).path("exposures").asLong()).isEqualTo(1);
    assertThat(bySsvc.get(0).path("projects").asLong()).isEqualTo(1);
    assertThat(bySsvc.get(3).path("outcome").asText()).isEqualTo("TRACK");
    assertThat(bySsvc.get(3).path("exposures").asLong()).isEqualTo(2);
    assertThat(bySsvc.get(3).path("projects").asLong())
        .as("shop counts under ACT only")
        .isEqualTo(1);
    assertThat(bySsvc.get(4).path("outcome").asText()).isEqualTo("NONE");
    assertThat(bySsvc.get(4).path("projects").asLong()).isEqualTo(1);
  }

  private static ExposureEvent withSsvc(ExposureEvent e, SsvcOutcome outcome) {
    return ExposureEvent.newBuilder(e)
        .setSsvc(
            SsvcDecision.newBuilder()
                .setOutcome(outcome)
                .setExploitation(SsvcExploitation.NONE)
                .setAutomatable(SsvcAutomatable.NO)
                .setTechnicalImpact(SsvcTechnicalImpact.PARTIAL)
                .setMissionWellbeing(SsvcMissionWellbeing.LOW)
                .build())
        .build();
  }

  @Test
  void shouldReadThePackageOfAPurlWithoutVersionQualifiersOrSubpath() {
    assertThat(PortfolioSummary.packageWithoutVersion("pkg:npm/%40scope/name@1.2.3?x=y#sub"))
        .isEqualTo("pkg:npm/%40scope/name");
    assertThat(PortfolioSummary.packageWithoutVersion("pkg:golang/example.com/a/b"))
        .isEqualTo("pkg:golang/example.com/a/b");
    assertThat(PortfolioSummary.rank("moderate")).isEqualTo(2);
    assertThat(PortfolioSummary.rank(null)).isEqualTo(4);
  }

  private static ExposureEvent exposure(
      String project, String purl, String advisory, String severity, boolean kev) {
    var c = Fixtures.component(project, purl, ComponentChange.ADDED, "s-" + project);
    var b =
        ExposureEvent.newBuilder()
            .setEventId("e-" + project + advisory)
            .setExposureId("x-" + project + advisory)
            .setType(io.vigil.events.v1.ExposureType.NEW)
            .setCause(io.vigil.events.v1.ExposureCause.NEW_ADVISORY)
            .setProjectId(project)
            .setProject(project)
            .setComponent(c.getComponent())
            .setAdvisory(
                io.vigil.events.v1.ExposureAdvisory.newBuilder()
                    .setId(advisory)
                    .setAliases(java.util.List.of())
                    .setVulnerabilityId(advisory)
                    .setSeverity(severity)
                    .build())
            .setFixedVersions(java.util.List.of())
            .setIndeterminate(false)
            .setInitialInventory(false)
            .setTriggeredAt(T0)
            .setEmittedAt(T0);
    if (kev) {
      b.setKev(
          io.vigil.events.v1.KevStatus.newBuilder()
              .setCveId("CVE-2021-44228")
              .setDateAdded(java.time.LocalDate.of(2021, 12, 10))
              .build());
    }
    return b.build();
  }
}
