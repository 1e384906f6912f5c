package io.vigil.alerting.digest;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.RouteConfig;
import io.vigil.alerting.engine.Routing;
import io.vigil.alerting.render.Notice;
import io.vigil.core.fixplan.PortfolioFixPlan.Plan;
import io.vigil.events.v1.FixPlanPackagePartial;
import io.vigil.events.v1.FixPlanPartial;
import io.vigil.events.v1.FixPlanTally;
import io.vigil.events.v1.FixPlanTeamPartial;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

public class FixPlanDigestTest {
  static final Instant SLOT = Instant.parse("2026-12-07T06:00:00Z");
  static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core";

  static FixPlanTally tally(int critical, int kev) {
    return new FixPlanTally(critical, critical, 0, 0, 0, 0, kev);
  }

  static FixPlanTeamPartial plan(String team, List<String> projects, String upgradeTo, int n) {
    return FixPlanTeamPartial.newBuilder()
        .setTeam(team)
        .setProjects(projects)
        .setOpen(tally(n, n))
        .setSuppressed(0)
        .setPackages(
            List.of(
                FixPlanPackagePartial.newBuilder()
                    .setPackageKey("Maven/org.apache.logging.log4j:log4j-core")
                    .setPurl(LOG4J)
                    .setUpgradeTo(upgradeTo)
                    .setProjects(projects.size())
                    .setResolves(tally(n, n))
                    .setAct(n)
                    .build()))
        .build();
  }

  /** The partial of one partition: shop and billing (team-a) or intranet (team-b). */
  public static FixPlanPartial partial(int partition, int partitions, Instant computedAt) {
    List<FixPlanTeamPartial> plans =
        partition == 0
            ? List.of(
                plan(null, List.of("billing", "shop"), "2.17.1", 2),
                plan("team-a", List.of("billing", "shop"), "2.17.1", 2))
            : List.of(
                plan(null, List.of("intranet"), "2.17.10", 1),
                plan("team-b", List.of("intranet"), "2.17.10", 1));
    return FixPlanPartial.newBuilder()
        .setWeek("2026-W50")
        .setPartition(partition)
        .setPartitions(partitions)
        .setSlot(SLOT)
        .setComputedAt(computedAt)
        .setPlans(plans)
        .build();
  }

  @Test
  void shouldMergeEveryPartitionsPartialIntoOneRankedPlanAndOnePerTeam() {
    FixPlanWeek week = new FixPlanWeek("2026-W50");
    week.add(partial(0, 2, SLOT));
    assertThat(week.complete()).isFalse();
    assertThat(week.ready(SLOT.plus(Duration.ofHours(1)), Duration.ofHours(6))).isFalse();
    week.add(partial(1, 2, SLOT.plusSeconds(5)));
    week.add(partial(1, 2, SLOT.plusSeconds(9))); // a partition's partial again: replaces

    assertThat(week.complete()).isTrue();
    assertThat(week.missing()).isEmpty();
    Map<String, Plan> plans = week.plans(10);
    assertThat(plans.keySet()).containsExactly(null, "team-a", "team-b");
    Plan all = plans.get(null);
    assertThat(all.projects()).isEqualTo(3);
    assertThat(all.open().total()).isEqualTo(3);
    assertThat(all.upgrades())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.upgradeTo()).isEqualTo("2.17.10"); // compared as versions
              assertThat(u.projects()).isEqualTo(3);
              assertThat(u.resolves().kev()).isEqualTo(3);
            });

    Notice n = FixPlanDigest.of("2026-W50", null, all, week.missing(), 2, SLOT);
    assertThat(n.kind()).isEqualTo("FIX_PLAN_DIGEST");
    assertThat(n.deliveryId()).isEqualTo("fixplan:2026-W50");
    assertThat(n.title())
        .isEqualTo(
            "Portfolio fix plan, week 2026-W50: 1 upgrade resolves what a known version fixes of 3"
                + " open exposures");
    assertThat(n.lines())
        .containsExactly(
            "Open: 3 exposures (3 critical; 3 in KEV) in 3 projects. 1 package upgrade resolves"
                + " what a known version fixes; the top 1:",
            "1. Upgrade "
                + LOG4J
                + " to ≥ 2.17.10 in 3 projects — resolves 3 exposures"
                + " (3 critical; 3 in KEV), 3 SSVC Act");
    assertThat(n.facts()).containsEntry("missingPartitions", List.of());

    Notice teamA = FixPlanDigest.of("2026-W50", "team-a", plans.get("team-a"), List.of(), 2, SLOT);
    assertThat(teamA.deliveryId()).isEqualTo("fixplan:2026-W50:team-a");
    assertThat(teamA.lines().get(1)).contains("to ≥ 2.17.1 in 2 projects");
  }

  @Test
  void shouldPostAfterTheDeadlineSayingWhichPartitionsAreMissing() {
    FixPlanWeek week = new FixPlanWeek("2026-W50");
    week.add(partial(0, 3, SLOT));

    assertThat(week.ready(SLOT.plus(Duration.ofHours(6)).minusSeconds(1), Duration.ofHours(6)))
        .isFalse();
    assertThat(week.ready(SLOT.plus(Duration.ofHours(6)), Duration.ofHours(6))).isTrue();
    assertThat(week.missing()).containsExactly(1, 2);
    Notice n =
        FixPlanDigest.of("2026-W50", null, week.plans(10).get(null), week.missing(), 3, SLOT);
    assertThat(n.title()).endsWith("(incomplete)");
    assertThat(n.lines())
        .last()
        .isEqualTo(
            "Incomplete: correlator partitions 1, 2 of 3 had not reported by the deadline; their"
                + " exposures are not counted.");
  }

  @Test
  void shouldSendATeamsPlanToTheChannelsOfRoutesNamingTheTeam() {
    List<RouteConfig> routes =
        List.of(
            new RouteConfig(List.of("all"), null, null, null, null, null, null),
            new RouteConfig(
                List.of("team-a-chat"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("team-a*"),
                null),
            new RouteConfig(
                List.of("payments"),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of("team-b"),
                null));

    assertThat(Routing.teamChannels(routes, "team-a")).containsExactly("team-a-chat");
    assertThat(Routing.teamChannels(routes, "team-b")).containsExactly("payments");
    assertThat(Routing.teamChannels(routes, "team-c")).isEmpty();
  }
}
