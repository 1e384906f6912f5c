package io.vigil.correlator;

import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.purl.PackageKey;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.Component;

/**
 * Package identity as the correlator keys it: the matching engine's {@link PackageKey} ({@code <OSV
 * base ecosystem>/<normalised name>}), computed here from the component's purl and from each
 * advisory entry's ecosystem and name, so partitioning never depends on the key a producer wrote.
 * The one place the correlator maps a purl or an OSV package to a key (query API, benchmarks and
 * tests use it too).
 */
public final class PackageKeys {
  private PackageKeys() {}

  /** The package key of a purl, or null when it does not parse or has no OSV ecosystem. */
  public static String ofPurl(String purl) {
    if (purl == null || purl.isBlank()) {
      return null;
    }
    try {
      return PackageIdentity.fromPurl(purl).map(i -> i.key().toString()).orElse(null);
    } catch (IllegalArgumentException e) {
      return null; // MalformedPurlException included
    }
  }

  /** The package key of a component (from its purl), or null. */
  public static String ofComponent(Component c) {
    return c == null ? null : ofPurl(c.getPurl());
  }

  /** The package key of an OSV affected package, or null when it names no package. */
  public static String ofOsv(String ecosystem, String name) {
    if (ecosystem == null || name == null || ecosystem.isBlank() || name.isBlank()) {
      return null;
    }
    try {
      return PackageKey.of(ecosystem, name).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The package key of an advisory entry, or null (GIT-only entries). */
  public static String ofAffected(AffectedPackage p) {
    return ofOsv(p.getEcosystem(), p.getName());
  }
}
