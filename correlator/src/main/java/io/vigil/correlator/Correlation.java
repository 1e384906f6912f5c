package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
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
 *
 * <p><b>All or nothing.</b> Every input is evaluated before anything is written: a component's
 * exposure changes are decided first and then written and emitted together, and the input itself
 * (the component, the advisory, the enrichment) is stored only after every component was dealt
 * with. So an input that fails before its loop leaves the stores as they were (the failure goes to
 * the dead-letter topic, and the same input sent again is evaluated again: the content checks
 * compare with what was stored, and nothing was). A component that fails inside an advisory's or an
 * enrichment's loop is left exactly as it was, every other component of the shard is evaluated, and
 * the input is then dead-lettered with the failed components named ({@link
 * ComponentsFailedException}).
 */
final class Correlation {
  private static final StringSerializer KEYS = new StringSerializer();

  /**
   * Called before each component is evaluated against an input (a fault-injection point for tests;
   * a no-op otherwise).
   */
  interface Probe {
    Probe NONE = component -> {};

    void evaluating(ComponentEvent component);
  }

  /**
   * One exposure's change, decided before anything is written.
   *
   * @param key the exposure's store key
   * @param stored its new stored state, null to delete it
   * @param emitted the event to emit, or null when only the stored state changes (e.g. a suppressed
   *     exposure's change is stored quietly)
   */
  private record Change(String key, ExposureEvent stored, ExposureEvent emitted) {}

  private final ProcessorContext<String, ExposureEvent> context;
  private final KeyValueStore<String, ComponentEvent> components;
  private final KeyValueStore<String, Advisory> advisories;
  private final KeyValueStore<String, ExposureEvent> exposures;
  private final KeyValueStore<String, CveEnrichment> enrichments;
  private final ExposureIndex index;
  private final ComponentIndex componentIndex;
  private final double epssDelta;
  private final SsvcSettings ssvc;
  private final Probe probe;
  private final Triage triage;

  Correlation(
      ProcessorContext<String, ExposureEvent> context,
      double epssDelta,
      SsvcSettings ssvc,
      Probe probe,
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
  }

  // ---------------------------------------------------------------- components

  /** A component was added to or removed from a project. */
  void onComponent(String shardKey, ComponentEvent event, long timestamp) {
    index.ensureBuilt();
    componentIndex.ensureBuilt();
    String purl = event.getComponent().getPurl();
    String project = event.getProjectId();
    String componentKey = StoreKeys.component(shardKey, project, purl);
    Instant now = Instant.now();
    if (event.getChange() == ComponentChange.REMOVED) {
      probe.evaluating(event);
      List<Change> changes = new ArrayList<>();
      for (KeyValue<String, ExposureEvent> kv : scan(exposures, StoreKeys.prefix(project, purl))) {
        changes.add(new Change(kv.key, null, Exposures.removed(kv.value, event, now)));
      }
      components.delete(componentKey);
      componentIndex.removed(componentKey);
      apply(changes, timestamp);
      return;
    }
    ComponentEvent known = components.get(componentKey);
    if (known != null && Objects.equals(known.getComponent(), event.getComponent())) {
      // the same component again (a re-submitted SBOM, a replay, or UPDATED: other paths or a new
      // project context): its open exposures take new paths silently (queries and the next event
      // of each say them; a new path is no news to alert on); a new context re-decides their SSVC
      if (!Objects.equals(known.getPaths(), event.getPaths())) {
        for (KeyValue<String, ExposureEvent> kv :
            scan(exposures, StoreKeys.prefix(project, purl))) {
          exposures.put(
              kv.key, ExposureEvent.newBuilder(kv.value).setPaths(event.getPaths()).build());
        }
      }
      List<Change> changes =
          Objects.equals(known.getProjectContext(), event.getProjectContext())
              ? List.of()
              : contextChanged(shardKey, event, now); // UPDATED: a new project context
      components.put(componentKey, event);
      apply(changes, timestamp);
      return;
    }
    probe.evaluating(event);
    List<Change> changes = newExposures(shardKey, event, now);
    components.put(componentKey, event);
    if (known == null) {
      componentIndex.added(componentKey);
    }
    apply(changes, timestamp);
  }

