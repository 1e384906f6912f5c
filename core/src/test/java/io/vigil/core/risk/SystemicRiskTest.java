package io.vigil.core.risk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.project.Criticality;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SystemicRiskTest {

  /**
   * A generated portfolio (seeded): 600 projects, a fifth of each criticality and a fifth unknown,
   * 60 packages of skewed popularity, some projects shipping two versions of a package, direct
   * flags true, false and unknown. The expected figures are counted while generating, with arrays
   * indexed by project number, never by the code under test.
   */
  @Test
  void shouldMatchAnIndependentCountOnAGeneratedPortfolio() {
    int projectCount = 600;
    int packageCount = 60;
    Random random = new Random(20261207L);
    Criticality[] levels = {
      Criticality.MISSION_ESSENTIAL, Criticality.SUPPORT, Criticality.MINIMAL, null, null
    };
    Map<String, Criticality> criticality = new LinkedHashMap<>();
    Criticality[] criticalityOf = new Criticality[projectCount];
    for (int p = 0; p < projectCount; p++) {
      criticalityOf[p] = levels[random.nextInt(levels.length)];
      if (criticalityOf[p] != null || random.nextBoolean()) {
        criticality.put(project(p), criticalityOf[p]); // some unknown ones are not even listed
      }
    }
    boolean[][] uses = new boolean[packageCount][projectCount];
    boolean[][] anyDirect = new boolean[packageCount][projectCount];
    boolean[][] anyUnknown = new boolean[packageCount][projectCount];
    List<Map<String, boolean[]>> versionUsers = new ArrayList<>();
    for (int k = 0; k < packageCount; k++) {
      versionUsers.add(new HashMap<>());
    }
    List<PackageUse> portfolio = new ArrayList<>();
    for (int p = 0; p < projectCount; p++) {
      for (int k = 0; k < packageCount; k++) {
        double popularity = 0.9 / (1 + k * 0.25); // package 0 in ~90 % of projects, 59 in ~6 %
        if (random.nextDouble() >= popularity) {
          continue;
        }
        int copies = random.nextInt(10) == 0 ? 2 : 1;
        for (int c = 0; c < copies; c++) {
          String version = random.nextInt(20) == 0 ? null : "1." + random.nextInt(1 + k % 7);
          int flag = random.nextInt(3);
          Boolean direct = flag == 0 ? Boolean.TRUE : flag == 1 ? Boolean.FALSE : null;
          portfolio.add(new PackageUse(project(p), pkg(k), version, direct));
          uses[k][p] = true;
          anyDirect[k][p] |= flag == 0;
          anyUnknown[k][p] |= flag == 2;
          versionUsers.get(k)
                  .computeIfAbsent(version == null ? "" : version, v -> new boolean[projectCount])[
                  p] =
              true;
        }
      }
    }
    Collections.shuffle(portfolio, random);
    int essentialInPortfolio = 0;
    for (Criticality c : criticalityOf) {
      essentialInPortfolio += c == Criticality.MISSION_ESSENTIAL ? 1 : 0;
    }

    List<PackageReach> measured = SystemicRisk.measure(criticality, portfolio);

    int packagesUsed = 0;
    for (int k = 0; k < packageCount; k++) {
      int projects = 0;
      int direct = 0;
      int transitive = 0;
      int unknown = 0;
      int essential = 0;
      for (int p = 0; p < projectCount; p++) {
        if (!uses[k][p]) {
          continue;
        }
        projects++;
        if (anyDirect[k][p]) {
          direct++;
        } else if (anyUnknown[k][p]) {
          unknown++;
        } else {
          transitive++;
        }
        essential += criticalityOf[p] == Criticality.MISSION_ESSENTIAL ? 1 : 0;
      }
      if (projects == 0) {
        continue;
      }
      packagesUsed++;
      Map<String, Integer> byVersion = new HashMap<>();
      versionUsers
          .get(k)
          .forEach(
              (v, users) -> {
                int n = 0;
                for (boolean u : users) {
                  n += u ? 1 : 0;
                }
                byVersion.put(v, n);
              });
      String key = pkg(k);
      PackageReach r =
          measured.stream().filter(m -> m.packageKey().equals(key)).findFirst().orElseThrow();
      assertThat(r.projects()).as(key).isEqualTo(projects);
      assertThat(r.directProjects()).as(key).isEqualTo(direct);
      assertThat(r.transitiveProjects()).as(key).isEqualTo(transitive);
      assertThat(r.unknownReachProjects()).as(key).isEqualTo(unknown);
      assertThat(r.missionEssentialProjects()).as(key).isEqualTo(essential);
      assertThat(r.projectsByVersion()).as(key).isEqualTo(byVersion);
      assertThat(r.distinctVersions()).as(key).isEqualTo(byVersion.size());
      assertThat(r.shareOfProjects()).as(key).isEqualTo((double) projects / projectCount);
      assertThat(r.shareOfMissionEssential())
          .as(key)
          .isEqualTo((double) essential / essentialInPortfolio);
    }
    assertThat(measured).hasSize(packagesUsed);
    assertThat(measured).isSortedAccordingTo(SystemicRisk.RANKING);
    assertThat(measured.get(0).missionEssentialProjects())
        .isEqualTo(
            measured.stream().mapToInt(PackageReach::missionEssentialProjects).max().getAsInt());
    // the same portfolio in another order measures the same
    List<PackageUse> reversed = new ArrayList<>(portfolio);
    Collections.reverse(reversed);
    assertThat(SystemicRisk.measure(criticality, reversed)).isEqualTo(measured);
  }

  @Test
  void shouldCallAPackageSystemicAboveEitherShareAndFromTheMinimumNumberOfProjects() {
    // 10 projects, 2 mission-essential (e1, e2)
    Map<String, Criticality> portfolio = new LinkedHashMap<>();
    for (int i = 1; i <= 8; i++) {
      portfolio.put("p" + i, Criticality.SUPPORT);
    }
    portfolio.put("e1", Criticality.MISSION_ESSENTIAL);
    portfolio.put("e2", Criticality.MISSION_ESSENTIAL);
    List<PackageUse> uses = new ArrayList<>();
    for (String p : List.of("p1", "p2", "p3")) {
      uses.add(new PackageUse(p, "npm/wide", "1.0", true)); // 3 of 10: 30 %
    }
    for (String p : List.of("p1", "p2")) {
      uses.add(new PackageUse(p, "npm/two", "1.0", true)); // 20 %, but 2 projects
    }
    uses.add(new PackageUse("e1", "npm/critical", "1.0", false)); // 1 of 2 essential
    uses.add(new PackageUse("p4", "npm/critical", "1.0", false));
    uses.add(new PackageUse("p5", "npm/critical", "2.0", false)); // 3 projects, 30 %
    SystemicPolicy policy = new SystemicPolicy(0.3, 0.4, 3);

    Map<String, Boolean> systemic = new HashMap<>();
    SystemicRisk.measure(portfolio, uses)
        .forEach(r -> systemic.put(r.packageKey(), policy.isSystemic(r)));

    assertThat(systemic)
        .containsEntry("npm/wide", false) // 30 % is not more than 30 %
        .containsEntry("npm/two", false) // fewer than 3 projects
        .containsEntry("npm/critical", true); // 50 % of the mission-essential projects
    assertThat(SystemicRisk.systemic(portfolio, uses, new SystemicPolicy(0.29, 0.5, 3)))
        .extracting(PackageReach::packageKey)
        .as("in ranking order: the package of a mission-essential project first")
        .containsExactly("npm/critical", "npm/wide");
  }

  @Test
  void shouldRankByMissionEssentialProjectsThenProjectsThenDirectUsersThenVersions() {
    Map<String, Criticality> c =
        Map.of(
            "a", Criticality.MISSION_ESSENTIAL,
            "b", Criticality.SUPPORT,
            "c", Criticality.SUPPORT,
            "d", Criticality.MINIMAL);
    List<PackageUse> uses =
        List.of(
            new PackageUse("b", "x/broad", "1", false),
            new PackageUse("c", "x/broad", "1", false),
            new PackageUse("d", "x/broad", "1", false),
            new PackageUse("a", "x/critical", "1", false),
            new PackageUse("b", "x/direct", "1", true),
            new PackageUse("c", "x/direct", "1", true),
            new PackageUse("b", "x/sprawl", "1", false),
            new PackageUse("c", "x/sprawl", "2", false),
            new PackageUse("b", "x/plain", "1", false),
            new PackageUse("c", "x/plain", "1", false));

    assertThat(SystemicRisk.top(c, uses, 10))
        .extracting(PackageReach::packageKey)
        .containsExactly("x/critical", "x/broad", "x/direct", "x/sprawl", "x/plain");
    assertThat(SystemicRisk.top(c, uses, 2)).hasSize(2);
  }

  @Test
  void shouldCountAProjectOutsideTheCriticalityMapAndAnEmptyPortfolio() {
    List<PackageReach> r =
        SystemicRisk.measure(Map.of(), List.of(new PackageUse("lone", "npm/x", null, null)));

    assertThat(r).hasSize(1);
    assertThat(r.get(0).shareOfProjects()).isEqualTo(1.0);
    assertThat(r.get(0).shareOfMissionEssential()).isEqualTo(0.0);
    assertThat(r.get(0).unknownReachProjects()).isEqualTo(1);
    assertThat(r.get(0).projectsByVersion()).containsExactly(Map.entry("", 1));
    assertThat(SystemicRisk.measure(Map.of("idle", Criticality.SUPPORT), List.of())).isEmpty();
    assertThat(SystemicPolicy.DEFAULTS.isSystemic(r.get(0)))
        .as("one project is not systemic")
        .isFalse();
  }

  @Test
  void shouldRefuseAPolicyOrUseThatCannotMeanAnything() {
    assertThatThrownBy(() -> new SystemicPolicy(1.0, 0.1, 1)).hasMessageContaining("projectShare");
    assertThatThrownBy(() -> new SystemicPolicy(0.1, -0.1, 1))
        .hasMessageContaining("missionEssentialShare");
    assertThatThrownBy(() -> new SystemicPolicy(0.1, 0.1, 0)).hasMessageContaining("minProjects");
    assertThatThrownBy(() -> new PackageUse("p", null, "1", true))
        .hasMessageContaining("package key");
  }

  /**
   * The correlator measures each partition of its stores and merges the parts: a project's uses of
   * a package lie in one partition, its uses of different packages in several. The merged figures
   * equal those measured over the whole portfolio at once.
   */
  @Test
  void shouldMergeThePartsOfAPortfolioIntoTheFiguresOfTheWhole() {
    Random random = new Random(17L);
    Map<String, Criticality> criticality = new LinkedHashMap<>();
    Criticality[] levels = {Criticality.MISSION_ESSENTIAL, Criticality.SUPPORT, null};
    List<PackageUse> whole = new ArrayList<>();
    int parts = 4;
    List<List<PackageUse>> byPart = new ArrayList<>();
    for (int i = 0; i < parts; i++) {
      byPart.add(new ArrayList<>());
    }
    for (int p = 0; p < 200; p++) {
      criticality.put(project(p), levels[random.nextInt(levels.length)]);
      for (int k = 0; k < 30; k++) {
        if (random.nextDouble() >= 0.8 / (1 + k * 0.2)) {
          continue;
        }
        int part = Math.floorMod((project(p) + "|" + pkg(k)).hashCode(), parts);
        for (int c = 0; c < (random.nextInt(8) == 0 ? 2 : 1); c++) {
          int flag = random.nextInt(3);
          PackageUse u =
              new PackageUse(
                  project(p),
                  pkg(k),
                  "2." + random.nextInt(4),
                  flag == 0 ? Boolean.TRUE : flag == 1 ? Boolean.FALSE : null);
          whole.add(u);
          byPart.get(part).add(u);
        }
      }
    }
    int essential =
        (int) criticality.values().stream().filter(c -> c == Criticality.MISSION_ESSENTIAL).count();
    List<List<PackageReach>> measuredParts = new ArrayList<>();
    for (List<PackageUse> part : byPart) {
      measuredParts.add(SystemicRisk.measure(criticality, part));
    }

    List<PackageReach> merged = SystemicRisk.merge(measuredParts, criticality.size(), essential);

    assertThat(merged).isEqualTo(SystemicRisk.measure(criticality, whole));
    assertThat(merged.get(0).shareOfProjects()).isGreaterThan(0.5);
  }

  private static String project(int p) {
    return "project-" + p;
  }

  private static String pkg(int k) {
    return "npm/package-" + k;
  }
}
