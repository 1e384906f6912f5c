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

  /** Either input of the package-keyed systemic stage (components or portfolio totals). */
  record Input(PackageUseChange use, PortfolioTotals totals) {}

  /** A component added or updated ({@code row} set) or removed ({@code row} null). */
  record PackageUseChange(String storeKey, PackageUseRow row) {}

  /**
   * What a SYSTEMIC event needs of the advisory's first exposure on a package, kept while the pair
   * waits on the watch list.
   */
  record Watched(
      String advisoryId, String summary, String severity, boolean malicious, long triggeredAt) {
    static Watched of(io.vigil.events.v1.ExposureEvent e) {
      return new Watched(
          e.getAdvisory().getId(),
          e.getAdvisory().getSummary(),
          e.getAdvisory().getSeverity(),
          Boolean.TRUE.equals(e.getMalicious()),
          e.getTriggeredAt().toEpochMilli());
    }
  }
}
