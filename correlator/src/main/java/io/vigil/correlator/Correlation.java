package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The correlation rules of one task of the package-keyed sub-topology: components × advisories ×
 * enrichment of one set of package shards, and the current exposures, so only changes are emitted.
 * The three processors of that sub-topology delegate here; everything is a function of the stores
 * and the incoming record (the emission time aside), so a replay emits the same events.
 */
final class Correlation {
  private static final StringSerializer KEYS = new StringSerializer();

  private final ProcessorContext<String, ExposureEvent> context;
  private final KeyValueStore<String, ComponentEvent> components;
  private final KeyValueStore<String, Advisory> advisories;
  private final KeyValueStore<String, ExposureEvent> exposures;
  private final KeyValueStore<String, CveEnrichment> enrichments;
  private final double epssDelta;

  Correlation(ProcessorContext<String, ExposureEvent> context, double epssDelta) {
    this.context = context;
    this.components = context.getStateStore(CorrelatorTopology.COMPONENTS_STORE);
    this.advisories = context.getStateStore(CorrelatorTopology.ADVISORIES_STORE);
    this.exposures = context.getStateStore(CorrelatorTopology.EXPOSURES_STORE);
    this.enrichments = context.getStateStore(CorrelatorTopology.PACKAGE_ENRICHMENT_STORE);
    this.epssDelta = epssDelta;
  }

  // ---------------------------------------------------------------- components

  /** A component was added to or removed from a project. */
  void onComponent(String shardKey, ComponentEvent event, long timestamp) {
    String purl = event.getComponent().getPurl();
    String project = event.getProjectId();
    String componentKey = StoreKeys.component(shardKey, project, purl);
    Instant now = Instant.now();
    if (event.getChange() == ComponentChange.REMOVED) {
      components.delete(componentKey);
      for (KeyValue<String, ExposureEvent> kv : scan(exposures, StoreKeys.prefix(project, purl))) {
        close(kv.key, Exposures.removed(kv.value, event, now), timestamp);
      }
      return;
    }
    ComponentEvent known = components.get(componentKey);
    components.put(componentKey, event);
    if (known != null && Objects.equals(known.getComponent(), event.getComponent())) {
      return; // the same component again (a re-submitted SBOM, a replay): nothing changed
    }
    List<Advisory> all = values(scan(advisories, StoreKeys.prefix(shardKey)));
    Map<String, Matching.Finding> findings = new LinkedHashMap<>();
    for (Advisory a : all) {
      Matching.Finding f = Matching.evaluate(event.getComponent(), entries(a, shardKey));
      if (f.affected()) {
        findings.put(a.getId(), f);
      }
    }
    if (findings.isEmpty()) {
      return;
    }
    String smallestFix = smallestFix(shardKey, event.getComponent(), all);
    AliasGroups groups = AdvisoryGroups.of(all);
    for (Advisory a : all) {
      Matching.Finding f = findings.get(a.getId());
      if (f == null) {
        continue;
      }
      String key = StoreKeys.exposure(project, purl, a.getId());
      if (exposures.get(key) != null) {
        continue;
      }
      AliasGroups.Group group = groups.group(a.getId());
      open(
          key,
          Exposures.build(
              event,
              a,
              group,
              enrichment(shardKey, group),
              f,
              smallestFix,
              ExposureType.NEW,
              ExposureCause.NEW_COMPONENT,
              null,
              event.getReceivedAt(),
              now,
              event.getEventId()),
          timestamp);
    }
  }

  // ---------------------------------------------------------------- advisories

  /**
   * An advisory of this shard's package arrived, changed, was withdrawn, or no longer lists the
   * package (then it arrives with no entry for it).
   */
  void onAdvisory(String shardKey, Advisory advisory, long timestamp) {
    String advisoryKey = StoreKeys.advisory(shardKey, advisory.getId());
    Advisory before = advisories.get(advisoryKey);
    boolean withdrawn = advisory.getWithdrawn() != null;
    List<AffectedPackage> entries = withdrawn ? List.of() : entries(advisory, shardKey);
    if (entries.isEmpty()) {
      if (before == null) {
        return; // nothing was known here: nothing to retract
      }
      advisories.delete(advisoryKey);
    } else {
      if (advisory.equals(before)) {
        return; // the same content again: nothing can change
      }
      advisories.put(advisoryKey, advisory);
    }
    List<Advisory> all = values(scan(advisories, StoreKeys.prefix(shardKey)));
    AliasGroups.Group group = AdvisoryGroups.of(all).group(advisory.getId());
    Exposures.Enrichment enrichment = enrichment(shardKey, group);
    Instant now = Instant.now();
    Instant triggeredAt = advisory.getIngestedAt();
    String trigger = trigger(advisory);
    try (KeyValueIterator<String, ComponentEvent> it =
        components.prefixScan(StoreKeys.prefix(shardKey), KEYS)) {
      while (it.hasNext()) {
        reevaluate(
            it.next().value,
            shardKey,
            advisory,
            before,
            entries,
            all,
            group,
            enrichment,
            triggeredAt,
            now,
            trigger,
            timestamp);
      }
    }
  }

