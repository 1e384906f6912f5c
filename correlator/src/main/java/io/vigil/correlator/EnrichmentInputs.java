package io.vigil.correlator;

import io.vigil.events.v1.CvssMetric;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.EpssScore;
import io.vigil.events.v1.KevEntry;
import io.vigil.events.v1.NvdCve;

/**
 * Pure conversions of the enrichment topics' records into the correlator's small internal form. A
 * null record (a tombstone on the compacted topic) means the feed no longer lists the CVE.
 */
final class EnrichmentInputs {
  private EnrichmentInputs() {}

  static CveEnrichment.Input kev(String cve, KevEntry e) {
    if (e == null || e.getChange() == EnrichmentChange.REMOVED) {
      return new CveEnrichment.Input(cve, CveEnrichment.Feed.KEV, null, null, null);
    }
    return new CveEnrichment.Input(
        cve,
        CveEnrichment.Feed.KEV,
        new CveEnrichment.Kev(
            (int) e.getDateAdded().toEpochDay(),
            e.getDueDate() == null ? null : (int) e.getDueDate().toEpochDay(),
            e.getKnownRansomwareCampaignUse()),
        null,
        null);
  }

  static CveEnrichment.Input epss(String cve, EpssScore e) {
    return new CveEnrichment.Input(
        cve,
        CveEnrichment.Feed.EPSS,
        null,
        e == null
            ? null
            : new CveEnrichment.Epss(
                e.getEpss(), e.getPercentile(), (int) e.getScoreDate().toEpochDay()),
        null);
  }

  /** NVD: the highest primary CVSS base score (any version); a rejected CVE has none. */
  static CveEnrichment.Input nvd(String cve, NvdCve e) {
    CveEnrichment.Nvd best = null;
    if (e != null && !"Rejected".equalsIgnoreCase(e.getVulnStatus())) {
      for (boolean primaryOnly : new boolean[] {true, false}) {
        for (CvssMetric m : e.getMetrics()) {
          if ((primaryOnly && !m.getPrimary()) || m.getBaseScore() == null) {
            continue;
          }
          if (best == null || m.getBaseScore() > best.score()) {
            best = new CveEnrichment.Nvd(m.getBaseScore(), m.getBaseSeverity(), m.getVector());
          }
        }
        if (best != null) {
          break;
        }
      }
    }
    return new CveEnrichment.Input(cve, CveEnrichment.Feed.NVD, null, null, best);
  }
}
