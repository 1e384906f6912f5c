package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.fixplan.PortfolioFixPlan;
import io.vigil.core.fixplan.PortfolioFixPlan.Filter;
import io.vigil.core.fixplan.PortfolioFixPlan.Plan;
import io.vigil.core.fixplan.PortfolioFixPlan.Upgrade;
import io.vigil.core.fixplan.PortfolioFixPlanRender;
import io.vigil.core.fixplan.Ssvc;
import io.vigil.core.fixplan.Tally;
import io.vigil.correlator.fixplan.PortfolioExposures;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.FixChange;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.ProjectContext;
import io.vigil.events.v1.SsvcAutomatable;
import io.vigil.events.v1.SsvcDecision;
import io.vigil.events.v1.SsvcExploitation;
import io.vigil.events.v1.SsvcMissionWellbeing;
import io.vigil.events.v1.SsvcOutcome;
import io.vigil.events.v1.SsvcTechnicalImpact;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The portfolio fix plan folded per partition, merged from the partials as they travel between
 * instances (JSON), and checked against an independent count over the whole generated portfolio.
 */
class PortfolioFixPlanTest {
  private static final Instant T0 = Instant.parse("2021-12-20T00:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PARTITIONS = 4;
  private static final String[] SEVERITIES = {"CRITICAL", "HIGH", "MEDIUM", "LOW", null};
  private static final SsvcOutcome[] OUTCOMES = {
    SsvcOutcome.ACT, SsvcOutcome.ATTEND, SsvcOutcome.TRACK_STAR, SsvcOutcome.TRACK, null
  };

  /** A package: its purl without version, versions in use, and fixing versions, lowest first. */
  private record Pkg(String purl, List<String> versions, List<String> fixes) {}

  private static final List<Pkg> PACKAGES =
      List.of(
          new Pkg(
              "pkg:maven/org.apache.logging.log4j/log4j-core",
              List.of("2.14.1", "2.15.0", "2.16.0"),
              List.of("2.15.0", "2.16.0", "2.17.1", "2.17.10")),
          new Pkg(
              "pkg:maven/com.fasterxml.jackson.core/jackson-databind",
              List.of("2.9.8", "2.10.0"),
              List.of("2.9.10", "2.9.10.8", "2.12.7.1")),
          new Pkg("pkg:npm/lodash", List.of("4.17.15", "4.17.19"), List.of("4.17.19", "4.17.21")),
          new Pkg("pkg:pypi/requests", List.of("2.19.0"), List.of("2.20.0", "2.31.0")),
          new Pkg("pkg:npm/minimist", List.of("1.2.0"), List.of("1.2.6")));

  /** One generated exposure and what the test knows of it independently of the plan. */
  private record Gen(
      ExposureEvent event,
      String packageKey,
      int pkg,
      int fixIndex,
      boolean suppressed,
      String team,
      Set<String> tags) {}

  private static List<Gen> portfolio(long seed) {
    Random r = new Random(seed);
    List<Gen> out = new ArrayList<>();
    for (int p = 0; p < 80; p++) {
      String project = "proj-" + p;
      String team = r.nextInt(3) == 0 ? null : "team-" + r.nextInt(3);
      Set<String> tags = r.nextBoolean() ? Set.of("pci") : Set.of();
      for (int k = 0; k < PACKAGES.size(); k++) {
        if (r.nextInt(3) == 0) {
          continue;
        }
        Pkg pkg = PACKAGES.get(k);
        String purl = pkg.purl() + "@" + pkg.versions().get(r.nextInt(pkg.versions().size()));
        int advisories = 1 + r.nextInt(3);
        // the component's fix: one of the package's fixing versions, or none (-1) for all
        int componentFix = r.nextInt(6) == 0 ? -1 : r.nextInt(pkg.fixes().size());
        for (int a = 0; a < advisories; a++) {
          boolean ownFix = componentFix >= 0 && r.nextInt(8) != 0;
          boolean suppressed = r.nextInt(7) == 0;
          ExposureEvent e =
              exposure(
                  project,
                  purl,
                  "GHSA-" + k + "-" + a,
                  SEVERITIES[r.nextInt(SEVERITIES.length)],
                  r.nextInt(5) == 0,
                  OUTCOMES[r.nextInt(OUTCOMES.length)],
                  ownFix ? pkg.fixes().get(componentFix) : null,
                  componentFix >= 0 ? pkg.fixes().get(componentFix) : null,
                  team,
                  tags);
          out.add(
              new Gen(
                  e,
                  PackageKeys.ofPurl(purl),
                  k,
                  ownFix ? componentFix : -1,
                  suppressed,
                  team,
                  tags));
        }
      }
    }
    return out;
  }

  private static ExposureEvent exposure(
      String project,
      String purl,
      String advisory,
      String severity,
      boolean kev,
      SsvcOutcome outcome,
      String fix,
      String componentFix,
      String team,
      Set<String> tags) {
    var c = Fixtures.component(project, purl, ComponentChange.ADDED, "s-" + project);
    var b =
        ExposureEvent.newBuilder()
            .setEventId("e-" + project + purl + advisory)
            .setExposureId("x-" + project + purl + advisory)
            .setType(ExposureType.NEW)
            .setCause(ExposureCause.NEW_ADVISORY)
            .setProjectId(project)
            .setProject(project)
            .setComponent(c.getComponent())
            .setAdvisory(
                ExposureAdvisory.newBuilder()
                    .setId(advisory)
                    .setAliases(List.of())
                    .setVulnerabilityId(advisory)
                    .setSeverity(severity)
                    .build())
            .setFixedVersions(fix == null ? List.of() : List.of(fix))
            .setSmallestFix(componentFix)
            .setFix(new Fix(fix, fix, FixChange.MINOR, false))
            .setComponentFix(
                componentFix == null
                    ? null
                    : new Fix(componentFix, componentFix, FixChange.MINOR, false))
            .setProjectContext(
                ProjectContext.newBuilder().setTeam(team).setTags(List.copyOf(tags)).build())
            .setTriggeredAt(T0)
            .setEmittedAt(T0);
    if (kev) {
      b.setKev(
          KevStatus.newBuilder()
              .setCveId("CVE-x")
              .setDateAdded(LocalDate.of(2021, 12, 10))
              .build());
    }
    if (outcome != null) {
      b.setSsvc(
          SsvcDecision.newBuilder()
              .setOutcome(outcome)
              .setExploitation(SsvcExploitation.NONE)
              .setAutomatable(SsvcAutomatable.NO)
              .setTechnicalImpact(SsvcTechnicalImpact.PARTIAL)
              .setMissionWellbeing(SsvcMissionWellbeing.LOW)
              .build());
    }
    return b.build();
  }

  /**
   * Each partition folded on its own (a project's components of a package live in one shard, so in
   * one partition), the partials sent as JSON text and merged in a shuffled order.
   */
  private static Plan distributed(List<Gen> gens, Filter filter, int top, long seed)
      throws Exception {
    List<PortfolioFixPlan> parts = new ArrayList<>();
    for (int i = 0; i < PARTITIONS; i++) {
      parts.add(new PortfolioFixPlan(filter));
    }
    for (Gen g : gens) {
      int p = Math.floorMod((g.event().getProjectId() + g.packageKey()).hashCode(), PARTITIONS);
      PortfolioExposures.add(parts.get(p), g.event(), g.packageKey(), g.suppressed());
    }
    List<JsonNode> wire = new ArrayList<>();
    for (PortfolioFixPlan p : parts) {
      wire.add(JSON.readTree(p.partial().toString()));
    }
    java.util.Collections.shuffle(wire, new Random(seed));
    PortfolioFixPlan merged = new PortfolioFixPlan(filter);
    wire.forEach(merged::merge);
    return merged.plan(top);
  }

  /** The expected figures of one package, counted directly from the generated exposures. */
  private record Expected(String upgradeTo, int projects, Tally resolves, int act, int unfixed) {}

  private static Map<String, Expected> independentCount(List<Gen> gens, Filter filter) {
    Map<String, Integer> bestFix = new HashMap<>();
    Map<String, Set<String>> projects = new HashMap<>();
    Map<String, Tally> resolves = new HashMap<>();
    Map<String, Integer> act = new HashMap<>();
    Map<String, Integer> unfixed = new HashMap<>();
    Map<String, Integer> pkgOf = new HashMap<>();
    for (Gen g : gens) {
      if (g.suppressed()
          || (filter.team() != null && !filter.team().equals(g.team()))
          || (filter.tag() != null && !g.tags().contains(filter.tag()))) {
        continue;
      }
      String key = g.packageKey();
      pkgOf.put(key, g.pkg());
      if (g.fixIndex() < 0) {
        unfixed.merge(key, 1, Integer::sum);
        continue;
      }
      // the component's fix is the index the generator chose for it, not the advisory's own
      String cf = g.event().getComponentFix().getSmallest();
      int idx = PACKAGES.get(g.pkg()).fixes().indexOf(cf);
      bestFix.merge(key, idx, Math::max);
      projects.computeIfAbsent(key, k -> new HashSet<>()).add(g.event().getProjectId());
      resolves.merge(
          key,
          Tally.ZERO.plus(g.event().getAdvisory().getSeverity(), g.event().getKev() != null),
          Tally::plus);
      if (g.event().getSsvc() != null && g.event().getSsvc().getOutcome() == SsvcOutcome.ACT) {
        act.merge(key, 1, Integer::sum);
      }
    }
    Map<String, Expected> out = new TreeMap<>();
    for (String key : bestFix.keySet()) {
      out.put(
          key,
          new Expected(
              PACKAGES.get(pkgOf.get(key)).fixes().get(bestFix.get(key)),
              projects.get(key).size(),
              resolves.get(key),
              act.getOrDefault(key, 0),
              unfixed.getOrDefault(key, 0)));
    }
    return out;
  }

  private static Map<String, Expected> actual(Plan plan) {
    Map<String, Expected> out = new TreeMap<>();
    for (Upgrade u : plan.upgrades()) {
      out.put(
          u.packageKey(),
          new Expected(u.upgradeTo(), u.projects(), u.resolves(), u.ssvc().act(), u.unfixed()));
    }
    return out;
  }

  @Test
  void shouldMatchAnIndependentCountOfAGeneratedPortfolioWhateverThePartitions() throws Exception {
    for (long seed = 1; seed <= 5; seed++) {
      List<Gen> gens = portfolio(seed);

      Plan plan = distributed(gens, Filter.ALL, 1000, seed);

      assertThat(actual(plan)).as("seed %d", seed).isEqualTo(independentCount(gens, Filter.ALL));
      long suppressed = gens.stream().filter(Gen::suppressed).count();
      assertThat(plan.suppressed()).isEqualTo(suppressed);
      assertThat(plan.open().total()).isEqualTo(gens.size() - suppressed);
      assertThat(plan.projects())
          .isEqualTo(
              gens.stream()
                  .filter(g -> !g.suppressed())
                  .map(g -> g.event().getProjectId())
                  .distinct()
                  .count());
      assertThat(plan.upgrades()).hasSize(plan.packages());
    }
  }

  @Test
  void shouldCountOnlyTheProjectsOfTheTeamAndTagAskedFor() throws Exception {
    List<Gen> gens = portfolio(42);
    Filter filter = new Filter("team-1", "pci");

    Plan plan = distributed(gens, filter, 1000, 42);

    Map<String, Expected> expected = independentCount(gens, filter);
    assertThat(expected).isNotEmpty();
    assertThat(actual(plan)).isEqualTo(expected);
    assertThat(actual(plan)).isNotEqualTo(independentCount(gens, Filter.ALL));
  }

  @Test
  void shouldRankByActThenKevThenSeverityAndKeepTheTopOnly() throws Exception {
    List<Gen> gens = portfolio(7);

    Plan all = distributed(gens, Filter.ALL, 1000, 7);
    Plan top2 = distributed(gens, Filter.ALL, 2, 7);

    for (int i = 1; i < all.upgrades().size(); i++) {
      Upgrade before = all.upgrades().get(i - 1);
      Upgrade after = all.upgrades().get(i);
      assertThat(
              java.util.Arrays.compare(
                  new int[] {
                    before.ssvc().act(), before.resolves().kev(), before.resolves().critical()
                  },
                  new int[] {
                    after.ssvc().act(), after.resolves().kev(), after.resolves().critical()
                  }))
          .isGreaterThanOrEqualTo(0);
    }
    assertThat(top2.upgrades()).containsExactlyElementsOf(all.upgrades().subList(0, 2));
    assertThat(top2.packages()).isEqualTo(all.packages());
  }

  @Test
  void shouldTakeTheHighestFixAnyProjectNeedsComparingVersionsNotText() throws Exception {
    String log4j = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
    List<Gen> gens = new ArrayList<>();
    for (String target : List.of("2.17.10", "2.17.9", "2.16.0")) {
      String project = "p-" + target;
      gens.add(
          new Gen(
              exposure(
                  project,
                  log4j,
                  "GHSA-1",
                  "CRITICAL",
                  true,
                  SsvcOutcome.ACT,
                  "2.15.0",
                  target,
                  null,
                  Set.of()),
              PackageKeys.ofPurl(log4j),
              0,
              0,
              false,
              null,
              Set.of()));
    }

    Plan plan = distributed(gens, Filter.ALL, 10, 1);

    assertThat(plan.upgrades())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.upgradeTo()).isEqualTo("2.17.10");
              assertThat(u.projects()).isEqualTo(3);
              assertThat(u.resolves()).isEqualTo(new Tally(3, 3, 0, 0, 0, 0, 3));
              assertThat(u.ssvc()).isEqualTo(new Ssvc(3, 0, 0, 0, 0));
            });
    assertThat(PortfolioFixPlanRender.markdown(plan))
        .isEqualTo(
            "# Portfolio fix plan\n\n"
                + "Open: 3 exposures (3 critical; 3 in KEV) in 3 projects. 1 package upgrade"
                + " resolves what a known version fixes; the top 1, most Act, KEV and severity"
                + " first:\n\n"
                + "1. Upgrade `pkg:maven/org.apache.logging.log4j/log4j-core` to ≥ `2.17.10` in 3"
                + " projects — resolves 3 exposures (3 critical; 3 in KEV), 3 SSVC Act\n");
    JsonNode json = PortfolioFixPlanRender.json(plan);
    assertThat(json.path("upgrades").get(0).path("upgradeTo").asText()).isEqualTo("2.17.10");
    assertThat(json.path("upgrades").get(0).path("resolves").path("kev").asInt()).isEqualTo(3);
    assertThat(json.path("upgrades").get(0).path("ssvc").path("act").asInt()).isEqualTo(3);
  }
}
