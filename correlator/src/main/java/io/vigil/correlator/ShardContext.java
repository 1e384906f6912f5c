package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.core.ssvc.SsvcDecision;
import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * What the correlation of one task's package shards shares: its stores, its settings, the lookups
 * every input needs (the shard's advisories, a group's enrichment, a component's fix), the
 * re-decision of an open exposure, and the writing of decided changes (see {@link Correlation}).
 */
final class ShardContext {
  static final StringSerializer KEYS = new StringSerializer();

  /**
   * One exposure's change, decided before anything is written.
   *
   * @param key the exposure's store key
   * @param stored its new stored state, null to delete it
   * @param emitted the event to emit, or null when only the stored state changes (e.g. a suppressed
   *     exposure's change is stored quietly)
   */
  record Change(String key, ExposureEvent stored, ExposureEvent emitted) {}

  final KeyValueStore<String, ComponentEvent> components;
  final KeyValueStore<String, Advisory> advisories;
  final KeyValueStore<String, ExposureEvent> exposures;
  final KeyValueStore<String, CveEnrichment> enrichments;
  final double epssDelta;
  final Correlation.Probe probe;
  final Triage triage;
  final ComponentIndex componentIndex;
  private final ExposureIndex index;
  private final ExpiryIndex expiries;
  private final DueIndex dues;
  private final KeyValueStore<String, ExposureEvent> resolved;
  private final ProcessorContext<String, ExposureEvent> context;
  private final SsvcSettings ssvc;

  ShardContext(
      ProcessorContext<String, ExposureEvent> context,
      double epssDelta,
      SsvcSettings ssvc,
      Correlation.Probe probe,
      Triage.Settings triageSettings) {
    this.context = context;
    this.components = context.getStateStore(CorrelatorTopology.COMPONENTS_STORE);
    this.advisories = context.getStateStore(CorrelatorTopology.ADVISORIES_STORE);
    this.exposures = context.getStateStore(CorrelatorTopology.EXPOSURES_STORE);
    this.enrichments = context.getStateStore(CorrelatorTopology.PACKAGE_ENRICHMENT_STORE);
    this.index =
        new ExposureIndex(
            context.getStateStore(CorrelatorTopology.EXPOSURE_INDEX_STORE), exposures);
    this.componentIndex =
        new ComponentIndex(
            context.getStateStore(CorrelatorTopology.COMPONENT_INDEX_STORE), components);
    this.epssDelta = epssDelta;
    this.ssvc = ssvc;
    this.probe = probe;
    this.triage = new Triage(context, triageSettings);
    this.expiries =
        new ExpiryIndex(context.getStateStore(CorrelatorTopology.EXPOSURE_EXPIRY_STORE));
    this.dues =
        new DueIndex(
            context.getStateStore(CorrelatorTopology.EXPOSURE_DUE_STORE),
            triageSettings.remediation());
    this.resolved = context.getStateStore(CorrelatorTopology.RESOLVED_EXPOSURES_STORE);
  }

  /** Builds the exposure and component indexes once (after an upgrade), before any input. */
  void ensureIndexesBuilt() {
    index.ensureBuilt();
    componentIndex.ensureBuilt();
  }

  /** The shard's stored advisories, in store order. */
  List<Advisory> advisoriesOf(String shardKey) {
    return values(scan(advisories, StoreKeys.prefix(shardKey)));
  }

  /** The stored exposures of one project's component. */
  List<KeyValue<String, ExposureEvent>> exposuresOf(String project, String purl) {
    return scan(exposures, StoreKeys.prefix(project, purl));
  }

  /** The SSVC decision of an exposure of {@code component} to an advisory of {@code group}. */
  SsvcDecision ssvc(
      ComponentEvent component,
      AliasGroups.Group group,
      List<Advisory> all,
      Exposures.Enrichment enrichment) {
    return SsvcOfExposure.decide(component, group, all, enrichment, ssvc);
  }

  /**
   * An open exposure decided again with what else changed (the project's context, the enrichment):
   * its finding and fixes as stored, its SSVC decision made again, its triage carried, and the
   * smallest fix of an exposure stored before exposures carried componentFix kept.
   */
  ExposureEvent redecided(
      ExposureEvent current,
      ComponentEvent component,
      Advisory advisory,
      AliasGroups.Group group,
      Exposures.Enrichment enrichment,
      List<Advisory> all,
      ExposureCause cause,
      Instant triggeredAt,
      Instant now,
      String trigger) {
    ExposureEvent built =
        Exposures.build(
            component,
            advisory,
            group,
            enrichment,
            new Matching.Finding(true, current.getIndeterminate(), current.getFixedVersions()),
            current.getFix(),
            current.getComponentFix(),
            ExposureType.UPDATED,
            cause,
            current,
            ssvc(component, group, all, enrichment),
            triggeredAt,
            now,
            trigger);
    ExposureEvent next = ExposureTriage.carry(current, built);
    if (current.getComponentFix() == null && current.getSmallestFix() != null) {
      // stored before exposures carried componentFix: keep the fix it named
      next = ExposureEvent.newBuilder(next).setSmallestFix(current.getSmallestFix()).build();
    }
    return next;
  }

  /**
   * KEV, EPSS and NVD over the group's CVEs as this shard knows them, with {@code pending} (not
   * stored yet) in place of its CVE's stored enrichment.
   */
  Exposures.Enrichment enrichment(String shardKey, AliasGroups.Group group, CveEnrichment pending) {
    if (group.cves().isEmpty()) {
      return Exposures.Enrichment.NONE;
    }
    List<CveEnrichment> found = new ArrayList<>();
    for (String cve : group.cves()) {
      if (pending != null && cve.equals(pending.cve())) {
        found.add(pending.isEmpty() ? null : pending);
      } else {
        found.add(enrichments.get(StoreKeys.enrichment(shardKey, cve)));
      }
    }
    return Exposures.Enrichment.of(found);
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

  void apply(List<Change> changes, long timestamp) {
    for (Change c : changes) {
      apply(c, timestamp);
    }
  }

  void apply(Change c, long timestamp) {
    if (c.stored() == null) {
      exposures.delete(c.key());
      index.ended(c.key());
      if (c.emitted() != null && c.emitted().getType() == ExposureType.RESOLVED) {
        resolved.put(c.key(), c.emitted()); // the evidence of the fix (KEV evidence export)
      }
    } else {
      ExposureEvent before = exposures.get(c.key());
      if (before == null) {
        index.opened(c.key());
      }
      exposures.put(c.key(), c.stored());
      expiries.stored(c.key(), c.stored());
      dues.stored(c.key(), before, c.stored());
    }
    if (c.emitted() != null) {
      context.forward(new Record<>(c.emitted().getProjectId(), c.emitted(), timestamp));
    }
  }

  static <V> List<KeyValue<String, V>> scan(KeyValueStore<String, V> store, String prefix) {
    List<KeyValue<String, V>> out = new ArrayList<>();
    try (KeyValueIterator<String, V> it = store.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(out::add);
    }
    return out;
  }

  static <V> List<V> values(List<KeyValue<String, V>> kvs) {
    List<V> out = new ArrayList<>(kvs.size());
    kvs.forEach(kv -> out.add(kv.value));
    return out;
  }
}
