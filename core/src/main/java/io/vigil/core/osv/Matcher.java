package io.vigil.core.osv;

import io.vigil.core.distro.DistroRelease;
import io.vigil.core.osv.AffectedEntry.Event;
import io.vigil.core.osv.AffectedEntry.Kind;
import io.vigil.core.osv.AffectedEntry.PreparedRange;
import io.vigil.core.purl.Ecosystem;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.version.Version;
import io.vigil.core.version.VersionScheme;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Evaluates components against OSV affected entries, following MATCHING.md rules M1–M8:
 *
 * <ul>
 *   <li>M1 withdrawn advisories affect nothing;
 *   <li>M3 every entry of the advisory for the component's package counts (OR), the ecosystem
 *       release compared only when both sides have one;
 *   <li>M4 the {@code versions} list matches on equal strings or, when both parse, equal versions;
 *   <li>M5 SEMVER and ECOSYSTEM ranges: events sorted by (version, introduced &lt; last_affected
 *       &lt; fixed &lt; limit), the greatest event at or below the version decides ({@code
 *       introduced} affects, an equal {@code last_affected} affects, else not), and below a {@code
 *       limit} when the range has one; the ecosystem's own order for SEMVER ranges too (M7);
 *   <li>M6 an unparseable component or event version makes the answer INDETERMINATE unless the
 *       {@code versions} list matches the exact string; no silent fallback to another order;
 *   <li>M8 distro releases: an entry scoped to a release ({@code Debian:11}, {@code Alpine:v3.16})
 *       applies only to components of that release, and an entry of a variant ({@code
 *       Ubuntu:Pro:…}, Red Hat EUS...) only to components whose SBOM says they come from it; a
 *       component whose release is unknown is INDETERMINATE for every release-scoped entry (with
 *       the reason), never judged against all releases, not even by their {@code versions} lists.
 *       Every answer about such an entry names the release ({@link MatchResult#release()}) and, for
 *       a binary package, the source package it was judged by.
 * </ul>
 *
 * <p>GIT ranges are never ordered: a component version equal to a commit a GIT range names as
 * affected matches exactly; otherwise GIT ranges are skipped (components are identified by purl and
 * version, not by repository and commit graph). Stateless and thread-safe.
 */
public final class Matcher {
  private Matcher() {}

  private static final MatchResult OUTSIDE_EVERY_RANGE =
      MatchResult.notAffected("the version is outside every range and not in the versions list");
  private static final MatchResult DIFFERENT_PACKAGE =
      MatchResult.notAffected("the entry is for another package");

  /** Evaluates one component (purl and version as in the SBOM) against one prepared entry. */
  public static MatchResult evaluate(PackageIdentity component, AffectedEntry entry) {
    return evaluate(component, entry, null);
  }

  /**
   * As {@link #evaluate(PackageIdentity, AffectedEntry)}, with the component's version already
   * parsed by the entry's scheme (null to parse it here): the hot-path form for evaluating one
   * component against many entries.
   */
  public static MatchResult evaluate(
      PackageIdentity component, AffectedEntry entry, Version parsed) {
    if (entry.withdrawn()) {
      return MatchResult.notAffected(entry.advisoryId() + " is withdrawn");
    }
    if (!component.key().equals(entry.key())) {
      return DIFFERENT_PACKAGE;
    }
    String scope = entry.releaseScope();
    if (scope != null) {
      MatchResult outOfScope = outsideRelease(component, entry, scope);
      if (outOfScope != null) {
        return outOfScope;
      }
    } else if (!component.ecosystem().matches(entry.ecosystem())) {
      return MatchResult.notAffected(
          "different release: advisory is for "
              + entry.ecosystem()
              + ", component is "
              + component.ecosystem());
    }
    MatchResult r = evaluateVersion(component, entry, parsed);
    if (scope == null) {
      return r;
    }
    // the hot path: most answers are NOT_AFFECTED and their words are never shown
    return r.status() == MatchResult.Status.NOT_AFFECTED
        ? r.inRelease(scope)
        : explainRelease(r, component, scope);
  }

  /**
   * A distro entry applies only within its own release (and variant): a component of another
   * release is NOT_AFFECTED by it; a component whose release is unknown is INDETERMINATE, never
   * judged against every release's ranges. Null when the entry applies.
   */
  private static MatchResult outsideRelease(
      PackageIdentity component, AffectedEntry entry, String scope) {
    Ecosystem c = component.ecosystem();
    Ecosystem e = entry.ecosystem();
    if (c.release() == null) {
      String raw = component.version();
      boolean listed = raw != null && entry.versions().contains(raw);
      return MatchResult.indeterminate(
              (component.releaseProblem() != null
                      ? component.releaseProblem()
                      : "the component's " + c.base() + " release is unknown")
                  + "; the advisory's entry is scoped to "
                  + scope
                  + " and is not applied to a package of unknown release"
                  + (listed
                      ? " (its versions list names " + raw + ", but only for that release)"
                      : ""))
          .inRelease(scope);
    }
    if (DistroRelease.admits(c.release(), c.variant(), e.release(), e.variant())) {
      return null;
    }
    return c.release().equals(e.release()) ? entry.anotherVariant() : entry.anotherRelease();
  }

  /** Prefixes the answer with the release it was judged in and the source package used. */
  private static MatchResult explainRelease(
      MatchResult r, PackageIdentity component, String scope) {
    StringBuilder reason = new StringBuilder(scope).append(": ").append(r.reason());
    if (component.source() != null) {
      reason
          .append("; judged as source package ")
          .append(component.source().name())
          .append(' ')
          .append(component.version())
          .append(" (binary ")
          .append(component.purl().name())
          .append(')');
    }
    return new MatchResult(r.status(), reason.toString(), r.fixedVersions(), scope);
  }

  /** M4–M7 for an entry that applies to the component's ecosystem and release. */
  private static MatchResult evaluateVersion(
      PackageIdentity component, AffectedEntry entry, Version parsed) {
    String raw = component.version();
    if (raw == null || raw.isBlank()) {
      return MatchResult.indeterminate("the component has no version");
    }
    VersionScheme scheme = entry.scheme();
    Version v =
        scheme == null
            ? null
            : parsed != null && parsed.scheme() == scheme ? parsed : scheme.parse(raw);
    boolean listed = entry.lists(raw, v);
    if (scheme == null) {
      return listed
          ? MatchResult.affected(
              "version " + raw + " is listed in the advisory's versions", List.of())
          : MatchResult.indeterminate(
              "no version order is known for ecosystem " + entry.ecosystem().base());
    }
    if (!v.isValid()) {
      return listed
          ? MatchResult.affected(
              "version " + raw + " is listed in the advisory's versions", List.of())
          : MatchResult.indeterminate(
              "'" + raw + "' is not a valid " + scheme.name() + " version: " + v.invalidReason());
    }
    String indeterminate = null;
    String affectedBy = listed ? "version " + raw + " is listed in the advisory's versions" : null;
    TreeSet<Version> fixed = null;
    for (PreparedRange r : entry.ranges()) {
      if (r.invalidReason() != null) {
        indeterminate = r.type() + " range cannot be evaluated: " + r.invalidReason();
        continue;
      }
      Event decisive = decisiveEvent(r, v);
      if (decisive != null && affects(decisive, v) && belowLimit(r, v)) {
        if (affectedBy == null) {
          affectedBy = describe(r, decisive);
        }
        for (Event e : r.events()) {
          if (e.kind() == Kind.FIXED && e.version().compareTo(v) > 0) {
            if (fixed == null) {
              fixed = new TreeSet<>();
            }
            fixed.add(e.version());
          }
        }
      }
    }
    if (affectedBy != null) {
      if (fixed == null) {
        return MatchResult.affected(affectedBy, List.of());
      }
      List<String> fixedRaw = new ArrayList<>(fixed.size());
      for (Version f : fixed) {
        fixedRaw.add(f.raw());
      }
      return MatchResult.affected(affectedBy, fixedRaw);
    }
    if (indeterminate != null) {
      return MatchResult.indeterminate(indeterminate);
    }
    if (entry.ranges().isEmpty() && entry.versions().isEmpty()) {
      return entry.gitRanges() > 0
          ? MatchResult.notAffected("only GIT ranges, which need a repository and commit")
          : MatchResult.notAffected("the entry lists no versions or ranges");
    }
    return OUTSIDE_EVERY_RANGE;
  }

  /**
   * Evaluates a component against all entries of one advisory (M3: any entry for its package
   * affects). Entries for other packages are ignored. AFFECTED wins over INDETERMINATE, which wins
   * over NOT_AFFECTED; fixed versions are merged.
   */
  public static MatchResult evaluate(PackageIdentity component, Collection<AffectedEntry> entries) {
    return evaluate(component, null, entries);
  }

  /**
   * As {@link #evaluate(PackageIdentity, Collection)}, with the component's version parsed once by
   * the caller (null to parse it here).
   */
  public static MatchResult evaluate(
      PackageIdentity component, Version parsedVersion, Collection<AffectedEntry> entries) {
    MatchResult best = null;
    int bestRank = -1;
    TreeSet<Version> fixed = null;
    VersionScheme scheme = null;
    Version parsed = parsedVersion;
    for (AffectedEntry e : entries) {
      if (!e.key().equals(component.key())) {
        continue;
      }
      if (parsed == null && e.scheme() != null && component.version() != null) {
        parsed = e.scheme().parse(component.version());
      }
      MatchResult r = evaluate(component, e, parsed);
      if (r.isAffected()) {
        if (fixed == null) {
          fixed = new TreeSet<>();
          scheme = e.scheme();
        }
        if (scheme != null && scheme == e.scheme()) {
          for (String f : r.fixedVersions()) {
            fixed.add(scheme.parse(f));
          }
        }
      }
      int rank = rank(r, component, e);
      if (best == null || rank > bestRank) {
        best = r;
        bestRank = rank;
      }
    }
    if (best == null) {
      return MatchResult.notAffected("the advisory has no entry for " + component.key());
    }
    if (best.isAffected() && fixed != null) {
      List<String> merged = new ArrayList<>();
      for (Version f : fixed) {
        merged.add(f.raw());
      }
      return new MatchResult(best.status(), best.reason(), merged, best.release());
    }
    return best;
  }

  /**
   * The smallest version above the component's that no given advisory affects (nor leaves
   * indeterminate): the candidates are the fixed versions of the findings, tried in ascending
   * order; a candidate that falls into another advisory's range adds that advisory's fixed versions
   * above it. Empty when there is no finding, when no fix is known, or when no candidate is clean.
   *
   * @param component the component as in the SBOM
   * @param advisories the prepared entries of each advisory that may concern the component
   */
  public static Optional<String> smallestFixingUpgrade(
      PackageIdentity component, Collection<? extends Collection<AffectedEntry>> advisories) {
    return smallestFixingUpgrade(component, advisories, v -> true);
  }

  /**
   * As {@link #smallestFixingUpgrade(PackageIdentity, Collection)}, among the candidates {@code
   * acceptable} admits only (a version line, say): the others are neither tried nor followed.
   */
  public static Optional<String> smallestFixingUpgrade(
      PackageIdentity component,
      Collection<? extends Collection<AffectedEntry>> advisories,
      Predicate<Version> acceptable) {
    return FixSearch.of(component, advisories).smallest(acceptable);
  }

  /**
   * AFFECTED over INDETERMINATE over NOT_AFFECTED; among NOT_AFFECTED answers the most telling one:
   * judged within the component's release, then an entry of the component's release but another
   * variant, then an entry of another release.
   */
  private static int rank(MatchResult r, PackageIdentity component, AffectedEntry e) {
    return switch (r.status()) {
      case AFFECTED -> 20;
      case INDETERMINATE -> 10;
      case NOT_AFFECTED -> {
        if (r.release() != null) {
          yield 2;
        }
        String release = component.ecosystem().release();
        yield release != null && release.equals(e.ecosystem().release()) ? 1 : 0;
      }
    };
  }

  /** The greatest event at or below {@code v} in sort order, or null. */
  private static Event decisiveEvent(PreparedRange r, Version v) {
    Event decisive = null;
    for (Event e : r.events()) {
      if (e.kind() == Kind.LIMIT) {
        continue;
      }
      if (e.version() == null || e.version().compareTo(v) <= 0) {
        decisive = e;
      } else {
        break;
      }
    }
    return decisive;
  }

  private static boolean affects(Event e, Version v) {
    return switch (e.kind()) {
      case INTRODUCED -> true;
      case LAST_AFFECTED -> e.version().compareTo(v) == 0;
      default -> false;
    };
  }

  private static boolean belowLimit(PreparedRange r, Version v) {
    if (!r.hasLimit()) {
      return true;
    }
    for (Event e : r.events()) {
      if (e.kind() == Kind.LIMIT && v.compareTo(e.version()) < 0) {
        return true;
      }
    }
    return false;
  }

  private static String describe(PreparedRange r, Event decisive) {
    String at =
        decisive.kind() == Kind.INTRODUCED
            ? "introduced " + (decisive.version() == null ? "0" : decisive.raw())
            : "last_affected " + decisive.raw();
    return "in " + r.type() + " range (" + at + ")";
  }
}
