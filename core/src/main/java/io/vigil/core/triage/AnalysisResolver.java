package io.vigil.core.triage;

import io.vigil.core.osv.AliasGroups;
import java.time.Instant;
import java.util.Comparator;

/**
 * Which decision applies to an exposure: the one implementation of the rule, for the correlator,
 * the query API and the VEX export.
 *
 * <p>A decision applies to an exposure when
 *
 * <ol>
 *   <li>its vulnerability is the exposure's advisory id, one of the advisory's aliases, or in the
 *       same alias group ({@link AliasGroups#groupOf}): a decision recorded for the GHSA applies to
 *       the CVE-keyed advisory of the same vulnerability and the other way round;
 *   <li>its scope covers the exposure's project (and version) and component ({@link
 *       AnalysisScope#covers});
 *   <li>it is valid at {@code now} (no {@code validUntil}, or {@code now} before it).
 * </ol>
 *
 * Of the decisions that apply, the one with the narrowest scope wins (component in project &gt;
 * project &gt; portfolio), then the most recent ({@code decidedAt}), then the smallest key (so the
 * answer never depends on the order the candidates come in). An expired decision simply stops
 * applying: the next one in that order (or none) takes over.
 */
public final class AnalysisResolver {

  /** Winner first: narrowest scope, then most recent, then smallest key. */
  public static final Comparator<Analysis> PRECEDENCE =
      Comparator.comparingInt((Analysis a) -> a.scope().precedence())
          .reversed()
          .thenComparing(Analysis::decidedAt, Comparator.reverseOrder())
          .thenComparing(Analysis::key);

  private AnalysisResolver() {}

  /**
   * Does {@code analysis} (ignoring its validity window) concern {@code exposure}?
   *
   * @param groups the alias groups of the known advisories, or null to match ids and the exposure's
   *     own aliases only
   */
  public static boolean concerns(Analysis analysis, ExposureRef exposure, AliasGroups groups) {
    return analysis.scope().covers(exposure)
        && sameVulnerability(analysis.vulnerabilityId(), exposure, groups);
  }

  /**
   * The decision that applies to {@code exposure} at {@code now} among {@code candidates}.
   *
   * @param candidates any decisions (those that do not concern the exposure are ignored)
   * @param groups alias groups, or null (see {@link #concerns})
   */
  public static Resolution resolve(
      ExposureRef exposure, Iterable<Analysis> candidates, Instant now, AliasGroups groups) {
    Analysis best = null;
    for (Analysis a : candidates) {
      if (!a.isValidAt(now) || !concerns(a, exposure, groups)) {
        continue;
      }
      if (best == null || PRECEDENCE.compare(a, best) < 0) {
        best = a;
      }
    }
    return new Resolution(best);
  }

  static boolean sameVulnerability(String id, ExposureRef exposure, AliasGroups groups) {
    if (exposure.namesVulnerability(id)) {
      return true;
    }
    if (groups == null) {
      return false;
    }
    String group = groups.groupOf(VulnerabilityIds.normalize(id));
    if (group.equals(groups.groupOf(exposure.vulnerabilityId()))) {
      return true;
    }
    for (String alias : exposure.aliases()) {
      if (group.equals(groups.groupOf(alias))) {
        return true;
      }
    }
    return false;
  }
}