  private void reevaluate(
      ComponentEvent component,
      String shardKey,
      Advisory advisory,
      Advisory before,
      List<AffectedPackage> entries,
      List<Advisory> all,
      AliasGroups.Group group,
      Exposures.Enrichment enrichment,
      Instant triggeredAt,
      Instant now,
      String trigger,
      long timestamp) {
    boolean withdrawn = advisory.getWithdrawn() != null;
    {
      String purl = component.getComponent().getPurl();
      String exposureKey = StoreKeys.exposure(component.getProjectId(), purl, advisory.getId());
      Matching.Finding finding = Matching.evaluate(component.getComponent(), entries);
      // an advisory new to this shard has no exposure yet: no lookup needed (the hot path of a
      // new advisory for a package that thousands of projects ship)
      ExposureEvent current = before == null ? null : exposures.get(exposureKey);
      if (!finding.affected() && current == null) {
        return;
      }
      if (finding.affected()) {
        String smallestFix = smallestFix(shardKey, component.getComponent(), all);
        if (current == null) {
          ExposureCause cause =
              before == null ? ExposureCause.NEW_ADVISORY : ExposureCause.ADVISORY_UPDATED;
          put(
              exposureKey,
              Exposures.build(
                  component,
                  advisory,
                  group,
                  enrichment,
                  finding,
                  smallestFix,
                  ExposureType.NEW,
                  cause,
                  null,
                  triggeredAt,
                  now,
                  trigger),
              timestamp);
        } else {
          ExposureEvent next =
              Exposures.build(
                  component,
                  advisory,
                  group,
                  enrichment,
                  finding,
                  smallestFix,
                  ExposureType.UPDATED,
                  ExposureCause.ADVISORY_UPDATED,
                  current,
                  triggeredAt,
                  now,
                  trigger);
          update(exposureKey, current, next, timestamp);
        }
      } else if (current != null) {
        ExposureCause cause =
            withdrawn ? ExposureCause.ADVISORY_WITHDRAWN : ExposureCause.ADVISORY_UPDATED;
        close(
            exposureKey, Exposures.resolved(current, cause, triggeredAt, now, trigger), timestamp);
      }
    }
  }

  // ---------------------------------------------------------------- enrichment

  /** KEV, EPSS or NVD news about a CVE that an advisory of this shard's package aliases. */
  void onEnrichment(String shardKey, CveEnrichment update, long timestamp) {
    String key = StoreKeys.enrichment(shardKey, update.cve());
    CveEnrichment before = enrichments.get(key);
    if (update.equals(before)) {
      return;
    }
    if (update.isEmpty()) {
      enrichments.delete(key);
    } else {
      enrichments.put(key, update);
    }
    List<Advisory> all = values(scan(advisories, StoreKeys.prefix(shardKey)));
    List<Advisory> concerned = new ArrayList<>();
    Map<String, AliasGroups.Group> groups = new LinkedHashMap<>();
    Map<String, Exposures.Enrichment> enriched = new LinkedHashMap<>();
    AliasGroups shardGroups = AdvisoryGroups.of(all);
    for (Advisory a : all) {
      AliasGroups.Group g = shardGroups.group(a.getId());
      if (g.cves().contains(update.cve())) {
        concerned.add(a);
        groups.put(a.getId(), g);
        enriched.put(a.getId(), enrichment(shardKey, g));
      }
    }
    if (concerned.isEmpty()) {
      return;
    }
    Instant now = Instant.now();
    Instant triggeredAt = Instant.ofEpochMilli(timestamp);
    String trigger = update.cve() + '@' + Exposures.sha256(update.toString()).substring(0, 16);
    try (KeyValueIterator<String, ComponentEvent> it =
        components.prefixScan(StoreKeys.prefix(shardKey), KEYS)) {
      while (it.hasNext()) {
        ComponentEvent component = it.next().value;
        String purl = component.getComponent().getPurl();
        for (Advisory a : concerned) {
          String exposureKey = StoreKeys.exposure(component.getProjectId(), purl, a.getId());
          ExposureEvent current = exposures.get(exposureKey);
          if (current == null) {
            continue;
          }
          AliasGroups.Group group = groups.get(a.getId());
          ExposureEvent next =
              Exposures.build(
                  component,
                  a,
                  group,
                  enriched.get(a.getId()),
                  new Matching.Finding(
                      true, current.getIndeterminate(), current.getFixedVersions()),
                  current.getSmallestFix(),
                  ExposureType.UPDATED,
                  ExposureCause.ENRICHMENT_UPDATED,
                  current,
                  triggeredAt,
                  now,
                  trigger);
          update(exposureKey, current, next, timestamp);
        }
      }
    }
  }

