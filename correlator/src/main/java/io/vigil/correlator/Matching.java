package io.vigil.correlator;

import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.Component;
import java.util.List;

/**
 * The one place where the correlator asks "is this component affected?": every match decision and
 * every fix computation goes through here, so switching the rule (walking-skeleton matcher →
 * matching engine, issue 4) is a change to this class alone.
 */
final class Matching {
  private Matching() {}

  /**
   * The answer for one component and the entries of one advisory for its package.
   *
   * @param affected true when affected (or potentially affected: see {@code indeterminate})
   * @param indeterminate the version could not be ordered; the answer rests on exact strings
   * @param fixedVersions versions above the component's that end this finding, ascending
   */
  record Finding(boolean affected, boolean indeterminate, List<String> fixedVersions) {
    static final Finding NONE = new Finding(false, false, List.of());
  }

  /** Evaluates the advisory entries of one package (OR over entries) for a component. */
  static Finding evaluate(Component component, List<AffectedPackage> entries) {
    if (entries.isEmpty()) {
      return Finding.NONE;
    }
    List<String> fixed = SkeletonMatcher.affected(entries, component.getVersion());
    return fixed == null ? Finding.NONE : new Finding(true, false, fixed);
  }

  /**
   * The smallest upgrade from the component's version that ends every one of its findings (each
   * given as the advisory's entries for the package), or null when none is known.
   */
  static String smallestFix(Component component, List<List<AffectedPackage>> findings) {
    return SkeletonMatcher.smallestFix(findings, component.getVersion());
  }
}
