package io.vigil.correlator;

/** The internal records of the SYSTEMIC fan-in (JSON in stores and repartitions). */
final class SystemicRecords {
  private SystemicRecords() {}

  /**
   * A project entered or left the portfolio, or changed criticality (key: {@code portfolio}).
   *
   * @param criticality core's {@code Criticality} name, or null when unknown
   */
  record ProjectPresence(String project, boolean present, String criticality) {}

  /** The portfolio's size, broadcast to every package-keyed task. */
  record PortfolioTotals(int projects, int missionEssential) {
    static final PortfolioTotals EMPTY = new PortfolioTotals(0, 0);
  }

  /**
   * One component of a project, in the by-package fan-in.
   *
   * @param criticality core's {@code Criticality} name, or null when unknown
   */
  record PackageUseRow(String project, String version, Boolean direct, String criticality) {}

  /**
   * A package's reach counts over the projects of one task's partition (a row of {@code
   * package-reach-store}, kept incrementally): as core's {@code PackageReach} without the shares,
   * which depend on the portfolio's size and are taken when read.
   */
  record PackageCounts(
      int projects,
      int directProjects,
      int transitiveProjects,
      int unknownReachProjects,
      int missionEssentialProjects,
      java.util.SortedMap<String, Integer> projectsByVersion) {
    static final PackageCounts NONE = new PackageCounts(0, 0, 0, 0, 0, new java.util.TreeMap<>());

    /** These counts with one project's reach added ({@code sign} 1) or taken away (-1). */
    PackageCounts plus(io.vigil.core.risk.PackageReach r, int sign) {
      java.util.TreeMap<String, Integer> versions = new java.util.TreeMap<>(projectsByVersion);
      r.projectsByVersion()
          .forEach(
              (v, n) -> {
                int left = versions.getOrDefault(v, 0) + sign * n;
                if (left == 0) {
                  versions.remove(v);
                } else {
                  versions.put(v, left);
                }
              });
      return new PackageCounts(
          projects + sign * r.projects(),
          directProjects + sign * r.directProjects(),
          transitiveProjects + sign * r.transitiveProjects(),
          unknownReachProjects + sign * r.unknownReachProjects(),
          missionEssentialProjects + sign * r.missionEssentialProjects(),
          versions);
    }

    /** As core's reach, the shares left 0 (see {@code SystemicRisk.merge}). */
    io.vigil.core.risk.PackageReach reach(String packageKey) {
      return new io.vigil.core.risk.PackageReach(
          packageKey,
          projects,
          directProjects,
          transitiveProjects,
          unknownReachProjects,
          missionEssentialProjects,
          projectsByVersion,
          0.0,
          0.0);
    }
  }

  /** Either input of the package-keyed systemic stage (components or portfolio totals). */
  record Input(PackageUseChange use, PortfolioTotals totals) {}

  /** A component added or updated ({@code row} set) or removed ({@code row} null). */
  record PackageUseChange(String storeKey, PackageUseRow row) {}

  /**
   * What a SYSTEMIC event needs of the advisory's first exposure on a package and of the fix plan
   * over its gathered exposures, kept while the pair waits on the watch list.
   *
   * @param fix the fix plan's numbers (null for a pair watched before they existed)
   */
  record Watched(
      String advisoryId,
      String summary,
      String severity,
      boolean malicious,
      long triggeredAt,
      SystemicFixNumbers fix) {
    static Watched of(io.vigil.events.v1.ExposureEvent e, SystemicFixNumbers fix) {
      return new Watched(
          e.getAdvisory().getId(),
          e.getAdvisory().getSummary(),
          e.getAdvisory().getSeverity(),
          Boolean.TRUE.equals(e.getMalicious()),
          e.getTriggeredAt().toEpochMilli(),
          fix);
    }
  }
}
