package io.vigil.core.fix;

import io.vigil.core.osv.AffectedEntry;
import io.vigil.core.osv.FixSearch;
import io.vigil.core.purl.PackageIdentity;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The fix of an exposure (one advisory's entries) or of a component (the entries of every advisory
 * it is affected by): {@link FixAdvice}. One rule: {@code Matcher.smallestFixingUpgrade} ({@link
 * FixSearch}: its start worked out once), run over every candidate and again restricted to the
 * component's minor and major lines.
 */
public final class Fixes {
  private Fixes() {}

  /** The fix of one exposure: the advisory's entries for the component's package. */
  public static Optional<FixAdvice> ofExposure(
      PackageIdentity component, Collection<AffectedEntry> advisory) {
    return of(component, List.of(advisory));
  }

  /**
   * The fix that ends every finding of the component: empty when nothing affects it or no fixed
   * version is known.
   *
   * @param advisories the prepared entries of each advisory that may concern the component
   */
  public static Optional<FixAdvice> of(
      PackageIdentity component, Collection<? extends Collection<AffectedEntry>> advisories) {
    // one evaluation of the findings for the three searches
    FixSearch search = FixSearch.of(component, advisories);
    Optional<String> smallest = search.smallest(v -> true);
    if (smallest.isEmpty()) {
      return Optional.empty();
    }
    VersionLine current = VersionLine.of(component.version());
    VersionLine fix = VersionLine.of(smallest.get());
    if (current == null || fix == null) {
      return Optional.of(
          new FixAdvice(
              component.version(), smallest.get(), null, FixAdvice.Change.UNKNOWN, false));
    }
    String sameLine =
        search
            .smallest(v -> current.sameMinor(VersionLine.of(v.raw())))
            .or(() -> search.smallest(v -> current.sameMajor(VersionLine.of(v.raw()))))
            .orElse(null);
    FixAdvice.Change change =
        current.sameMinor(fix)
            ? FixAdvice.Change.PATCH
            : current.sameMajor(fix) ? FixAdvice.Change.MINOR : FixAdvice.Change.MAJOR;
    return Optional.of(
        new FixAdvice(
            component.version(),
            smallest.get(),
            sameLine,
            change,
            change == FixAdvice.Change.MAJOR && isLater(fix, current)));
  }

  private static boolean isLater(VersionLine fix, VersionLine current) {
    return fix.epoch() > current.epoch()
        || (fix.epoch() == current.epoch() && fix.major() > current.major());
  }
}
