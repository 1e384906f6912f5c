package io.vigil.core.risk;

import java.util.SortedMap;

/**
 * How far one package reaches into the portfolio.
 *
 * @param packageKey the package
 * @param projects projects shipping it (at any version, directly or not)
 * @param directProjects projects that depend on it directly (at least one of its uses is direct)
 * @param transitiveProjects projects that ship it only transitively (every use says so)
 * @param unknownReachProjects the others: no use is direct and at least one cannot tell
 * @param missionEssentialProjects projects shipping it whose criticality is mission-essential
 * @param projectsByVersion how many projects ship each version (a project shipping two versions
 *     counts for both; an unknown version is the key {@code ""})
 * @param shareOfProjects {@code projects} / projects in the portfolio
 * @param shareOfMissionEssential {@code missionEssentialProjects} / mission-essential projects in
 *     the portfolio (0 when it has none)
 */
public record PackageReach(
    String packageKey,
    int projects,
    int directProjects,
    int transitiveProjects,
    int unknownReachProjects,
    int missionEssentialProjects,
    SortedMap<String, Integer> projectsByVersion,
    double shareOfProjects,
    double shareOfMissionEssential) {

  public PackageReach {
    projectsByVersion =
        java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(projectsByVersion));
  }

  /** Distinct versions shipped across the portfolio (version sprawl). */
  public int distinctVersions() {
    return projectsByVersion.size();
  }
}
