package io.vigil.core.osv;

import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.version.Version;
import io.vigil.core.version.VersionScheme;
import java.util.Collection;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * {@link Matcher#smallestFixingUpgrade}'s search, its start worked out once: every advisory
 * evaluated for the component and the fixed versions of its findings gathered, then searched under
 * as many filters as the caller needs (core's {@code Fixes} asks for the smallest fix, then within
 * the component's minor and major lines: three searches, one evaluation of the findings).
 */
public final class FixSearch {
  private final PackageIdentity component;
  private final Collection<? extends Collection<AffectedEntry>> advisories;
  private final VersionScheme scheme;
  private final TreeSet<Version> start;

  private FixSearch(
      PackageIdentity component,
      Collection<? extends Collection<AffectedEntry>> advisories,
      VersionScheme scheme,
      TreeSet<Version> start) {
    this.component = component;
    this.advisories = advisories;
    this.scheme = scheme;
    this.start = start;
  }

  /**
   * Evaluates every advisory for the component once and gathers its findings' fixed versions.
   *
   * @param component the component as in the SBOM
   * @param advisories the prepared entries of each advisory that may concern the component
   */
  public static FixSearch of(
      PackageIdentity component, Collection<? extends Collection<AffectedEntry>> advisories) {
    TreeSet<Version> candidates = new TreeSet<>();
    VersionScheme scheme = null;
    boolean anyFinding = false;
    for (Collection<AffectedEntry> advisory : advisories) {
      MatchResult r = Matcher.evaluate(component, advisory);
      if (!r.isAffected()) {
        continue;
      }
      anyFinding = true;
      for (AffectedEntry e : advisory) {
        if (e.key().equals(component.key()) && e.scheme() != null) {
          scheme = e.scheme();
        }
      }
      if (scheme != null) {
        for (String f : r.fixedVersions()) {
          candidates.add(scheme.parse(f));
        }
      }
    }
    boolean none = !anyFinding || scheme == null;
    return new FixSearch(component, advisories, none ? null : scheme, none ? null : candidates);
  }

  /**
   * The smallest candidate that no advisory affects (nor leaves indeterminate), among those {@code
   * acceptable} admits (the others are neither tried nor followed); empty when there is no finding,
   * no fix is known, or no candidate is clean. Candidates are tried in ascending order; one still
   * affected by some advisory contributes that advisory's fixes above it (so a fix that lands in
   * another advisory's range is skipped).
   */
  public Optional<String> smallest(Predicate<Version> acceptable) {
    if (start == null) {
      return Optional.empty();
    }
    TreeSet<Version> candidates = new TreeSet<>(start);
    while (!candidates.isEmpty()) {
      Version candidate = candidates.pollFirst();
      if (!acceptable.test(candidate)) {
        continue;
      }
      PackageIdentity upgraded = component.withVersion(candidate.raw());
      boolean clean = true;
      for (Collection<AffectedEntry> advisory : advisories) {
        // the candidate is already parsed (by the scheme of its entries): not once per advisory
        MatchResult r = Matcher.evaluate(upgraded, candidate, advisory);
        if (r.status() != MatchResult.Status.NOT_AFFECTED) {
          clean = false;
          for (String f : r.fixedVersions()) {
            candidates.add(scheme.parse(f));
          }
        }
      }
      if (clean) {
        return Optional.of(candidate.raw());
      }
    }
    return Optional.empty();
  }
}
