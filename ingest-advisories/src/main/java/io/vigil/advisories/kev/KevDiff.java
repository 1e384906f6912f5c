package io.vigil.advisories.kev;

import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.KevEntry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Pure: what changed between the catalog last published (the latest value per CVE on the KEV topic)
 * and a new catalog. A CVE new to KEV (or back after a removal) is {@code ADDED}: exposures to it
 * escalate downstream; a CVE whose entry changed (due date, ransomware use, text...) is {@code
 * UPDATED}; a CVE no longer in the catalog is {@code REMOVED} (its last entry, marked). A new
 * catalog version alone changes nothing.
 */
public final class KevDiff {
  private KevDiff() {}

  public static List<KevEntry> diff(
      Map<String, KevEntry> previous, List<KevEntry> catalog, String catalogVersion, Instant now) {
    List<KevEntry> out = new ArrayList<>();
    Map<String, KevEntry> current = new LinkedHashMap<>();
    for (KevEntry e : catalog) {
      current.putIfAbsent(e.getCveId(), e);
    }
    for (KevEntry e : current.values()) {
      KevEntry prev = previous.get(e.getCveId());
      if (prev == null || prev.getChange() == EnrichmentChange.REMOVED) {
        out.add(with(e, EnrichmentChange.ADDED, catalogVersion, now));
      } else if (!sameContent(prev, e)) {
        out.add(with(e, EnrichmentChange.UPDATED, catalogVersion, now));
      }
    }
    for (KevEntry prev : previous.values()) {
      if (prev.getChange() != EnrichmentChange.REMOVED && !current.containsKey(prev.getCveId())) {
        out.add(with(prev, EnrichmentChange.REMOVED, catalogVersion, now));
      }
    }
    return out;
  }

  private static KevEntry with(KevEntry e, EnrichmentChange c, String version, Instant now) {
    return KevEntry.newBuilder(e)
        .setChange(c)
        .setCatalogVersion(version)
        .setIngestedAt(now)
        .build();
  }

  /** Equal in everything the catalog says about the CVE (not change, version, ingestedAt). */
  static boolean sameContent(KevEntry a, KevEntry b) {
    return Objects.equals(a.getVendorProject(), b.getVendorProject())
        && Objects.equals(a.getProduct(), b.getProduct())
        && Objects.equals(a.getVulnerabilityName(), b.getVulnerabilityName())
        && Objects.equals(a.getDateAdded(), b.getDateAdded())
        && Objects.equals(a.getDueDate(), b.getDueDate())
        && Objects.equals(a.getKnownRansomwareCampaignUse(), b.getKnownRansomwareCampaignUse())
        && Objects.equals(a.getRequiredAction(), b.getRequiredAction())
        && Objects.equals(a.getShortDescription(), b.getShortDescription())
        && Objects.equals(a.getCwes(), b.getCwes());
  }
}