  // ---------------------------------------------------------------- helpers

  private Exposures.Enrichment enrichment(String shardKey, AliasGroups.Group group) {
    if (group.cves().isEmpty()) {
      return Exposures.Enrichment.NONE;
    }
    List<CveEnrichment> found = new ArrayList<>();
    for (String cve : group.cves()) {
      found.add(enrichments.get(StoreKeys.enrichment(shardKey, cve)));
    }
    return Exposures.Enrichment.of(found);
  }

  /**
   * The smallest upgrade ending every finding of a component: every advisory of the shard that
   * affects it now (evaluated in memory: a package has few advisories, and this avoids a store scan
   * per exposure).
   */
  private static String smallestFix(
      String shardKey, io.vigil.events.v1.Component component, List<Advisory> all) {
    List<List<AffectedPackage>> findings = new ArrayList<>();
    for (Advisory a : all) {
      List<AffectedPackage> e = entries(a, shardKey);
      if (Matching.evaluate(component, e).affected()) {
        findings.add(e);
      }
    }
    return Matching.smallestFix(component, findings);
  }

  /** The advisory's entries for the package of this shard. */
  static List<AffectedPackage> entries(Advisory advisory, String shardKey) {
    String packageKey = StoreKeys.packageOf(shardKey);
    List<AffectedPackage> out = new ArrayList<>(1);
    for (AffectedPackage p : advisory.getAffected()) {
      if (packageKey.equals(PackageKeys.ofAffected(p))) {
        out.add(p);
      }
    }
    return out;
  }

  /** What identifies this version of an advisory (its content hash, else its modified time). */
  static String trigger(Advisory a) {
    String version =
        a.getSource() != null && a.getSource().getContentHash() != null
            ? a.getSource().getContentHash()
            : Long.toString(a.getModified().toEpochMilli());
    return a.getId() + '@' + version + (a.getWithdrawn() != null ? "@withdrawn" : "");
  }

  private void open(String key, ExposureEvent event, long timestamp) {
    if (exposures.get(key) != null) {
      return;
    }
    exposures.put(key, event);
    emit(event, timestamp);
  }

  /** Opens an exposure known to be absent (no lookup). */
  private void put(String key, ExposureEvent event, long timestamp) {
    exposures.put(key, event);
    emit(event, timestamp);
  }

  private void update(String key, ExposureEvent current, ExposureEvent next, long timestamp) {
    if (!Exposures.materialChange(current, next, epssDelta)) {
      return;
    }
    exposures.put(key, next);
    emit(next, timestamp);
  }

  private void close(String key, ExposureEvent resolved, long timestamp) {
    if (exposures.get(key) == null) {
      return;
    }
    exposures.delete(key);
    emit(resolved, timestamp);
  }

  private void emit(ExposureEvent e, long timestamp) {
    context.forward(new Record<>(e.getProjectId(), e, timestamp));
  }

  private static <V> List<KeyValue<String, V>> scan(KeyValueStore<String, V> store, String prefix) {
    List<KeyValue<String, V>> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  private static <V> List<V> values(List<KeyValue<String, V>> kvs) {
    List<V> out = new ArrayList<>(kvs.size());
    kvs.forEach(kv -> out.add(kv.value));
    return out;
  }
}
