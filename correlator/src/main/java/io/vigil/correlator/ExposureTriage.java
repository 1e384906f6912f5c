package io.vigil.correlator;

import io.vigil.core.policy.Policy;
import io.vigil.core.policy.PolicyEvaluation;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisResolver;
import io.vigil.core.triage.ExposureRef;
import io.vigil.correlator.triage.PolicyFacts;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ExposureAnalysis;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.triage.AnalysisAvro;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Triage applied to exposure events, pure: which decision applies to an exposure (core's {@link
 * AnalysisResolver} over the analyses topic's decisions, else the policy's), and what an exposure's
 * change of decision emits. The transitions:
 *
 * <ul>
 *   <li>born suppressed: {@code SUPPRESSED} instead of {@code NEW};
 *   <li>open → suppressing decision: {@code SUPPRESSED}; suppressed → not suppressing (deleted,
 *       replaced, expired, invalidated): {@code UNSUPPRESSED} (alerting treats it as NEW);
 *   <li>suppressed → another suppressing decision, or any other change of a suppressed exposure
 *       (severity, KEV, EPSS): stored, nothing emitted (RESOLVED still is);
 *   <li>open → another non-suppressing decision ({@code in_triage} → {@code exploitable}): {@code
 *       UPDATED}.
 * </ul>
 */
final class ExposureTriage {
  private ExposureTriage() {}

  /**
   * The state to store for an exposure and the event to emit (null: stored quietly).
   *
   * @param stored the exposure's new last state
   * @param emitted the event, or null
   */
  record Outcome(ExposureEvent stored, ExposureEvent emitted) {}

  /** What the correlator checks a decision's scope and vulnerability against. */
  static ExposureRef ref(ExposureEvent e, Collection<String> groupIds) {
    Set<String> aliases = new LinkedHashSet<>(e.getAdvisory().getAliases());
    aliases.addAll(groupIds);
    if (e.getAdvisory().getVulnerabilityId() != null) {
      aliases.add(e.getAdvisory().getVulnerabilityId());
    }
    aliases.remove(e.getAdvisory().getId());
    return new ExposureRef(
        e.getProject(),
        e.getProjectVersion(),
        e.getComponent().getPurl(),
        e.getComponent().getBomRef(),
        e.getAdvisory().getId(),
        aliases);
  }

  /**
   * The decision that applies to the exposure at {@code now}: the analyses topic's (core's rule;
   * decisions in {@code invalidatedAnalyses} left out), else the first rule of the policy that
   * holds (a policy decision keeps the time its rule first decided), else none.
   *
   * @param groupIds the ids of the advisory's alias group (a GHSA decision applies to the CVE-keyed
   *     advisory)
   */
  static ExposureAnalysis decide(
      ExposureEvent exposure,
      Collection<String> groupIds,
      Collection<Analysis> decisions,
      Policy policy,
      Instant now) {
    ExposureRef ref = ref(exposure, groupIds);
    List<Analysis> candidates = new ArrayList<>(decisions.size());
    for (Analysis a : decisions) {
      String id = invalidationId(a.key(), a.decidedAt().toEpochMilli());
      if (!exposure.getInvalidatedAnalyses().contains(id)) {
        candidates.add(a);
      }
    }
    Analysis decided = AnalysisResolver.resolve(ref, candidates, now, null).decision();
    if (decided != null) {
      return AnalysisAvro.onExposure(decided);
    }
    PolicyEvaluation evaluation = policy.evaluate(PolicyFacts.of(exposure), now);
    Optional<Analysis> byRule = evaluation.toAnalysis(ref, now);
    if (byRule.isEmpty()) {
      return null;
    }
    ExposureAnalysis out = AnalysisAvro.onExposure(byRule.get());
    ExposureAnalysis before = exposure.getAnalysis();
    if (before != null
        && before.getSource() == io.vigil.events.v1.AnalysisSource.POLICY
        && Objects.equals(before.getSourceRef(), out.getSourceRef())
        && before.getState() == out.getState()) {
      out = ExposureAnalysis.newBuilder(out).setDecidedAt(before.getDecidedAt()).build();
    }
    return out;
  }

