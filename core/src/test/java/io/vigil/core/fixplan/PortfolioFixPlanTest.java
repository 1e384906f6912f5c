package io.vigil.core.fixplan;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.fixplan.PortfolioFixPlan.Exposure;
import io.vigil.core.fixplan.PortfolioFixPlan.Filter;
import io.vigil.core.fixplan.PortfolioFixPlan.Plan;
import java.util.List;
import org.junit.jupiter.api.Test;

class PortfolioFixPlanTest {
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String JACKSON =
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.0";

  static Exposure open(
      String project, String team, String purl, String severity, boolean kev, String target) {
    return new Exposure(
        project,
        team,
        List.of("pci"),
        purl.substring(0, purl.indexOf('@')),
        purl,
        severity,
        kev,
        kev ? Outcome.ACT : Outcome.NONE,
        target,
        false);
  }

  static List<Exposure> portfolio() {
    return List.of(
        open("p1", "team-a", LOG4J, "CRITICAL", true, "2.17.1"),
        open("p2", "team-b", LOG4J, "CRITICAL", true, "2.17.10"),
        open("p2", "team-b", JACKSON, "HIGH", false, "2.9.10"),
        open("p3", "team-a", JACKSON, "MEDIUM", false, null),
        new Exposure(
            "p3",
            "team-a",
            List.of(),
            "pkg:maven/x/y",
            "pkg:maven/x/y@1",
            "LOW",
            false,
            Outcome.NONE,
            "2",
            true));
  }

  @Test
  void shouldMergePartialsToTheSamePlanAsOneFoldOfEverything() throws Exception {
    PortfolioFixPlan whole = new PortfolioFixPlan(Filter.ALL);
    PortfolioFixPlan first = new PortfolioFixPlan(Filter.ALL);
    PortfolioFixPlan second = new PortfolioFixPlan(Filter.ALL);
    List<Exposure> all = portfolio();
    for (int i = 0; i < all.size(); i++) {
      whole.add(all.get(i));
      (i % 2 == 0 ? first : second).add(all.get(i));
    }
    PortfolioFixPlan merged = new PortfolioFixPlan(Filter.ALL);
    ObjectMapper json = new ObjectMapper();
    merged.merge(json.readTree(first.partial().toString()));
    merged.merge(json.readTree(second.partial().toString()));

    assertThat(merged.plan(10)).isEqualTo(whole.plan(10));
    Plan plan = whole.plan(10);
    assertThat(plan.projects()).isEqualTo(3);
    assertThat(plan.suppressed()).isEqualTo(1);
    assertThat(plan.upgrades().get(0).upgradeTo()).isEqualTo("2.17.10");
    assertThat(plan.upgrades().get(0).projects()).isEqualTo(2);
    assertThat(plan.upgrades().get(1).unfixed()).isEqualTo(1);
  }

  @Test
  void shouldMergeCountedPartialsExactlyWhenEachPackageProjectLivesInOnePart() {
    PortfolioFixPlan whole = new PortfolioFixPlan(Filter.ALL);
    PortfolioFixPlan first = new PortfolioFixPlan(Filter.ALL);
    PortfolioFixPlan second = new PortfolioFixPlan(Filter.ALL);
    List<Exposure> all = new java.util.ArrayList<>(portfolio());
    all.add(open("p4", "team-b", LOG4J, "HIGH", false, "2.17.2"));
    for (Exposure e : all) {
      whole.add(e);
      // like the correlator's package shards: (package, project) → one part
      ((e.packageKey() + e.projectId()).hashCode() % 2 == 0 ? first : second).add(e);
    }
    PortfolioFixPlan merged = new PortfolioFixPlan(Filter.ALL);
    merged.merge(first.countedPartial());
    merged.merge(second.countedPartial());
    merged.merge(PortfolioFixPlan.Partial.EMPTY);

    assertThat(merged.plan(10)).isEqualTo(whole.plan(10));
    assertThat(merged.plan(10).upgrades().get(0).projects()).isEqualTo(3);
    assertThat(first.countedPartial().packages()).isNotEmpty();
    assertThat(second.countedPartial().packages()).isNotEmpty();
  }

  @Test
  void shouldCountOnlyTheTeamAskedFor() {
    PortfolioFixPlan teamA = new PortfolioFixPlan(new Filter("team-a", null));
    portfolio().forEach(teamA::add);

    Plan plan = teamA.plan(10);

    assertThat(plan.projects()).isEqualTo(2);
    assertThat(plan.upgrades())
        .singleElement()
        .satisfies(u -> assertThat(u.upgradeTo()).isEqualTo("2.17.1"));
  }

  @Test
  void shouldRenderTheRankedUpgradesAsMarkdownAndJson() {
    PortfolioFixPlan p = new PortfolioFixPlan(Filter.ALL);
    portfolio().forEach(p::add);
    Plan plan = p.plan(1);

    assertThat(PortfolioFixPlanRender.markdown(plan))
        .isEqualTo(
            "# Portfolio fix plan\n\n"
                + "Open: 4 exposures (2 critical, 1 high, 1 medium; 2 in KEV) in 3 projects."
                + " 2 package upgrades resolve what a known version fixes; the top 1, most Act,"
                + " KEV and severity first:\n\n"
                + "1. Upgrade `pkg:maven/org.apache.logging.log4j/log4j-core` to ≥ `2.17.10` in 2"
                + " projects — resolves 2 exposures (2 critical; 2 in KEV), 2 SSVC Act\n"
                + "\nLeft out: 1 suppressed exposure (triage: not_affected or false_positive).\n");
    JsonNode json = PortfolioFixPlanRender.json(plan);
    assertThat(json.path("packages").asInt()).isEqualTo(2);
    assertThat(json.path("upgrades").get(0).path("rank").asInt()).isEqualTo(1);
    assertThat(json.path("upgrades").get(0).path("projects").asInt()).isEqualTo(2);
  }
}
