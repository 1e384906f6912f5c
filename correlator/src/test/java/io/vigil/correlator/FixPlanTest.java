package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.JACKSON;
import static io.vigil.correlator.Fixtures.JACKSON_PURL;
import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.fixplan.Outcome;
import io.vigil.core.fixplan.Ssvc;
import io.vigil.core.fixplan.Tally;
import io.vigil.correlator.fixplan.FixPlan;
import io.vigil.correlator.fixplan.FixPlan.Action;
import io.vigil.correlator.fixplan.FixPlanJson;
import io.vigil.correlator.fixplan.FixPlanMarkdown;
import io.vigil.correlator.fixplan.FixPlanner;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.FixChange;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.Reach;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A project's fix plan from its open exposures as the query API serves them ({@code ExposureJson}):
 * one upgrade per component, most risk closed first, what no version fixes apart.
 */
class FixPlanTest {
  private static final Instant T0 = Instant.parse("2021-12-20T00:00:00Z");
  private static final String STARTER = "org.springframework.boot/spring-boot-starter-log4j2@2.5.0";
  private static final ComponentPaths VIA_STARTER =
      ComponentPaths.newBuilder()
          .setReach(Reach.TRANSITIVE)
          .setDepth(2)
          .setVia(List.of(STARTER))
          .setViaCount(1)
          .setPaths(List.of(List.of(STARTER)))
          .setPathCount(1)
          .build();
  private static final ComponentPaths DIRECT =
      ComponentPaths.newBuilder()
          .setReach(Reach.DIRECT)
          .setDepth(1)
          .setPaths(List.of(List.of()))
          .setPathCount(1)
          .build();

  private final List<JsonNode> open = new ArrayList<>();

  private void exposure(
      String purl,
      ComponentPaths paths,
      String advisory,
      String cve,
      double score,
      String rating,
      boolean kev,
      Fix fix,
      Fix componentFix) {
    ComponentEvent c =
        ComponentEvent.newBuilder(Fixtures.component("shop", purl, ComponentChange.ADDED, "sub-1"))
            .setPaths(paths)
            .build();
    String name =
        purl.startsWith(LOG4J_PURL) ? LOG4J : purl.startsWith(JACKSON_PURL) ? JACKSON : "x:y";
    Advisory a =
        Fixtures.advisory(advisory, List.of(cve), T0)
            .severity(score, rating)
            .range(name, "0", fix == null ? null : fix.getSmallest())
            .build();
    KevStatus inKev = kev ? new KevStatus(cve, LocalDate.parse("2021-12-10"), null, "Known") : null;
    ExposureEvent e =
        Exposures.build(
            c,
            a,
            AdvisoryGroups.of(List.of(a)).group(a.getId()),
            new Exposures.Enrichment(inKev, null, null),
            new Matching.Finding(true, false, fix == null ? List.of() : List.of(fix.getSmallest())),
            fix,
            componentFix,
            ExposureType.NEW,
            ExposureCause.NEW_COMPONENT,
            null,
            null,
            T0,
            T0,
            advisory);
    open.add(ExposureJson.node(e));
  }

  private static Fix fix(String version, FixChange change) {
    return new Fix(
        version, change == FixChange.MAJOR ? null : version, change, change == FixChange.MAJOR);
  }

  /** log4j-core 2.14.1 through a starter (3 vulnerabilities, one in KEV), jackson direct, lib. */
  private void shop() {
    Fix log4jAll = fix("2.17.1", FixChange.MINOR);
    // emitted before CVE-2021-44832 was known: its component fix was 2.16.0 then
    exposure(
        LOG4J_PURL + "2.14.1",
        VIA_STARTER,
        "GHSA-jfh8-c2jp-5v3q",
        "CVE-2021-44228",
        10.0,
        "CRITICAL",
        true,
        fix("2.15.0", FixChange.MINOR),
        fix("2.16.0", FixChange.MINOR));
    exposure(
        LOG4J_PURL + "2.14.1",
        VIA_STARTER,
        "GHSA-7rjr-3q55-vv33",
        "CVE-2021-45046",
        9.0,
        "CRITICAL",
        false,
        fix("2.16.0", FixChange.MINOR),
        fix("2.16.0", FixChange.MINOR));
    exposure(
        LOG4J_PURL + "2.14.1",
        VIA_STARTER,
        "GHSA-8489-44mv-ggj8",
        "CVE-2021-44832",
        6.6,
        "MEDIUM",
        false,
        log4jAll,
        log4jAll);
    for (int i = 0; i < 3; i++) {
      exposure(
          JACKSON_PURL + "2.9.8",
          DIRECT,
          "GHSA-jack-000" + i,
          "CVE-2020-000" + i,
          8.1,
          "HIGH",
          false,
          fix("2.9.10", FixChange.PATCH),
          fix("2.9.10", FixChange.PATCH));
    }
    exposure(
        "pkg:maven/x/y@1.0",
        DIRECT,
        "GHSA-none-0001",
        "CVE-2022-0001",
        7.5,
        "HIGH",
        false,
        null,
        null);
  }

