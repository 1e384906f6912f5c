package io.vigil.correlator;

/**
 * What the enrichment feeds say about one CVE: KEV status, EPSS score and NVD's severity (the
 * internal form of {@code KevEntry}, {@code EpssScore} and {@code NvdCve}, kept small). Store
 * values of {@code enrichment-by-cve-store} and {@code enrichment-by-package-store}, records of the
 * enrichment repartitions.
 *
 * @param cve the CVE id
 * @param kev KEV status, null when not in KEV
 * @param epss EPSS score, null when unknown
 * @param nvd NVD's highest CVSS score, null when unknown
 */
record CveEnrichment(String cve, Kev kev, Epss epss, Nvd nvd) {

  /** In CISA KEV. Dates are days since 1970-01-01. */
  record Kev(int dateAdded, Integer dueDate, String knownRansomwareCampaignUse) {}

  /** FIRST EPSS. */
  record Epss(double score, double percentile, int scoreDate) {}

  /** NVD CVSS: the highest base score, its rating and vector. */
  record Nvd(double score, String severity, String vector) {}

  /** One feed's news about a CVE (a null part means that feed no longer lists it). */
  record Input(String cve, Feed feed, Kev kev, Epss epss, Nvd nvd) {}

  enum Feed {
    KEV,
    EPSS,
    NVD
  }

  static CveEnrichment empty(String cve) {
    return new CveEnrichment(cve, null, null, null);
  }

  boolean isEmpty() {
    return kev == null && epss == null && nvd == null;
  }

  /** This enrichment with one feed's news applied. */
  CveEnrichment apply(Input in) {
    return switch (in.feed()) {
      case KEV -> new CveEnrichment(cve, in.kev(), epss, nvd);
      case EPSS -> new CveEnrichment(cve, kev, in.epss(), nvd);
      case NVD -> new CveEnrichment(cve, kev, epss, in.nvd());
    };
  }
}
