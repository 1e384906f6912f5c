package io.vigil.correlator;

import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.osv.AliasGroups;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.ssvc.SsvcDecision;
import io.vigil.correlator.ShardContext.Change;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * An advisory of the shard's package, against every component of the shard (see {@link Correlation}
 * for the all-or-nothing rule): NEW, UPDATED or RESOLVED exposures, and a person's or VEX decision
 * invalidated when the advisory's ranges for the package change.
 */
final class AdvisoryCorrelation {
  private final ShardContext shard;

  AdvisoryCorrelation(ShardContext shard) {
    this.shard = shard;
  }

  /**
   * What stays the same for every component while one advisory change is evaluated: the advisory's
   * entries and the shard's advisories prepared once ({@code prepared}; {@code shardPrepared} on
   * first use), and the SSVC decisions by project context ({@code ssvcByContext}: the only input of
   * a decision that differs between the shard's components; filled as components are evaluated).
   */
  private record Input(
      String shardKey,
      Advisory advisory,
      Advisory before,
      List<AffectedPackage> entries,
      List<AffectedEntry> prepared,
      List<Advisory> all,
      ShardPrepared shardPrepared,
      AliasGroups.Group group,
      Exposures.Enrichment enrichment,
      Instant triggeredAt,
      Instant now,
      String trigger,
      Triage.View view,
      Map<io.vigil.events.v1.ProjectContext, SsvcDecision> ssvcByContext) {}

  /**
   * The shard's advisories prepared on first use: only a component the advisory affects needs them
   * (its smallest complete fix), and most advisory changes meet none (a feed's drain meets shards
   * without components; preparing every advisory of a package per change would be quadratic).
   */
  private static final class ShardPrepared {
    private final String shardKey;
    private final List<Advisory> all;
    private List<ComponentFindings.Prepared> prepared;

    ShardPrepared(String shardKey, List<Advisory> all) {
      this.shardKey = shardKey;
      this.all = all;
    }

    List<ComponentFindings.Prepared> get() {
      if (prepared == null) {
        prepared = ComponentFindings.prepare(shardKey, all);
      }
      return prepared;
    }
  }