  /**
   * The project's context changed (a component UPDATED, or ADDED again with another context): its
   * open exposures of this component whose SSVC decision changes with it, as UPDATED with cause
   * CONTEXT_UPDATED (nothing written); a suppressed one is only stored. Nothing else about them can
   * have changed.
   */
  private List<Change> contextChanged(String shardKey, ComponentEvent event, Instant now) {
    String purl = event.getComponent().getPurl();
    List<KeyValue<String, ExposureEvent>> open =
        scan(exposures, StoreKeys.prefix(event.getProjectId(), purl));
    if (open.isEmpty()) {
      return List.of();
    }
    probe.evaluating(event);
    List<Advisory> all = values(scan(advisories, StoreKeys.prefix(shardKey)));
    Map<String, Advisory> byId = new LinkedHashMap<>();
    all.forEach(a -> byId.put(a.getId(), a));
    AliasGroups groups = AdvisoryGroups.of(all);
    List<Change> changes = new ArrayList<>(0);
    for (KeyValue<String, ExposureEvent> kv : open) {
      ExposureEvent current = kv.value;
      Advisory a = byId.get(current.getAdvisory().getId());
      if (a == null) {
        continue; // cannot happen: an open exposure's advisory is stored in its shard
      }
      AliasGroups.Group group = groups.group(a.getId());
      Exposures.Enrichment enrichment = enrichment(shardKey, group, null);
      ExposureEvent built =
          Exposures.build(
              event,
              a,
              group,
              enrichment,
              new Matching.Finding(true, current.getIndeterminate(), current.getFixedVersions()),
              current.getFix(),
              current.getComponentFix(),
              ExposureType.UPDATED,
              ExposureCause.CONTEXT_UPDATED,
              current,
              SsvcOfExposure.decide(event, group, all, enrichment, ssvc),
              event.getReceivedAt(),
              now,
              event.getEventId());
      ExposureEvent next = ExposureTriage.carry(current, built);
      if (current.getComponentFix() == null && current.getSmallestFix() != null) {
        // stored before exposures carried componentFix: keep the fix it named
        next = ExposureEvent.newBuilder(next).setSmallestFix(current.getSmallestFix()).build();
      }
      if (ExposureTriage.suppressed(current)) {
        // a suppressed exposure keeps its new decision and context, told on UNSUPPRESSED
        changes.add(new Change(kv.key, next, null));
      } else if (Exposures.ssvcChanged(current, next)
          || (current.getSsvc() == null && next.getSsvc() != null)) {
        changes.add(new Change(kv.key, next, next));
      } else {
        // the stored state follows the context (owner, team) without an event
        changes.add(new Change(kv.key, next, null));
      }
    }
    return changes;
  }

  /** The NEW exposures of a component that arrived in a shard (nothing written). */
  private List<Change> newExposures(String shardKey, ComponentEvent event, Instant now) {
    List<Advisory> all = values(scan(advisories, StoreKeys.prefix(shardKey)));
    Map<String, Matching.Finding> findings = new LinkedHashMap<>();
    for (Advisory a : all) {
      Matching.Finding f = Matching.evaluate(event.getComponent(), entries(a, shardKey));
      if (f.affected()) {
        findings.put(a.getId(), f);
      }
    }
    if (findings.isEmpty()) {
      return List.of();
    }
    String purl = event.getComponent().getPurl();
    Fix componentFix = componentFix(shardKey, event.getComponent(), all);
    AliasGroups groups = AdvisoryGroups.of(all);
    Triage.View view = triage.view();
    List<Change> changes = new ArrayList<>(findings.size());
    for (Advisory a : all) {
      Matching.Finding f = findings.get(a.getId());
      if (f == null) {
        continue;
      }
      String key = StoreKeys.exposure(event.getProjectId(), purl, a.getId());
      if (exposures.get(key) != null) {
        continue;
      }
      AliasGroups.Group group = groups.group(a.getId());
      Exposures.Enrichment enrichment = enrichment(shardKey, group, null);
      ExposureEvent e =
          Exposures.build(
              event,
              a,
              group,
              enrichment,
              f,
              Matching.fix(event.getComponent(), List.of(entries(a, shardKey))),
              componentFix,
              ExposureType.NEW,
              ExposureCause.NEW_COMPONENT,
              null,
              SsvcOfExposure.decide(event, group, all, enrichment, ssvc),
              event.getReceivedAt(),
              now,
              event.getEventId());
      e = view.born(e, group, event.getEventId());
      changes.add(new Change(key, e, e));
    }
    return changes;
  }

  // ---------------------------------------------------------------- advisories

