package io.vigil.correlator;

import io.vigil.core.SkeletonPackageKey;

/**
 * Package identity as the correlator keys it: the one function from a purl (or an OSV ecosystem and
 * name) to the canonical package key, used by the query API, the benchmarks and tests, so the
 * switch to the matching engine's keys is one change here.
 */
public final class PackageKeys {
  private PackageKeys() {}

  /** The package key of a purl, or null when it cannot be mapped. */
  public static String ofPurl(String purl) {
    return SkeletonPackageKey.fromPurl(purl);
  }

  /** The package key of an OSV affected package, or null when the ecosystem is not known. */
  public static String ofOsv(String ecosystem, String name) {
    return SkeletonPackageKey.fromOsv(ecosystem, name);
  }
}
