package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.core.ssvc.SsvcDecision;
import io.vigil.correlator.ShardContext.Change;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.streams.KeyValue;

/**
 * A component added to, removed from or updated in a project, against the shard's advisories (see
 * {@link Correlation} for the all-or-nothing rule): its NEW exposures, its RESOLVED ones, or, when
 * only its paths or its project's context changed, its open exposures' paths carried quietly and
 * their SSVC decisions made again.
 */
final class ComponentCorrelation {
  private final ShardContext shard;

  ComponentCorrelation(ShardContext shard) {
    this.shard = shard;
  }

  /** A component was added to or removed from a project. */
  void onComponent(String shardKey, ComponentEvent event, long timestamp) {
    shard.ensureIndexesBuilt();
    String purl = event.getComponent().getPurl();
    String project = event.getProjectId();
    String componentKey = StoreKeys.component(shardKey, project, purl);
    Instant now = Instant.now();
    if (event.getChange() == ComponentChange.REMOVED) {
      shard.probe.evaluating(event);
      List<Change> changes = new ArrayList<>();
      for (KeyValue<String, ExposureEvent> kv : shard.exposuresOf(project, purl)) {
        changes.add(new Change(kv.key, null, Exposures.removed(kv.value, event, now)));
      }
      shard.components.delete(componentKey);
      shard.componentIndex.removed(componentKey);
      shard.apply(changes, timestamp);
      return;
    }
    ComponentEvent known = shard.components.get(componentKey);
    if (known != null && Objects.equals(known.getComponent(), event.getComponent())) {
      // the same component again (a re-submitted SBOM, a replay, or UPDATED: other paths or a new
      // project context): its open exposures take new paths silently (queries and the next event
      // of each say them; a new path is no news to alert on); a new context re-decides their SSVC
      if (!Objects.equals(known.getPaths(), event.getPaths())) {
        carryPaths(event);
      }
      List<Change> changes =
          Objects.equals(known.getProjectContext(), event.getProjectContext())
              ? List.of()
              : contextChanged(shardKey, event, now); // UPDATED: a new project context
      shard.components.put(componentKey, event);
      shard.apply(changes, timestamp);
      return;
    }
    shard.probe.evaluating(event);
    List<Change> changes = newExposures(shardKey, event, now);
    shard.components.put(componentKey, event);
    if (known == null) {
      shard.componentIndex.added(componentKey);
    }
    shard.apply(changes, timestamp);
  }

  /** The component's open exposures take its new paths, without an event. */
  private void carryPaths(ComponentEvent event) {
    for (KeyValue<String, ExposureEvent> kv :
        shard.exposuresOf(event.getProjectId(), event.getComponent().getPurl())) {
      shard.exposures.put(
          kv.key, ExposureEvent.newBuilder(kv.value).setPaths(event.getPaths()).build());
    }
  }

  /**
   * The project's context changed (a component UPDATED, or ADDED again with another context): its
   * open exposures of this component whose SSVC decision changes with it, as UPDATED with cause
   * CONTEXT_UPDATED (nothing written); a suppressed one is only stored. Policy rules may read the
   * context, so their decision is made again: one that now suppresses or lifts a suppression emits
   * SUPPRESSED or UNSUPPRESSED (cause CONTEXT_UPDATED). Nothing else about them can have changed.
   */
  private List<Change> contextChanged(String shardKey, ComponentEvent event, Instant now) {
    String purl = event.getComponent().getPurl();
    List<KeyValue<String, ExposureEvent>> open = shard.exposuresOf(event.getProjectId(), purl);
    if (open.isEmpty()) {
      return List.of();
    }
    shard.probe.evaluating(event);
    List<Advisory> all = shard.advisoriesOf(shardKey);
    Map<String, Advisory> byId = new LinkedHashMap<>();
    all.forEach(a -> byId.put(a.getId(), a));
    AliasGroups groups = AdvisoryGroups.of(all);
    Triage.View view = shard.triage.view();
    List<Change> changes = new ArrayList<>(0);
    for (KeyValue<String, ExposureEvent> kv : open) {
      ExposureEvent current = kv.value;
      Advisory a = byId.get(current.getAdvisory().getId());
      if (a == null) {
        continue; // cannot happen: an open exposure's advisory is stored in its shard
      }
      AliasGroups.Group group = groups.group(a.getId());
      ExposureEvent next =
          shard.redecided(
              current,
              event,
              a,
              group,
              shard.enrichment(shardKey, group, null),
              all,
              ExposureCause.CONTEXT_UPDATED,
              event.getReceivedAt(),
              now,
              event.getEventId());
      // a policy rule may read the project's context (project.tags, .criticality, ...)
      var retriaged =
          ExposureTriage.retriage(
              current,
              next,
              view.decide(next, group.ids()),
              ExposureCause.CONTEXT_UPDATED,
              event.getReceivedAt(),
              now,
              event.getEventId());
      if (retriaged != null) {
        changes.add(new Change(kv.key, retriaged.stored(), retriaged.emitted()));
      } else if (ExposureTriage.suppressed(current)) {
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

  /**
   * The NEW exposures of a component that arrived in a shard (nothing written). Each advisory is
   * evaluated once ({@link ComponentFindings}); the enrichment and SSVC decision, which depend only
   * on the component and the alias group, are worked out once per group.
   */
  private List<Change> newExposures(String shardKey, ComponentEvent event, Instant now) {
    List<Advisory> all = shard.advisoriesOf(shardKey);
    ComponentFindings findings = ComponentFindings.of(event.getComponent(), shardKey, all);
    if (findings.isEmpty()) {
      return List.of();
    }
    String purl = event.getComponent().getPurl();
    Fix componentFix = findings.componentFix();
    AliasGroups groups = AdvisoryGroups.of(all);
    Triage.View view = shard.triage.view();
    Map<AliasGroups.Group, GroupInputs> byGroup = new IdentityHashMap<>();
    List<Change> changes = new ArrayList<>(findings.found().size());
    for (ComponentFindings.Found f : findings.found()) {
      Advisory a = f.advisory();
      String key = StoreKeys.exposure(event.getProjectId(), purl, a.getId());
      if (shard.exposures.get(key) != null) {
        continue;
      }
      AliasGroups.Group group = groups.group(a.getId());
      GroupInputs in =
          byGroup.computeIfAbsent(
              group,
              g -> {
                Exposures.Enrichment enrichment = shard.enrichment(shardKey, g, null);
                return new GroupInputs(enrichment, shard.ssvc(event, g, all, enrichment));
              });
      ExposureEvent e =
          Exposures.build(
              event,
              a,
              group,
              in.enrichment(),
              f.finding(),
              findings.fix(f),
              componentFix,
              ExposureType.NEW,
              ExposureCause.NEW_COMPONENT,
              null,
              in.ssvc(),
              event.getReceivedAt(),
              now,
              event.getEventId());
      e = view.born(e, group, event.getEventId());
      changes.add(new Change(key, e, e));
    }
    return changes;
  }

  /** What a component's exposures to one alias group share. */
  private record GroupInputs(Exposures.Enrichment enrichment, SsvcDecision ssvc) {}
}
