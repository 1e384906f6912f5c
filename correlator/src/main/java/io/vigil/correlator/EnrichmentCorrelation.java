package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.correlator.ShardContext.Change;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * KEV, EPSS or NVD news about a CVE, against the open exposures of the shard's components to the
 * advisories that alias it (see {@link Correlation} for the all-or-nothing rule).
 */
final class EnrichmentCorrelation {
  private final ShardContext shard;

  EnrichmentCorrelation(ShardContext shard) {
    this.shard = shard;
  }

  /**
   * KEV, EPSS or NVD news about a CVE that an advisory of this shard's package aliases (empty: the
   * CVE's enrichment is gone, or no advisory of the package aliases it any longer).
   */
  void onEnrichment(String shardKey, CveEnrichment update, long timestamp) {
    shard.ensureIndexesBuilt();
    String key = StoreKeys.enrichment(shardKey, update.cve());
    CveEnrichment before = shard.enrichments.get(key);
    if (update.isEmpty() ? before == null : update.equals(before)) {
      return;
    }
    List<Advisory> all = shard.advisoriesOf(shardKey);
    List<Advisory> concerned = new ArrayList<>();
    Map<String, AliasGroups.Group> groups = new LinkedHashMap<>();
    Map<String, Exposures.Enrichment> enriched = new LinkedHashMap<>();
    AliasGroups shardGroups = AdvisoryGroups.of(all);
    for (Advisory a : all) {
      AliasGroups.Group g = shardGroups.group(a.getId());
      if (g.cves().contains(update.cve())) {
        concerned.add(a);
        groups.put(a.getId(), g);
        enriched.put(a.getId(), shard.enrichment(shardKey, g, update));
      }
    }
    ComponentsFailedException failed =
        new ComponentsFailedException("enrichment of " + update.cve());
    if (!concerned.isEmpty()) {
      Instant now = Instant.now();
      Instant triggeredAt = Instant.ofEpochMilli(timestamp);
      String trigger = update.cve() + '@' + Exposures.sha256(update.toString()).substring(0, 16);
      try (KeyValueIterator<String, ComponentEvent> it =
          shard.components.prefixScan(StoreKeys.prefix(shardKey), ShardContext.KEYS)) {
        while (it.hasNext()) {
          ComponentEvent component = it.next().value;
          try {
            shard.probe.evaluating(component);
            shard.apply(
                changes(component, concerned, groups, enriched, all, triggeredAt, now, trigger),
                timestamp);
          } catch (RuntimeException e) {
            failed.add(component, e);
          }
        }
      }
    }
    if (update.isEmpty()) {
      shard.enrichments.delete(key);
    } else {
      shard.enrichments.put(key, update);
    }
    failed.throwIfAny(shardKey);
  }

  /** What the news changes in one component's open exposures (nothing written). */
  private List<Change> changes(
      ComponentEvent component,
      List<Advisory> concerned,
      Map<String, AliasGroups.Group> groups,
      Map<String, Exposures.Enrichment> enriched,
      List<Advisory> all,
      Instant triggeredAt,
      Instant now,
      String trigger) {
    List<Change> changes = new ArrayList<>(0);
    String purl = component.getComponent().getPurl();
    for (Advisory a : concerned) {
      String exposureKey = StoreKeys.exposure(component.getProjectId(), purl, a.getId());
      ExposureEvent current = shard.exposures.get(exposureKey);
      if (current == null) {
        continue;
      }
      ExposureEvent next =
          shard.redecided(
              current,
              component,
              a,
              groups.get(a.getId()),
              enriched.get(a.getId()),
              all,
              ExposureCause.ENRICHMENT_UPDATED,
              triggeredAt,
              now,
              trigger);
      if (Exposures.materialChange(current, next, shard.epssDelta)) {
        // a suppressed exposure's change is kept, not told
        changes.add(
            new Change(exposureKey, next, ExposureTriage.suppressed(current) ? null : next));
      }
    }
    return changes;
  }
}
