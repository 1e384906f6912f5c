package io.vigil.core;

import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.purl.PackageKey;

/**
 * Transitional entry points kept while the services move to {@link PackageIdentity} and {@link
 * PackageKey} directly: both now delegate to the matching engine, so every caller derives the same
 * canonical key ({@code <OSV ecosystem>/<normalised name>}).
 */
public final class SkeletonPackageKey {
  private SkeletonPackageKey() {}

  /** The key of a purl, or null when it does not parse or has no OSV ecosystem. */
  public static String fromPurl(String purl) {
    if (purl == null || purl.isBlank()) {
      return null;
    }
    try {
      return PackageIdentity.fromPurl(purl).map(i -> i.key().toString()).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  /** The key of an OSV affected package, or null when it names no package. */
  public static String fromOsv(String ecosystem, String name) {
    if (ecosystem == null || name == null || ecosystem.isBlank() || name.isBlank()) {
      return null;
    }
    try {
      return PackageKey.of(ecosystem, name).toString();
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