  /** A new exposure under its decision: SUPPRESSED instead of NEW when the decision suppresses. */
  static ExposureEvent born(ExposureEvent fresh, ExposureAnalysis analysis, String trigger) {
    if (analysis == null) {
      return fresh;
    }
    ExposureEvent.Builder b = ExposureEvent.newBuilder(fresh).setAnalysis(analysis);
    if (AnalysisAvro.suppresses(analysis)) {
      b.setType(ExposureType.SUPPRESSED)
          .setEventId(Exposures.eventId(fresh.getExposureId(), ExposureType.SUPPRESSED, trigger));
    }
    return b.build();
  }

  /**
   * An UPDATED or RESOLVED state of an open exposure keeps its decision (and the decisions a new
   * advisory version invalidated); while suppressed, its stored type stays SUPPRESSED.
   */
  static ExposureEvent carry(ExposureEvent current, ExposureEvent next) {
    ExposureEvent.Builder b =
        ExposureEvent.newBuilder(next)
            .setAnalysis(current.getAnalysis())
            .setInvalidatedAnalyses(current.getInvalidatedAnalyses());
    if (suppressed(current) && next.getType() == ExposureType.UPDATED) {
      b.setType(ExposureType.SUPPRESSED);
    }
    return b.build();
  }

  /** Is the open exposure suppressed (its decision NOT_AFFECTED or FALSE_POSITIVE)? */
  static boolean suppressed(ExposureEvent e) {
    return AnalysisAvro.suppresses(e.getAnalysis());
  }

  /**
   * An open exposure whose decision may have changed: {@code candidate} is its state (its last
   * state, or a newer one an advisory version brought), {@code next} the decision that applies now.
   * Null when the decision did not change.
   */
  static Outcome retriage(
      ExposureEvent current,
      ExposureEvent candidate,
      ExposureAnalysis next,
      ExposureCause cause,
      Instant triggeredAt,
      Instant now,
      String trigger) {
    ExposureAnalysis before = current.getAnalysis();
    if (Objects.equals(before, next)) {
      return null;
    }
    boolean was = AnalysisAvro.suppresses(before);
    boolean is = AnalysisAvro.suppresses(next);
    ExposureEvent.Builder b =
        ExposureEvent.newBuilder(candidate)
            .setAnalysis(next)
            .setPreviousAnalysis(before)
            .setCause(cause)
            .setInitialInventory(false)
            .setTriggeredAt(triggeredAt)
            .setEmittedAt(now);
    if (was && is) {
      return new Outcome(b.setType(ExposureType.SUPPRESSED).build(), null);
    }
    ExposureType type =
        is ? ExposureType.SUPPRESSED : was ? ExposureType.UNSUPPRESSED : ExposureType.UPDATED;
    b.setType(type)
        .setPrevious(type == ExposureType.UPDATED ? Exposures.snapshot(current) : null)
        .setEventId(Exposures.eventId(current.getExposureId(), type, trigger));
    ExposureEvent e = b.build();
    return new Outcome(e, e);
  }

  /**
   * Does a new advisory version invalidate the exposure's decision: its affected ranges or versions
   * for the package changed, and the decision is a person's or a VEX document's (a policy decides
   * again on its own)? Returns the invalidation id, or null.
   */
  static String invalidated(
      ExposureEvent current, List<AffectedPackage> before, List<AffectedPackage> after) {
    ExposureAnalysis a = current.getAnalysis();
    if (a == null || a.getSource() == io.vigil.events.v1.AnalysisSource.POLICY) {
      return null;
    }
    if (ranges(before).equals(ranges(after))) {
      return null;
    }
    return invalidationId(a.getKey(), a.getDecidedAt().toEpochMilli());
  }

  /** The id a new advisory version invalidates a decision by: {@code <key>@<decidedAt millis>}. */
  static String invalidationId(String key, long decidedAtMillis) {
    return key + '@' + decidedAtMillis;
  }

  /** Adds an invalidated decision to an exposure's state. */
  static ExposureEvent withInvalidated(ExposureEvent e, String id) {
    List<String> ids = new ArrayList<>(e.getInvalidatedAnalyses());
    if (!ids.contains(id)) {
      ids.add(id);
    }
    return ExposureEvent.newBuilder(e).setInvalidatedAnalyses(ids).build();
  }

  private static List<Object> ranges(List<AffectedPackage> entries) {
    List<Object> out = new ArrayList<>();
    for (AffectedPackage p : entries) {
      out.add(p.getRanges());
      out.add(p.getVersions());
    }
    return out;
  }
}