  @Test
  void shouldOrderTheUpgradesByTheRiskTheyCloseKevFirst() {
    shop();

    FixPlan plan = FixPlanner.plan("shop", open);

    assertThat(plan.actions())
        .extracting(Action::purl)
        .containsExactly(LOG4J_PURL + "2.14.1", JACKSON_PURL + "2.9.8");
    Action log4j = plan.actions().get(0);
    assertThat(log4j.upgradeTo())
        .as("the highest component fix its exposures name")
        .isEqualTo("2.17.1");
    assertThat(log4j.closes()).isEqualTo(new Tally(3, 2, 0, 1, 0, 0, 1));
    assertThat(log4j.vulnerabilities())
        .containsExactly("CVE-2021-44228", "CVE-2021-45046", "CVE-2021-44832");
    assertThat(log4j.reach()).isEqualTo("TRANSITIVE");
    assertThat(log4j.path()).containsExactly(STARTER);
    assertThat(log4j.force()).extracting(f -> f.tool()).containsExactly("maven", "gradle");
    assertThat(log4j.force().get(0).text()).contains("<version>2.17.1</version>");
    Action jackson = plan.actions().get(1);
    assertThat(jackson.closes()).isEqualTo(new Tally(3, 0, 3, 0, 0, 0, 0));
    assertThat(jackson.change()).isEqualTo("PATCH");
    assertThat(jackson.force()).as("direct: change the manifest").isEmpty();
    assertThat(plan.unfixed())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.purl()).isEqualTo("pkg:maven/x/y@1.0");
              assertThat(u.vulnerabilities()).containsExactly("CVE-2022-0001");
            });
    assertThat(plan.open()).isEqualTo(new Tally(7, 2, 4, 1, 0, 0, 1));
  }

  @Test
  void shouldPutOneCriticalBeforeManyHighsWhenNothingIsInKev() {
    exposure(
        JACKSON_PURL + "2.9.8",
        DIRECT,
        "GHSA-jack-0001",
        "CVE-2020-0001",
        8.1,
        "HIGH",
        false,
        fix("2.9.10", FixChange.PATCH),
        fix("2.9.10", FixChange.PATCH));
    exposure(
        JACKSON_PURL + "2.9.8",
        DIRECT,
        "GHSA-jack-0002",
        "CVE-2020-0002",
        8.1,
        "HIGH",
        false,
        fix("2.9.10", FixChange.PATCH),
        fix("2.9.10", FixChange.PATCH));
    exposure(
        LOG4J_PURL + "1.2.17",
        DIRECT,
        "GHSA-log4-0001",
        "CVE-2019-17571",
        9.8,
        "CRITICAL",
        false,
        fix("2.0.0", FixChange.MAJOR),
        fix("2.0.0", FixChange.MAJOR));

    FixPlan plan = FixPlanner.plan("shop", open);

    assertThat(plan.actions())
        .extracting(Action::purl)
        .containsExactly(LOG4J_PURL + "1.2.17", JACKSON_PURL + "2.9.8");
    assertThat(plan.actions().get(0).crossesMajor()).isTrue();
  }

  @Test
  void shouldCountAVulnerabilityOnceWhenTwoOfItsAdvisoriesAffectTheComponent() {
    Fix f = fix("2.15.0", FixChange.MINOR);
    exposure(
        LOG4J_PURL + "2.14.1",
        DIRECT,
        "GHSA-jfh8-c2jp-5v3q",
        "CVE-2021-44228",
        10.0,
        "CRITICAL",
        true,
        f,
        f);
    exposure(
        LOG4J_PURL + "2.14.1",
        DIRECT,
        "CVE-2021-44228",
        "CVE-2021-44228",
        10.0,
        "CRITICAL",
        false,
        f,
        f);

    FixPlan plan = FixPlanner.plan("shop", open);

    assertThat(plan.actions())
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.closes()).isEqualTo(new Tally(1, 1, 0, 0, 0, 0, 1));
              assertThat(a.vulnerabilities()).containsExactly("CVE-2021-44228");
            });
  }

  @Test
  void shouldRenderThePlanAsMarkdownAndJson() {
    shop();
    FixPlan plan = FixPlanner.plan("shop", open);

    String md = FixPlanMarkdown.render(plan);
    JsonNode json = FixPlanJson.node(plan);

    assertThat(md)
        .startsWith(
            "# Fix plan for shop\n\nOpen: 7 vulnerabilities (2 critical, 4 high, 1 medium; 1 in KEV). "
                + "2 upgrades close 6 of them, highest SSVC outcome and most risk first.\n\n"
                + "## 1. Upgrade `"
                + LOG4J_PURL
                + "2.14.1` to `2.17.1`\n\n"
                + "- Closes 3 vulnerabilities (2 critical, 1 medium; 1 in KEV): CVE-2021-44228, CVE-2021-45046, CVE-2021-44832\n"
                + "- Change: minor\n"
                + "- Path: project → org.springframework.boot/spring-boot-starter-log4j2@2.5.0 → "
                + LOG4J_PURL
                + "2.14.1\n"
                + "- Force it (the project only gets it through org.springframework.boot/spring-boot-starter-log4j2@2.5.0):\n\n"
                + "  maven (`pom.xml`):\n\n  ```\n  <dependencyManagement>\n")
        .contains("## 2. Upgrade `" + JACKSON_PURL + "2.9.8` to `2.9.10`\n")
        .contains("- Path: direct dependency: change the version the manifest declares\n")
        .endsWith(
            "## No known fix\n\n- `pkg:maven/x/y@1.0`: 1 vulnerability (1 high) (CVE-2022-0001)\n");
    assertThat(json.path("project").asText()).isEqualTo("shop");
    assertThat(json.path("open").path("kev").asInt()).isEqualTo(1);
    assertThat(json.path("actions").get(0).path("rank").asInt()).isEqualTo(1);
    assertThat(json.path("actions").get(0).path("upgradeTo").asText()).isEqualTo("2.17.1");
    assertThat(json.path("actions").get(0).path("closes").path("critical").asInt()).isEqualTo(2);
    assertThat(json.path("actions").get(0).path("force").get(0).path("tool").asText())
        .isEqualTo("maven");
    assertThat(json.path("unfixed").get(0).path("purl").asText()).isEqualTo("pkg:maven/x/y@1.0");
  }

  /** The last exposure added, as the query API would show it with a triage decision or SSVC. */
  private ObjectNode last() {
    return (ObjectNode) open.get(open.size() - 1);
  }

  private void jackson(String cve, String rating, boolean kev) {
    exposure(
        JACKSON_PURL + "2.9.8",
        DIRECT,
        "GHSA-" + cve,
        cve,
        rating.equals("CRITICAL") ? 9.8 : 5.0,
        rating,
        kev,
        fix("2.9.10", FixChange.PATCH),
        fix("2.9.10", FixChange.PATCH));
  }

  private void log4j(String cve, String rating, boolean kev) {
    exposure(
        LOG4J_PURL + "2.14.1",
        DIRECT,
        "GHSA-" + cve,
        cve,
        rating.equals("CRITICAL") ? 9.8 : 5.0,
        rating,
        kev,
        fix("2.17.1", FixChange.MINOR),
        fix("2.17.1", FixChange.MINOR));
  }

  @Test
  void shouldLeaveOutSuppressedExposuresAndSayHowMany() {
    shop();
    // triage: log4j's KEV vulnerability does not affect this project, nor one of jackson's
    open.stream()
        .filter(n -> n.path("vulnerability").asText().equals("CVE-2021-44228"))
        .forEach(n -> ((ObjectNode) n).put("suppressed", true));
    open.stream()
        .filter(n -> n.path("vulnerability").asText().equals("CVE-2020-0000"))
        .forEach(n -> ((ObjectNode) n).put("suppressed", true));

    FixPlan plan = FixPlanner.plan("shop", open);

    assertThat(plan.suppressed()).isEqualTo(2);
    assertThat(plan.open()).isEqualTo(new Tally(5, 1, 3, 1, 0, 0, 0));
    Action log4j = plan.actions().get(0);
    assertThat(log4j.vulnerabilities()).containsExactly("CVE-2021-45046", "CVE-2021-44832");
    assertThat(log4j.closes()).isEqualTo(new Tally(2, 1, 0, 1, 0, 0, 0));
    assertThat(plan.actions().get(1).vulnerabilities())
        .containsExactly("CVE-2020-0001", "CVE-2020-0002");
    assertThat(FixPlanJson.node(plan).path("suppressed").asInt()).isEqualTo(2);
    assertThat(FixPlanMarkdown.render(plan))
        .contains(
            "most risk first.\nLeft out: 2 suppressed exposures (triage: not_affected or"
                + " false_positive).\n");
  }

  @Test
  void shouldLeaveNothingToDoWhenEveryExposureIsSuppressed() {
    jackson("CVE-2020-0001", "HIGH", false);
    last().put("suppressed", true);

    FixPlan plan = FixPlanner.plan("shop", open);

    assertThat(plan.actions()).isEmpty();
    assertThat(plan.unfixed()).isEmpty();
    assertThat(FixPlanMarkdown.render(plan))
        .isEqualTo(
            "# Fix plan for shop\n\nNo open vulnerabilities.\n"
                + "Left out: 1 suppressed exposure (triage: not_affected or false_positive).\n");
  }

  @Test
  void shouldOrderTheUpgradesBySsvcOutcomeBeforeSeverityAndKev() {
    // log4j: critical and in KEV, but SSVC says Track* (e.g. an internal, minimal project)
    log4j("CVE-2021-44228", "CRITICAL", true);
    last().put("ssvc", "TRACK_STAR");
    // jackson: one medium that SSVC says Attend, one that it says Track
    jackson("CVE-2020-0001", "MEDIUM", false);
    last().put("ssvc", "ATTEND");
    jackson("CVE-2020-0002", "MEDIUM", false);
    last().put("ssvc", "TRACK");
    // lib: a low without any SSVC decision
    exposure(
        "pkg:maven/x/y@1.0",
        DIRECT,
        "GHSA-lib-0001",
        "CVE-2022-0001",
        3.0,
        "LOW",
        false,
        fix("1.1", FixChange.MINOR),
        fix("1.1", FixChange.MINOR));

    FixPlan plan = FixPlanner.plan("shop", open);

    assertThat(plan.actions())
        .extracting(Action::purl)
        .containsExactly(JACKSON_PURL + "2.9.8", LOG4J_PURL + "2.14.1", "pkg:maven/x/y@1.0");
    assertThat(plan.actions())
        .extracting(Action::outcome)
        .containsExactly(Outcome.ATTEND, Outcome.TRACK_STAR, Outcome.NONE);
    Action jackson = plan.actions().get(0);
    assertThat(jackson.ssvc()).isEqualTo(new Ssvc(0, 1, 0, 1, 0));
    assertThat(jackson.vulnerabilities())
        .as("the Attend vulnerability before the Track one")
        .containsExactly("CVE-2020-0001", "CVE-2020-0002");
    assertThat(FixPlanJson.node(plan).path("actions").get(0).path("ssvc").path("outcome").asText())
        .isEqualTo("ATTEND");
    assertThat(FixPlanMarkdown.render(plan))
        .contains("- SSVC: Attend (1 Attend, 1 Track)\n")
        .contains("- SSVC: Track\\* (1 Track\\*)\n");
  }

  @Test
  void shouldOrderUpgradesOfTheSameSsvcOutcomeByTheRiskTheyClose() {
    jackson("CVE-2020-0001", "HIGH", false);
    last().put("ssvc", "ACT");
    log4j("CVE-2021-44228", "CRITICAL", true);
    last().put("ssvc", "ACT");
    // the same vulnerability seen twice: its highest outcome counts
    log4j("CVE-2021-44228", "CRITICAL", true);
    last().put("advisory", "CVE-2021-44228").put("ssvc", "TRACK");

    FixPlan plan = FixPlanner.plan("shop", open);

    assertThat(plan.actions())
        .extracting(Action::purl)
        .containsExactly(LOG4J_PURL + "2.14.1", JACKSON_PURL + "2.9.8");
    assertThat(plan.actions().get(0).ssvc()).isEqualTo(new Ssvc(1, 0, 0, 0, 0));
  }

  @Test
  void shouldSayThereIsNothingToDoWhenNothingIsOpen() {
    FixPlan plan = FixPlanner.plan("shop", List.of());

    assertThat(plan.actions()).isEmpty();
    assertThat(FixPlanMarkdown.render(plan))
        .isEqualTo("# Fix plan for shop\n\nNo open vulnerabilities.\n");
  }
}