  /**
   * An advisory of this shard's package arrived, changed, was withdrawn, or no longer lists the
   * package (then it arrives with no entry for it).
   */
  void onAdvisory(String shardKey, Advisory advisory, long timestamp) {
    shard.ensureIndexesBuilt();
    String advisoryKey = StoreKeys.advisory(shardKey, advisory.getId());
    Advisory before = shard.advisories.get(advisoryKey);
    boolean withdrawn = advisory.getWithdrawn() != null;
    List<AffectedPackage> entries =
        withdrawn ? List.of() : ShardContext.entries(advisory, shardKey);
    if (entries.isEmpty() ? before == null : advisory.equals(before)) {
      return; // nothing was known here to retract, or the same content again: nothing can change
    }
    // the shard's advisories as they will be once this one is stored (nothing is written yet)
    // (in store order, so every later step sees the advisories in the same order as before)
    List<Advisory> all = new ArrayList<>();
    boolean placed = entries.isEmpty();
    for (Advisory a : shard.advisoriesOf(shardKey)) {
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
    String trigger = ShardContext.trigger(advisory);
    Input input =
        new Input(
            shardKey,
            advisory,
            before,
            entries,
            Matching.prepare(entries),
            all,
            new ShardPrepared(shardKey, all),
            group,
            shard.enrichment(shardKey, group, null),
            advisory.getIngestedAt(),
            Instant.now(),
            trigger,
            shard.triage.view(),
            new HashMap<>());
    ComponentsFailedException failed = new ComponentsFailedException("advisory " + trigger);
    try (KeyValueIterator<String, ComponentEvent> it =
        shard.components.prefixScan(StoreKeys.prefix(shardKey), ShardContext.KEYS)) {
      while (it.hasNext()) {
        ComponentEvent component = it.next().value;
        try {
          shard.probe.evaluating(component);
          Change change = reevaluate(component, input);
          if (change != null) {
            shard.apply(change, timestamp);
          }
        } catch (RuntimeException e) {
          failed.add(component, e);
        }
      }
    }
    if (entries.isEmpty()) {
      shard.advisories.delete(advisoryKey);
    } else {
      shard.advisories.put(advisoryKey, advisory);
    }
    failed.throwIfAny(shardKey);
  }

  /** What one advisory change does to one component's exposure (nothing written). */
  private Change reevaluate(ComponentEvent component, Input in) {
    String purl = component.getComponent().getPurl();
    String exposureKey = StoreKeys.exposure(component.getProjectId(), purl, in.advisory().getId());
    // the purl parsed once per component, the entries prepared once per advisory change
    PackageIdentity id =
        in.entries().isEmpty() ? null : Matching.identity(component.getComponent());
    Matching.Finding finding = Matching.evaluate(id, in.prepared());
    // an advisory new to this shard has no exposure yet: no lookup needed (the hot path of a
    // new advisory for a package that thousands of projects ship)
    ExposureEvent current = in.before() == null ? null : shard.exposures.get(exposureKey);
    if (finding.affected()) {
      // every finding of the component (this one included) for its smallest complete fix
      ComponentFindings findings = ComponentFindings.of(id, in.shardPrepared().get());
      Fix componentFix = findings.componentFix();
      ComponentFindings.Found found = findings.foundOf(in.advisory());
      Fix fix = found != null ? findings.fix(found) : Matching.fix(id, List.of(in.prepared()));
      if (current == null) {
        ExposureCause cause =
            in.before() == null ? ExposureCause.NEW_ADVISORY : ExposureCause.ADVISORY_UPDATED;
        ExposureEvent e =
            build(component, in, finding, fix, componentFix, ExposureType.NEW, cause, null);
        e = in.view().born(e, in.group(), in.trigger());
        return new Change(exposureKey, e, e);
      }
      ExposureEvent built =
          build(
              component,
              in,
              finding,
              fix,
              componentFix,
              ExposureType.UPDATED,
              ExposureCause.ADVISORY_UPDATED,
              current);
      ExposureEvent next = ExposureTriage.carry(current, built);
      String invalidated =
          ExposureTriage.invalidated(
              current, ShardContext.entries(in.before(), in.shardKey()), in.entries());
      if (invalidated != null) {
        // the advisory's ranges for the package changed: a person's or a VEX decision made
        // before no longer applies to this exposure (made again, it does)
        next = ExposureTriage.withInvalidated(next, invalidated);
        var o =
            ExposureTriage.retriage(
                current,
                next,
                in.view().decide(next, in.group().ids()),
                ExposureCause.ADVISORY_UPDATED,
                in.triggeredAt(),
                in.now(),
                in.trigger());
        if (o != null) {
          return new Change(exposureKey, o.stored(), o.emitted());
        }
      }
      if (!Exposures.materialChange(current, next, shard.epssDelta)) {
        return invalidated != null ? new Change(exposureKey, next, null) : null;
      }
      return new Change(exposureKey, next, ExposureTriage.suppressed(current) ? null : next);
    }
    if (current != null) {
      ExposureCause cause =
          in.advisory().getWithdrawn() != null
              ? ExposureCause.ADVISORY_WITHDRAWN
              : ExposureCause.ADVISORY_UPDATED;
      return new Change(
          exposureKey,
          null,
          Exposures.resolved(current, cause, in.triggeredAt(), in.now(), in.trigger()));
    }
    return null;
  }

  private ExposureEvent build(
      ComponentEvent component,
      Input in,
      Matching.Finding finding,
      Fix fix,
      Fix componentFix,
      ExposureType type,
      ExposureCause cause,
      ExposureEvent current) {
    return Exposures.build(
        component,
        in.advisory(),
        in.group(),
        in.enrichment(),
        finding,
        fix,
        componentFix,
        type,
        cause,
        current,
        in.ssvcByContext()
            .computeIfAbsent(
                component.getProjectContext(),
                k -> shard.ssvc(component, in.group(), in.all(), in.enrichment())),
        in.triggeredAt(),
        in.now(),
        in.trigger());
  }
}
