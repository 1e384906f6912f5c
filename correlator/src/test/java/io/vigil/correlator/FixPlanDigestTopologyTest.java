package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.fixplan.PortfolioFixPlan;
import io.vigil.core.fixplan.PortfolioFixPlan.Filter;
import io.vigil.core.fixplan.PortfolioFixPlan.Plan;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.FixPlanPartial;
import io.vigil.events.v1.FixPlanTeamPartial;
import io.vigil.events.v1.ProjectContext;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The weekly portfolio fix plan's partials, on the whole topology in TopologyTestDriver. */
class FixPlanDigestTopologyTest {
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@";
  // Friday of 2021-W49; the slot is Monday 06:00 UTC
  private static final Instant FRIDAY = Instant.parse("2021-12-10T10:00:00Z");
  private static final Instant MONDAY_W50 = Instant.parse("2021-12-13T06:00:00Z");
  private static final Instant MONDAY_W51 = Instant.parse("2021-12-20T06:00:00Z");
  private static final CorrelatorConfig CONFIG =
      CorrelatorConfig.defaults()
          .withPartitions(1)
          .withFixPlanDigest(new FixPlanDigestConfig(true, DayOfWeek.MONDAY, 6));

  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  @TempDir Path stateDir;
  @TempDir Path restartDir;

  private TestOutputTopic<String, FixPlanPartial> partials(CorrelatorDriver d) {
    return d.driver.createOutputTopic(
        topics.fixPlanPartials().name(),
        Serdes.String().deserializer(),
        serdes.value(topics.fixPlanPartials()));
  }

  private static void portfolio(CorrelatorDriver d) {
    for (String[] p :
        new String[][] {
          {"shop", "team-a", "2.14.1"},
          {"billing", "team-a", "2.14.0"},
          {"intranet", "team-b", "2.13.0"}
        }) {
      ComponentEvent c =
          ComponentEvent.newBuilder(
                  Fixtures.component(p[0], LOG4J + p[2], ComponentChange.ADDED, "sub-" + p[0]))
              .setProjectContext(ProjectContext.newBuilder().setTeam(p[1]).build())
              .build();
      d.components.pipeInput(p[0], c);
    }
    d.publish(Fixtures.log4shell(FRIDAY.minusSeconds(3600), "2.0.0", "2.15.0"));
  }

  @Test
  void shouldSendOnePartialPerWeekEqualToTheQueryApisFoldAndNoneAgainAfterARestartOrAReplay() {
    Map<String, List<KeyValue<Object, Object>>> changelogs;
    try (CorrelatorDriver d =
        new CorrelatorDriver(stateDir, CONFIG, Correlation.Probe.NONE, FRIDAY)) {
      TestOutputTopic<String, FixPlanPartial> out = partials(d);
      portfolio(d);
      assertThat(d.events()).hasSize(3);

      // a correlator running after this week's slot sends this week's partial at once
      d.advanceWallClockTo(FRIDAY.plusSeconds(60));
      List<KeyValue<String, FixPlanPartial>> first = out.readKeyValuesToList();
      assertThat(first).singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo("2021-W49"));
      FixPlanPartial w49 = first.get(0).value;
      assertThat(w49.getPartition()).isZero();
      assertThat(w49.getPartitions()).isEqualTo(1);
      assertThat(w49.getSlot()).isEqualTo(Instant.parse("2021-12-06T06:00:00Z"));
      assertThat(w49.getPlans())
          .extracting(FixPlanTeamPartial::getTeam)
          .containsExactly(null, "team-a", "team-b");

      // the partial is the query API's fold of the same store, and merges to the API's plan
      FixPlanTeamPartial whole = w49.getPlans().get(0);
      FixPlanTeamPartial teamA = w49.getPlans().get(1);
      assertThat(whole)
          .isEqualTo(FixPlanDigestProcessor.toAvro(null, fold(d, Filter.ALL).countedPartial()));
      assertThat(teamA)
          .isEqualTo(
              FixPlanDigestProcessor.toAvro(
                  "team-a", fold(d, new Filter("team-a", null)).countedPartial()));
      Plan all = merged(fold(d, Filter.ALL).countedPartial(), Filter.ALL);
      assertThat(all).isEqualTo(apiPlan(d, Filter.ALL));
      assertThat(all.projects()).isEqualTo(3);
      assertThat(all.upgrades())
          .singleElement()
          .satisfies(
              u -> {
                assertThat(u.upgradeTo()).isEqualTo("2.15.0");
                assertThat(u.projects()).isEqualTo(3);
              });
      assertThat(teamA.getProjects()).containsExactly("billing", "shop");
      assertThat(teamA.getPackages())
          .singleElement()
          .satisfies(p -> assertThat(p.getProjects()).isEqualTo(2));

      // nothing more this week, whatever passes through
      d.advanceWallClockTo(MONDAY_W50.minusSeconds(60));
      portfolio(d); // a replay of the same inputs
      d.advanceWallClockTo(MONDAY_W50.minusSeconds(1));
      assertThat(out.readKeyValuesToList()).isEmpty();

      // the next slot: the next week's partial, once
      d.advanceWallClockTo(MONDAY_W50);
      d.advanceWallClockTo(MONDAY_W50.plusSeconds(3600));
      assertThat(out.readKeyValuesToList())
          .singleElement()
          .satisfies(kv -> assertThat(kv.key).isEqualTo("2021-W50"));
      changelogs = d.changelogs();
    }

    // a restart in the same week (stores restored from their changelogs): nothing again
    try (CorrelatorDriver d =
        new CorrelatorDriver(
            restartDir, CONFIG, Correlation.Probe.NONE, MONDAY_W50.plusSeconds(7200))) {
      d.restore(changelogs);
      TestOutputTopic<String, FixPlanPartial> out = partials(d);
      d.advanceWallClockTo(MONDAY_W50.plusSeconds(7200 + 120));
      assertThat(out.readKeyValuesToList()).isEmpty();

      d.advanceWallClockTo(MONDAY_W51.plusSeconds(60));
      assertThat(out.readKeyValuesToList())
          .singleElement()
          .satisfies(kv -> assertThat(kv.key).isEqualTo("2021-W51"));
    }
  }

  private static Plan merged(PortfolioFixPlan.Partial partial, Filter filter) {
    PortfolioFixPlan plan = new PortfolioFixPlan(filter);
    plan.merge(partial);
    return plan.plan(20);
  }

  /** The query API's fold of the store. */
  private static PortfolioFixPlan fold(CorrelatorDriver d, Filter filter) {
    PortfolioFixPlan fold = new PortfolioFixPlan(filter);
    KeyValueStore<String, ExposureEvent> store = d.store(CorrelatorTopology.EXPOSURES_STORE);
    try (KeyValueIterator<String, ExposureEvent> it = store.all()) {
      it.forEachRemaining(kv -> PortfolioFixPlanRoutes.add(fold, kv.value));
    }
    return fold;
  }

  /** The query API's answer: its fold of the store, through its JSON partial. */
  private static Plan apiPlan(CorrelatorDriver d, Filter filter) {
    PortfolioFixPlan fold = fold(d, filter);
    PortfolioFixPlan api = new PortfolioFixPlan(filter);
    api.merge(fold.partial());
    return api.plan(20);
  }
}
