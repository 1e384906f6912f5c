package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.JACKSON_PURL;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.ProjectContext;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /api/v1/risk/top} from the index the SYSTEMIC stage keeps (the topology in
 * TopologyTestDriver): two instances' parts, sent as JSON and merged, give the figures counted by
 * hand below.
 */
class RiskTopTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path stateDir;

  private static ComponentEvent use(
      String project, String purl, Boolean direct, Criticality criticality) {
    ComponentEvent c = Fixtures.component(project, purl, ComponentChange.ADDED, "s-" + project);
    return ComponentEvent.newBuilder(c)
        .setComponent(Component.newBuilder(c.getComponent()).setDirect(direct).build())
        .setProjectContext(
            criticality == null
                ? null
                : ProjectContext.newBuilder().setCriticality(criticality).build())
        .build();
  }

  @Test
  void shouldRankThePackagesThatReachTheMostCriticalProjectsOverEveryInstancesPart()
      throws Exception {
    try (CorrelatorDriver p =
        new CorrelatorDriver(
            stateDir,
            new CorrelatorConfig(null, 1, 1, -1, null, 2, null, null, null),
            Correlation.Probe.NONE)) {
      Criticality essential = Criticality.MISSION_ESSENTIAL;
      List<ComponentEvent> portfolio =
          List.of(
              // log4j-core: 4 projects (2 mission-essential), 3 direct, 1 transitive, 3 versions
              use("pay", LOG4J_PURL + "2.14.1", true, essential),
              use("pay", LOG4J_PURL + "2.17.1", false, essential), // pay ships two versions
              use("ledger", LOG4J_PURL + "2.14.1", true, essential),
              use("shop", LOG4J_PURL + "2.17.1", false, Criticality.SUPPORT),
              use("blog", LOG4J_PURL + "2.12.0", true, null),
              // jackson-databind: 5 projects (2 mission-essential), 1 direct, 4 of unknown reach
              use("pay", JACKSON_PURL + "2.12.0", null, essential),
              use("ledger", JACKSON_PURL + "2.12.0", null, essential),
              use("shop", JACKSON_PURL + "2.12.0", true, Criticality.SUPPORT),
              use("blog", JACKSON_PURL + "2.12.0", null, null),
              use("wiki", JACKSON_PURL + "2.13.0", null, Criticality.MINIMAL));
      portfolio.forEach(c -> p.components.pipeInput(c.getProjectId(), c));

      // two instances: each package's row lies in one of them; both hold the broadcast totals
      RiskTop.Partial first = new RiskTop.Partial();
      RiskTop.Partial second = new RiskTop.Partial();
      try (KeyValueIterator<String, SystemicRecords.PackageCounts> it =
          p.<SystemicRecords.PackageCounts>store(CorrelatorTopology.PACKAGE_REACH_STORE).all()) {
        it.forEachRemaining(
            kv ->
                (Math.floorMod(kv.key.hashCode(), 2) == 0 ? first : second).add(kv.key, kv.value));
      }
      SystemicRecords.PortfolioTotals totals =
          p.<SystemicRecords.PortfolioTotals>store(CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE)
              .get(SystemicAdvisories.TOTALS_KEY);
      first.totals(totals);
      second.totals(totals);
      List<JsonNode> sent =
          List.of(JSON.readTree(first.json().toString()), JSON.readTree(second.json().toString()));

      JsonNode answer = RiskTop.answer(sent, 10);

      assertThat(answer.at("/portfolio/projects").asInt()).isEqualTo(5);
      assertThat(answer.at("/portfolio/missionEssentialProjects").asInt()).isEqualTo(2);
      // equal on mission-essential projects: more projects first
      JsonNode jackson = answer.at("/packages/0");
      assertThat(jackson.path("packageKey").asText())
          .isEqualTo(PackageKeys.ofPurl(JACKSON_PURL + "2.12.0"));
      assertThat(jackson.path("projects").asInt()).isEqualTo(5);
      assertThat(jackson.path("directProjects").asInt()).isEqualTo(1);
      assertThat(jackson.path("unknownReachProjects").asInt()).isEqualTo(4);
      assertThat(jackson.path("missionEssentialProjects").asInt()).isEqualTo(2);
      assertThat(jackson.path("shareOfProjects").asDouble()).isEqualTo(1.0);
      assertThat(jackson.path("distinctVersions").asInt()).isEqualTo(2);
      JsonNode log4j = answer.at("/packages/1");
      assertThat(log4j.path("packageKey").asText())
          .isEqualTo(PackageKeys.ofPurl(LOG4J_PURL + "2.12.0"));
      assertThat(log4j.path("projects").asInt()).isEqualTo(4);
      assertThat(log4j.path("directProjects").asInt()).isEqualTo(3);
      assertThat(log4j.path("transitiveProjects").asInt()).isEqualTo(1);
      assertThat(log4j.path("missionEssentialProjects").asInt()).isEqualTo(2);
      assertThat(log4j.path("shareOfMissionEssential").asDouble()).isEqualTo(1.0);
      assertThat(log4j.path("shareOfProjects").asDouble()).isEqualTo(0.8);
      assertThat(log4j.path("projectsByVersion").toString())
          .isEqualTo("{\"2.12.0\":1,\"2.14.1\":2,\"2.17.1\":2}");
      assertThat(RiskTop.answer(sent, 1).path("packages")).hasSize(1);
    }
  }
}