  /**
   * An advisory of this shard's package arrived, changed, was withdrawn, or no longer lists the
   * package (then it arrives with no entry for it).
   */
  void onAdvisory(String shardKey, Advisory advisory, long timestamp) {
    index.ensureBuilt();
    componentIndex.ensureBuilt();
    String advisoryKey = StoreKeys.advisory(shardKey, advisory.getId());
    Advisory before = advisories.get(advisoryKey);
    boolean withdrawn = advisory.getWithdrawn() != null;
    List<AffectedPackage> entries = withdrawn ? List.of() : entries(advisory, shardKey);
    if (entries.isEmpty() ? before == null : advisory.equals(before)) {
      return; // nothing was known here to retract, or the same content again: nothing can change
    }
    // the shard's advisories as they will be once this one is stored (nothing is written yet)
    // (in store order, so every later step sees the advisories in the same order as before)
    List<Advisory> all = new ArrayList<>();
    boolean placed = entries.isEmpty();
    for (Advisory a : values(scan(advisories, StoreKeys.prefix(shardKey)))) {
      int c = a.getId().compareTo(advisory.getId());
      if (!placed && c >= 0) {
        all.add(advisory);
        placed = true;
      }
      if (c != 0) {
        all.add(a);
      }
    }
    if (!placed) {
      all.add(advisory);
    }
    AliasGroups.Group group = AdvisoryGroups.of(all).group(advisory.getId());
    Exposures.Enrichment enrichment = enrichment(shardKey, group, null);
    Instant now = Instant.now();
    Instant triggeredAt = advisory.getIngestedAt();
    String trigger = trigger(advisory);
    ComponentsFailedException failed = new ComponentsFailedException("advisory " + trigger);
    Triage.View view = triage.view();
    try (KeyValueIterator<String, ComponentEvent> it =
        components.prefixScan(StoreKeys.prefix(shardKey), KEYS)) {
      while (it.hasNext()) {
        ComponentEvent component = it.next().value;
        try {
          probe.evaluating(component);
          Change change =
              reevaluate(
                  component,
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
                  view);
          if (change != null) {
            apply(change, timestamp);
          }
        } catch (RuntimeException e) {
          failed.add(component, e);
        }
      }
    }
    if (entries.isEmpty()) {
      advisories.delete(advisoryKey);
    } else {
      advisories.put(advisoryKey, advisory);
    }
    failed.throwIfAny(shardKey);
  }

  /** What one advisory change does to one component's exposure (nothing written). */
  private Change reevaluate(
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
      Triage.View view) {
    String purl = component.getComponent().getPurl();
    String exposureKey = StoreKeys.exposure(component.getProjectId(), purl, advisory.getId());
    Matching.Finding finding = Matching.evaluate(component.getComponent(), entries);
    // an advisory new to this shard has no exposure yet: no lookup needed (the hot path of a
    // new advisory for a package that thousands of projects ship)
    ExposureEvent current = before == null ? null : exposures.get(exposureKey);
    if (finding.affected()) {
      Fix componentFix = componentFix(shardKey, component.getComponent(), all);
      Fix fix = Matching.fix(component.getComponent(), List.of(entries));
      if (current == null) {
        ExposureCause cause =
            before == null ? ExposureCause.NEW_ADVISORY : ExposureCause.ADVISORY_UPDATED;
        ExposureEvent e =
            Exposures.build(
                component,
                advisory,
                group,
                enrichment,
                finding,
                fix,
                componentFix,
                ExposureType.NEW,
                cause,
                null,
                SsvcOfExposure.decide(component, group, all, enrichment, ssvc),
                triggeredAt,
                now,
                trigger);
        e = view.born(e, group, trigger);
        return new Change(exposureKey, e, e);
      }
      ExposureEvent built =
          Exposures.build(
              component,
              advisory,
              group,
              enrichment,
              finding,
              fix,
              componentFix,
              ExposureType.UPDATED,
              ExposureCause.ADVISORY_UPDATED,
              current,
              SsvcOfExposure.decide(component, group, all, enrichment, ssvc),
              triggeredAt,
              now,
              trigger);
      ExposureEvent next = ExposureTriage.carry(current, built);
      String invalidated = ExposureTriage.invalidated(current, entries(before, shardKey), entries);
      if (invalidated != null) {
        // the advisory's ranges for the package changed: a person's or a VEX decision made
        // before no longer applies to this exposure (made again, it does)
        next = ExposureTriage.withInvalidated(next, invalidated);
        var o =
            ExposureTriage.retriage(
                current,
                next,
                view.decide(next, group.ids()),
                ExposureCause.ADVISORY_UPDATED,
                triggeredAt,
                now,
                trigger);
        if (o != null) {
          return new Change(exposureKey, o.stored(), o.emitted());
        }
      }
      if (!Exposures.materialChange(current, next, epssDelta)) {
        return invalidated != null ? new Change(exposureKey, next, null) : null;
      }
      return new Change(exposureKey, next, ExposureTriage.suppressed(current) ? null : next);
    }
    if (current != null) {
      ExposureCause cause =
          advisory.getWithdrawn() != null
              ? ExposureCause.ADVISORY_WITHDRAWN
              : ExposureCause.ADVISORY_UPDATED;
      return new Change(
          exposureKey, null, Exposures.resolved(current, cause, triggeredAt, now, trigger));
    }
    return null;
  }

