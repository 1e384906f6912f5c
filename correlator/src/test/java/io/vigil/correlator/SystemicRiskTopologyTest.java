package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.ProjectContext;
import io.vigil.events.v1.SystemicEvent;
import io.vigil.events.v1.SystemicFixPlan;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SYSTEMIC on a generated portfolio: the event's figures against an independent count of the
 * generated data (plain sets and loops over what the test sent, not core's SystemicRisk), once per
 * advisory, never on re-publication, and nothing for a package below the policy.
 */
class SystemicRiskTopologyTest {
  private static final Instant T0 = CorrelatorDriver.T0;
  private static final String LOG4J_PURL = "pkg:maven/org.apache.logging.log4j/log4j-core@";
  private static final String[] LOG4J_VERSIONS = {"2.14.1", "2.14.0", "2.13.3", "2.17.1"};
  private static final Criticality[] CRITICALITIES = {
    Criticality.MISSION_ESSENTIAL, Criticality.SUPPORT, Criticality.MINIMAL, null
  };

  @TempDir Path stateDir;
  private CorrelatorDriver pipeline;

  @AfterEach
  void close() {
    if (pipeline != null) {
      pipeline.close();
    }
  }

  /** One component of a generated project, as the test sent it. */
  private record Sent(String project, String purl, String version, Boolean direct) {}

  private static ComponentEvent component(
      String project,
      String purl,
      Boolean direct,
      Criticality criticality,
      ComponentChange change) {
    String version = purl.substring(purl.indexOf('@') + 1);
    return ComponentEvent.newBuilder()
        .setEventId("sub-" + project + ":" + purl + ":" + change)
        .setProjectId(project)
        .setProject(project)
        .setSubmissionId("sub-" + project)
        .setChange(change)
        .setComponent(
            Component.newBuilder()
                .setPurl(purl)
                .setPackageKey(PackageKeys.ofPurl(purl))
                .setName(purl)
                .setVersion(version)
                .setDirect(direct)
                .build())
        .setProjectContext(
            criticality == null
                ? null
                : ProjectContext.newBuilder().setCriticality(criticality).build())
        .setReceivedAt(T0)
        .build();
  }

  /** Two ticks of the announcer: every pair opened so far has gathered and is judged. */
  private void gathered() {
    pipeline.driver.advanceWallClockTime(SystemicAnnouncer.GATHER);
    pipeline.driver.advanceWallClockTime(SystemicAnnouncer.GATHER);
  }

  @Test
  void shouldEmitOneSystemicEventWithTheFiguresOfAnIndependentCountAndNoneOnRepublication() {
    pipeline = new CorrelatorDriver(stateDir, CorrelatorConfig.defaults(), Correlation.Probe.NONE);
    TopicCatalog topics = TopicCatalog.local();
    TestOutputTopic<String, SystemicEvent> systemic =
        pipeline.driver.createOutputTopic(
            topics.systemic().name(),
            Serdes.String().deserializer(),
            SerdeFactory.registryFree().value(topics.systemic()));

    // given 60 generated projects: each ships a lib of its own, about half log4j-core (one or two
    // versions, direct, transitive or unknown), two ship jackson-databind; one project leaves the
    // portfolio again (every component REMOVED)
    Random random = new Random(17);
    Map<String, Criticality> criticality = new HashMap<>();
    List<Sent> live = new ArrayList<>();
    for (int p = 0; p < 60; p++) {
      String project = String.format("project-%02d", p);
      Criticality c = CRITICALITIES[random.nextInt(CRITICALITIES.length)];
      criticality.put(project, c);
      List<Sent> mine = new ArrayList<>();
      mine.add(new Sent(project, "pkg:maven/org.example/lib-" + p + "@1.0", "1.0", true));
      if (random.nextBoolean()) {
        int uses = 1 + random.nextInt(2);
        int first = random.nextInt(LOG4J_VERSIONS.length);
        for (int u = 0; u < uses; u++) {
          // a project's inventory holds a purl once: a second use is another version
          String v = LOG4J_VERSIONS[(first + u) % LOG4J_VERSIONS.length];
          Boolean direct = new Boolean[] {true, false, null}[random.nextInt(3)];
          mine.add(new Sent(project, LOG4J_PURL + v, v, direct));
        }
      }
      if (p == 3 || p == 4) {
        mine.add(
            new Sent(
                project,
                "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.8",
                "2.9.8",
                true));
      }
      for (Sent s : mine) {
        pipeline.components.pipeInput(
            project, component(project, s.purl(), s.direct(), c, ComponentChange.ADDED));
      }
      if (p == 59) {
        for (Sent s : mine) {
          pipeline.components.pipeInput(
              project, component(project, s.purl(), s.direct(), c, ComponentChange.REMOVED));
        }
      } else {
        live.addAll(mine);
      }
    }
    // a project whose one component is delivered twice (a re-sent inventory), then removed once,
    // has left the portfolio too
    for (ComponentChange change :
        List.of(ComponentChange.ADDED, ComponentChange.ADDED, ComponentChange.REMOVED)) {
      pipeline.components.pipeInput(
          "project-dup",
          component(
              "project-dup",
              "pkg:maven/org.example/lib-dup@1.0",
              true,
              Criticality.MISSION_ESSENTIAL,
              change));
    }
    criticality.put("project-03", Criticality.SUPPORT); // jackson's users are not essential
    criticality.put("project-04", Criticality.MINIMAL);

    // the independent count
    Set<String> portfolio = new HashSet<>();
    live.forEach(s -> portfolio.add(s.project()));
    long essentialInPortfolio =
        portfolio.stream().filter(p -> criticality.get(p) == Criticality.MISSION_ESSENTIAL).count();
    Set<String> log4jProjects = new HashSet<>();
    Set<String> anyDirect = new HashSet<>();
    Set<String> anyUnknown = new HashSet<>();
    Map<String, Set<String>> byVersion = new TreeMap<>();
    for (Sent s : live) {
      if (s.purl().startsWith(LOG4J_PURL)) {
        log4jProjects.add(s.project());
        if (Boolean.TRUE.equals(s.direct())) {
          anyDirect.add(s.project());
        } else if (s.direct() == null) {
          anyUnknown.add(s.project());
        }
        byVersion.computeIfAbsent(s.version(), v -> new HashSet<>()).add(s.project());
      }
    }
    Set<String> unknownOnly = new HashSet<>(anyUnknown);
    unknownOnly.removeAll(anyDirect);
    int transitiveOnly = log4jProjects.size() - anyDirect.size() - unknownOnly.size();
    long essentialLog4j =
        log4jProjects.stream()
            .filter(p -> criticality.get(p) == Criticality.MISSION_ESSENTIAL)
            .count();
    assertThat(portfolio).hasSize(59);
    assertThat(log4jProjects.size()).isGreaterThan(6); // more than 10% of 59

    // the exposures it opens, and what upgrading closes, counted independently too
    Set<String> affected = new HashSet<>();
    int affectedUses = 0;
    for (Sent s : live) {
      if (s.purl().startsWith(LOG4J_PURL) && !s.version().equals("2.17.1")) {
        affected.add(s.project());
        affectedUses++;
      }
    }
    long essentialAffected =
        affected.stream().filter(p -> criticality.get(p) == Criticality.MISSION_ESSENTIAL).count();

    // when its CVE is in KEV and Log4Shell is published (2.0-beta9 up to 2.15.0, rated CRITICAL:
    // every generated version but 2.17.1)
    pipeline.kev.pipeInput(
        "CVE-2021-44228",
        Fixtures.kev("CVE-2021-44228", io.vigil.events.v1.EnrichmentChange.ADDED));
    Advisory log4shell = Fixtures.log4shell(T0, "2.0-beta9", "2.15.0");
    pipeline.publish(log4shell);
    gathered();

    // then one SYSTEMIC event, with the independent figures
    List<SystemicEvent> events = systemic.readValuesToList();
    assertThat(events).hasSize(1);
    SystemicEvent e = events.get(0);
    assertThat(e.getVulnerabilityId()).isEqualTo("CVE-2021-44228");
    assertThat(e.getAdvisoryId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(e.getPackageKey()).isEqualTo(PackageKeys.ofPurl(LOG4J_PURL + "2.14.1"));
    assertThat(e.getProjects()).isEqualTo(log4jProjects.size());
    assertThat(e.getDirectProjects()).isEqualTo(anyDirect.size());
    assertThat(e.getUnknownReachProjects()).isEqualTo(unknownOnly.size());
    assertThat(e.getTransitiveProjects()).isEqualTo(transitiveOnly);
    assertThat(e.getDistinctVersions()).isEqualTo(byVersion.size());
    Map<String, Integer> expectedVersions = new TreeMap<>();
    byVersion.forEach((v, ps) -> expectedVersions.put(v, ps.size()));
    assertThat(new TreeMap<>(e.getProjectsByVersion())).isEqualTo(expectedVersions);
    assertThat(e.getMissionEssentialProjects()).isEqualTo((int) essentialLog4j);
    assertThat(e.getPortfolioProjects()).isEqualTo(59);
    assertThat(e.getPortfolioMissionEssential()).isEqualTo((int) essentialInPortfolio);
    assertThat(e.getShareOfProjects()).isEqualTo((double) log4jProjects.size() / 59);
    assertThat(e.getShareOfMissionEssential())
        .isEqualTo(
            essentialInPortfolio == 0 ? 0.0 : (double) essentialLog4j / essentialInPortfolio);
    assertThat(e.getPolicy())
        .isEqualTo("projects > 10%, or mission-essential > 10%; at least 3 projects");
    // with the fix plan's numbers over the exposures it opened
    SystemicFixPlan fix = e.getFixPlan();
    assertThat(fix.getPurl()).isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
    assertThat(fix.getUpgradeTo()).isEqualTo("2.15.0");
    assertThat(fix.getAffectedProjects()).isEqualTo(affected.size());
    assertThat(fix.getUpgradeProjects()).isEqualTo(affected.size());
    assertThat(fix.getAffectedMissionEssential()).isEqualTo((int) essentialAffected);
    assertThat(fix.getCloses()).isEqualTo(affectedUses);
    assertThat(fix.getClosesCritical()).isEqualTo(affectedUses);
    assertThat(fix.getClosesKev()).isEqualTo(affectedUses);
    assertThat(fix.getClosesHigh() + fix.getClosesMedium() + fix.getClosesLow()).isZero();
    assertThat(fix.getUnfixed()).isZero();
    assertThat(fix.getSuppressed()).isZero();

    // and GET /api/v1/risk/top, answered from the stage's index, gives the same independent figures
    RiskTop.Partial part = new RiskTop.Partial();
    try (KeyValueIterator<String, SystemicRecords.PackageCounts> it =
        pipeline
            .<SystemicRecords.PackageCounts>store(CorrelatorTopology.PACKAGE_REACH_STORE)
            .all()) {
      it.forEachRemaining(kv -> part.add(kv.key, kv.value));
    }
    part.totals(
        pipeline
            .<SystemicRecords.PortfolioTotals>store(CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE)
            .get(SystemicAdvisories.TOTALS_KEY));
    JsonNode top = RiskTop.answer(List.of(part.json()), 1000);
    assertThat(top.at("/portfolio/projects").asInt()).isEqualTo(59);
    assertThat(top.at("/portfolio/missionEssentialProjects").asInt())
        .isEqualTo((int) essentialInPortfolio);
    // 59 libs of their own, log4j-core, jackson-databind; nothing of the projects that left
    assertThat(top.at("/portfolio/packages").asInt()).isEqualTo(61);
    JsonNode log4j = null;
    for (JsonNode n : top.path("packages")) {
      if (n.path("packageKey").asText().equals(e.getPackageKey())) {
        log4j = n;
      }
    }
    assertThat(log4j).isNotNull();
    assertThat(log4j.path("projects").asInt()).isEqualTo(log4jProjects.size());
    assertThat(log4j.path("directProjects").asInt()).isEqualTo(anyDirect.size());
    assertThat(log4j.path("transitiveProjects").asInt()).isEqualTo(transitiveOnly);
    assertThat(log4j.path("unknownReachProjects").asInt()).isEqualTo(unknownOnly.size());
    assertThat(log4j.path("missionEssentialProjects").asInt()).isEqualTo((int) essentialLog4j);
    assertThat(log4j.path("distinctVersions").asInt()).isEqualTo(byVersion.size());
    Map<String, Integer> topVersions = new TreeMap<>();
    log4j
        .path("projectsByVersion")
        .fields()
        .forEachRemaining(f -> topVersions.put(f.getKey(), f.getValue().asInt()));
    assertThat(topVersions).isEqualTo(expectedVersions);

    // when it is re-published (a later modified, a wider range) and an alias record arrives
    pipeline.publish(Fixtures.log4shell(T0.plusSeconds(3600), "2.0-beta9", "2.17.0"));
    pipeline.publish(
        Fixtures.advisory("CVE-2021-44228", List.of("GHSA-jfh8-c2jp-5v3q"), T0.plusSeconds(60))
            .range(Fixtures.LOG4J, "2.0-beta9", "2.15.0")
            .build());
    gathered();

    // then nothing more
    assertThat(systemic.readValuesToList()).isEmpty();

    // and a package two non-essential projects of 59 ship (3%) is not systemic
    pipeline.publish(
        Fixtures.advisory("GHSA-jackson-test", List.of(), T0)
            .range(Fixtures.JACKSON, "2.9.0", "2.9.9")
            .build());
    assertThat(pipeline.exposures.readValuesToList())
        .anySatisfy(x -> assertThat(x.getAdvisory().getId()).isEqualTo("GHSA-jackson-test"));
    gathered();
    assertThat(systemic.readValuesToList()).isEmpty();
  }

  @Test
  void shouldAnnounceAnAdvisoryOnceWhenItsPackageBecomesSystemicLater() {
    pipeline = new CorrelatorDriver(stateDir, CorrelatorConfig.defaults(), Correlation.Probe.NONE);
    TopicCatalog topics = TopicCatalog.local();
    TestOutputTopic<String, SystemicEvent> systemic =
        pipeline.driver.createOutputTopic(
            topics.systemic().name(),
            Serdes.String().deserializer(),
            SerdeFactory.registryFree().value(topics.systemic()));
    String jackson = Fixtures.JACKSON_PURL + "2.9.8";
    // given 30 projects with a lib each, two of them shipping jackson-databind 2.9.8 (7%)
    for (int p = 0; p < 30; p++) {
      String project = String.format("project-%02d", p);
      pipeline.components.pipeInput(
          project,
          component(
              project,
              "pkg:maven/org.example/lib-" + p + "@1.0",
              true,
              Criticality.SUPPORT,
              ComponentChange.ADDED));
      if (p < 2) {
        pipeline.components.pipeInput(
            project, component(project, jackson, true, Criticality.SUPPORT, ComponentChange.ADDED));
      }
    }
    // and an advisory on it: not systemic when it comes out
    pipeline.publish(
        Fixtures.advisory("GHSA-jackson-later", List.of("CVE-2099-0001"), T0)
            .range(Fixtures.JACKSON, "2.9.0", "2.9.9")
            .build());
    gathered();
    pipeline.driver.advanceWallClockTime(SystemicAdvisories.RECHECK);
    assertThat(systemic.readValuesToList()).isEmpty();

    // when three more projects start shipping it (5 of 30: 17%) and the next check runs
    for (int p = 2; p < 5; p++) {
      String project = String.format("project-%02d", p);
      pipeline.components.pipeInput(
          project, component(project, jackson, false, Criticality.SUPPORT, ComponentChange.ADDED));
    }
    pipeline.driver.advanceWallClockTime(SystemicAdvisories.RECHECK);

    // then it is announced once, with the figures of now
    List<SystemicEvent> events = systemic.readValuesToList();
    assertThat(events).hasSize(1);
    SystemicEvent e = events.get(0);
    assertThat(e.getVulnerabilityId()).isEqualTo("CVE-2099-0001");
    assertThat(e.getAdvisoryId()).isEqualTo("GHSA-jackson-later");
    assertThat(e.getProjects()).isEqualTo(5);
    assertThat(e.getDirectProjects()).isEqualTo(2);
    assertThat(e.getTransitiveProjects()).isEqualTo(3);
    assertThat(e.getPortfolioProjects()).isEqualTo(30);

    // and never again: more users, another check, a re-publication
    pipeline.components.pipeInput(
        "project-05",
        component("project-05", jackson, true, Criticality.SUPPORT, ComponentChange.ADDED));
    pipeline.driver.advanceWallClockTime(SystemicAdvisories.RECHECK);
    pipeline.publish(
        Fixtures.advisory("GHSA-jackson-later", List.of("CVE-2099-0001"), T0.plusSeconds(60))
            .range(Fixtures.JACKSON, "2.9.0", "2.9.10")
            .build());
    gathered();
    pipeline.driver.advanceWallClockTime(SystemicAdvisories.RECHECK);
    assertThat(systemic.readValuesToList()).isEmpty();
  }
}
