package io.vigil.core.risk;

import io.vigil.core.project.Criticality;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Systemic risk, measured: for every package of a portfolio, how many projects ship it, directly or
 * only transitively, at how many versions, and how many of them are mission-essential; which
 * packages are systemic under a {@link SystemicPolicy}; and the ranking of {@code vigil risk top}.
 * Pure: the portfolio in, figures out.
 */
public final class SystemicRisk {
  /**
   * The order of {@code vigil risk top}, "the packages whose compromise would reach the most
   * critical projects": more mission-essential projects first, then more projects, then more direct
   * users (a direct dependency is the one a team controls and an attacker targets), then more
   * versions (sprawl: harder to fix everywhere), then the package key.
   */
  public static final Comparator<PackageReach> RANKING =
      Comparator.comparingInt(PackageReach::missionEssentialProjects)
          .thenComparingInt(PackageReach::projects)
          .thenComparingInt(PackageReach::directProjects)
          .thenComparingInt(PackageReach::distinctVersions)
          .reversed()
          .thenComparing(PackageReach::packageKey);

  private SystemicRisk() {}

  /**
   * Every package's reach.
   *
   * @param criticality the criticality of every project of the portfolio (null: unknown); projects
   *     that ship nothing count too, and a project of {@code uses} missing here counts with an
   *     unknown criticality
   * @param uses every (project, package, version) of the portfolio
   * @return one entry per package, in {@link #RANKING} order
   */
  public static List<PackageReach> measure(
      Map<String, Criticality> criticality, List<PackageUse> uses) {
    Set<String> projects = new HashSet<>(criticality.keySet());
    uses.forEach(u -> projects.add(u.project()));
    long essentialInPortfolio =
        projects.stream().filter(p -> criticality.get(p) == Criticality.MISSION_ESSENTIAL).count();

    // package → project → its reach in that project; package → version → projects
    Map<String, Map<String, Reach>> reach = new LinkedHashMap<>();
    Map<String, Map<String, Set<String>>> versions = new HashMap<>();
    for (PackageUse u : uses) {
      reach
          .computeIfAbsent(u.packageKey(), k -> new HashMap<>())
          .merge(u.project(), Reach.of(u.direct()), Reach::join);
      versions
          .computeIfAbsent(u.packageKey(), k -> new HashMap<>())
          .computeIfAbsent(u.version() == null ? "" : u.version(), v -> new HashSet<>())
          .add(u.project());
    }

    List<PackageReach> out = new ArrayList<>(reach.size());
    reach.forEach(
        (pkg, byProject) -> {
          int direct = 0;
          int transitive = 0;
          int unknown = 0;
          int essential = 0;
          for (Map.Entry<String, Reach> e : byProject.entrySet()) {
            switch (e.getValue()) {
              case DIRECT -> direct++;
              case TRANSITIVE -> transitive++;
              case UNKNOWN -> unknown++;
            }
            if (criticality.get(e.getKey()) == Criticality.MISSION_ESSENTIAL) {
              essential++;
            }
          }
          TreeMap<String, Integer> byVersion = new TreeMap<>();
          versions.get(pkg).forEach((v, ps) -> byVersion.put(v, ps.size()));
          out.add(
              new PackageReach(
                  pkg,
                  byProject.size(),
                  direct,
                  transitive,
                  unknown,
                  essential,
                  byVersion,
                  (double) byProject.size() / projects.size(),
                  essentialInPortfolio == 0 ? 0.0 : (double) essential / essentialInPortfolio));
        });
    out.sort(RANKING);
    return out;
  }

  /**
   * The reach over a whole portfolio from the reach measured over parts of it ({@link #measure} of
   * each part), where every (project, package) pair lies wholly in one part (a project's uses of a
   * package are never split: the correlator's package shards are keyed by project): the counts add
   * up, the shares are taken again over the whole portfolio.
   *
   * @param parts each part's packages
   * @param portfolioProjects projects in the whole portfolio
   * @param portfolioMissionEssential mission-essential projects in the whole portfolio
   * @return one entry per package, in {@link #RANKING} order
   */
  public static List<PackageReach> merge(
      Collection<? extends Collection<PackageReach>> parts,
      int portfolioProjects,
      int portfolioMissionEssential) {
    Map<String, PackageReach> sum = new LinkedHashMap<>();
    for (Collection<PackageReach> part : parts) {
      for (PackageReach r : part) {
        sum.merge(r.packageKey(), r, SystemicRisk::add);
      }
    }
    List<PackageReach> out = new ArrayList<>(sum.size());
    for (PackageReach r : sum.values()) {
      out.add(
          new PackageReach(
              r.packageKey(),
              r.projects(),
              r.directProjects(),
              r.transitiveProjects(),
              r.unknownReachProjects(),
              r.missionEssentialProjects(),
              r.projectsByVersion(),
              portfolioProjects == 0 ? 0.0 : (double) r.projects() / portfolioProjects,
              portfolioMissionEssential == 0
                  ? 0.0
                  : (double) r.missionEssentialProjects() / portfolioMissionEssential));
    }
    out.sort(RANKING);
    return out;
  }

  private static PackageReach add(PackageReach a, PackageReach b) {
    TreeMap<String, Integer> versions = new TreeMap<>(a.projectsByVersion());
    b.projectsByVersion().forEach((v, n) -> versions.merge(v, n, Integer::sum));
    return new PackageReach(
        a.packageKey(),
        a.projects() + b.projects(),
        a.directProjects() + b.directProjects(),
        a.transitiveProjects() + b.transitiveProjects(),
        a.unknownReachProjects() + b.unknownReachProjects(),
        a.missionEssentialProjects() + b.missionEssentialProjects(),
        versions,
        0.0,
        0.0);
  }

  /** The first {@code limit} packages of {@link #measure} ({@code vigil risk top}). */
  public static List<PackageReach> top(
      Map<String, Criticality> criticality, List<PackageUse> uses, int limit) {
    List<PackageReach> all = measure(criticality, uses);
    return all.subList(0, Math.min(limit, all.size()));
  }

  /** The packages that are systemic under {@code policy}, in ranking order. */
  public static List<PackageReach> systemic(
      Map<String, Criticality> criticality, List<PackageUse> uses, SystemicPolicy policy) {
    return measure(criticality, uses).stream().filter(policy::isSystemic).toList();
  }

  /** How a project reaches a package over all its uses of it: direct wins, then unknown. */
  private enum Reach {
    DIRECT,
    UNKNOWN,
    TRANSITIVE;

    static Reach of(Boolean direct) {
      return direct == null ? UNKNOWN : direct ? DIRECT : TRANSITIVE;
    }

    static Reach join(Reach a, Reach b) {
      return a.ordinal() <= b.ordinal() ? a : b;
    }
  }
}