  // ---------------------------------------------------------------- enrichment

  /**
   * KEV, EPSS or NVD news about a CVE that an advisory of this shard's package aliases (empty: the
   * CVE's enrichment is gone, or no advisory of the package aliases it any longer).
   */
  void onEnrichment(String shardKey, CveEnrichment update, long timestamp) {
    index.ensureBuilt();
    componentIndex.ensureBuilt();
    String key = StoreKeys.enrichment(shardKey, update.cve());
    CveEnrichment before = enrichments.get(key);
    if (update.isEmpty() ? before == null : update.equals(before)) {
      return;
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
        enriched.put(a.getId(), enrichment(shardKey, g, update));
      }
    }
    ComponentsFailedException failed =
        new ComponentsFailedException("enrichment of " + update.cve());
    if (!concerned.isEmpty()) {
      Instant now = Instant.now();
      Instant triggeredAt = Instant.ofEpochMilli(timestamp);
      String trigger = update.cve() + '@' + Exposures.sha256(update.toString()).substring(0, 16);
      try (KeyValueIterator<String, ComponentEvent> it =
          components.prefixScan(StoreKeys.prefix(shardKey), KEYS)) {
        while (it.hasNext()) {
          ComponentEvent component = it.next().value;
          try {
            probe.evaluating(component);
            List<Change> changes = new ArrayList<>(0);
            String purl = component.getComponent().getPurl();
            for (Advisory a : concerned) {
              String exposureKey = StoreKeys.exposure(component.getProjectId(), purl, a.getId());
              ExposureEvent current = exposures.get(exposureKey);
              if (current == null) {
                continue;
              }
              ExposureEvent built =
                  Exposures.build(
                      component,
                      a,
                      groups.get(a.getId()),
                      enriched.get(a.getId()),
                      new Matching.Finding(
                          true, current.getIndeterminate(), current.getFixedVersions()),
                      current.getFix(),
                      current.getComponentFix(),
                      ExposureType.UPDATED,
                      ExposureCause.ENRICHMENT_UPDATED,
                      current,
                      SsvcOfExposure.decide(
                          component, groups.get(a.getId()), all, enriched.get(a.getId()), ssvc),
                      triggeredAt,
                      now,
                      trigger);
              ExposureEvent next = ExposureTriage.carry(current, built);
              if (current.getComponentFix() == null && current.getSmallestFix() != null) {
                // stored before exposures carried componentFix: keep the fix it named
                next =
                    ExposureEvent.newBuilder(next).setSmallestFix(current.getSmallestFix()).build();
              }
              if (Exposures.materialChange(current, next, epssDelta)) {
                // a suppressed exposure's change is kept, not told
                changes.add(
                    new Change(
                        exposureKey, next, ExposureTriage.suppressed(current) ? null : next));
              }
            }
            apply(changes, timestamp);
          } catch (RuntimeException e) {
            failed.add(component, e);
          }
        }
      }
    }
    if (update.isEmpty()) {
      enrichments.delete(key);
    } else {
      enrichments.put(key, update);
    }
    failed.throwIfAny(shardKey);
  }

  // ---------------------------------------------------------------- helpers

  /**
   * KEV, EPSS and NVD over the group's CVEs as this shard knows them, with {@code pending} (not
   * stored yet) in place of its CVE's stored enrichment.
   */
  private Exposures.Enrichment enrichment(
      String shardKey, AliasGroups.Group group, CveEnrichment pending) {
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

  /**
   * The fix ending every finding of a component (null when none is known): every advisory of the
   * shard that affects it now (evaluated in memory: a package has few advisories, and this avoids a
   * store scan per exposure).
   */
  private static Fix componentFix(
      String shardKey, io.vigil.events.v1.Component component, List<Advisory> all) {
    List<List<AffectedPackage>> findings = new ArrayList<>();
    for (Advisory a : all) {
      List<AffectedPackage> e = entries(a, shardKey);
      if (Matching.evaluate(component, e).affected()) {
        findings.add(e);
      }
    }
    return Matching.fix(component, findings);
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

  private void apply(List<Change> changes, long timestamp) {
    for (Change c : changes) {
      apply(c, timestamp);
    }
  }

  private void apply(Change c, long timestamp) {
    if (c.stored() == null) {
      exposures.delete(c.key());
      index.ended(c.key());
    } else {
      if (exposures.get(c.key()) == null) {
        index.opened(c.key());
      }
      exposures.put(c.key(), c.stored());
    }
    if (c.emitted() != null) {
      context.forward(new Record<>(c.emitted().getProjectId(), c.emitted(), timestamp));
    }
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
