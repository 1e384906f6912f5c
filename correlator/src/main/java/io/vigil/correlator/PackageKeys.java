package io.vigil.correlator;

import io.vigil.core.distro.SourcePackage;
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

  /**
   * The package key of a component, or null: from its purl, version and the source package
   * ingest-sbom recorded ({@code sourcePackage}/{@code sourceVersion}), so a distro binary package
   * is keyed — and its ADDED and REMOVED events sharded — by its source package ({@code
   * Debian/openssl} for libssl3), where the distro's advisories for it arrive.
   */
  public static String ofComponent(Component c) {
    PackageIdentity id = identityOf(c);
    return id == null ? null : id.key().toString();
  }

  /**
   * THE engine identity of a component event's component (the one {@code vigil scan} and
   * ingest-sbom derive for the same SBOM component), or null when it has no purl, its purl does not
   * parse or has no OSV ecosystem.
   */
  static PackageIdentity identityOf(Component c) {
    if (c == null || c.getPurl() == null || c.getPurl().isBlank()) {
      return null;
    }
    SourcePackage source =
        c.getSourcePackage() == null || c.getSourcePackage().isBlank()
            ? null
            : new SourcePackage(c.getSourcePackage(), c.getSourceVersion());
    try {
      return PackageIdentity.fromComponent(c.getPurl(), c.getVersion(), source).orElse(null);
    } catch (IllegalArgumentException e) {
      return null; // MalformedPurlException included
    }
  }

  /**
   * Why a query by {@code purl} may find nothing although its package is shipped: a deb or apk purl
   * that names no source package ({@code upstream=}/{@code source=}) is keyed by its own name,
   * while the components of a binary package are stored under their source package (the name the
   * distribution's advisories use: {@code libssl3} under {@code Debian/openssl}), which the purl
   * alone does not say. Null for every other purl.
   */
  public static String binaryWithoutSourceNote(String purl) {
    if (purl == null || purl.isBlank()) {
      return null;
    }
    PackageIdentity id;
    try {
      id = PackageIdentity.fromPurl(purl).orElse(null);
    } catch (IllegalArgumentException e) {
      return null;
    }
    if (id == null
        || id.source() != null
        || !(id.purl().type().equals("deb") || id.purl().type().equals("apk"))) {
      return null;
    }
    String name = id.purl().name();
    return String.format(
        java.util.Locale.ROOT,
        "nothing is stored under %s. A %s binary package is stored under its source package (the"
            + " name the distribution's advisories use, e.g. libssl3 under openssl), and this purl"
            + " does not name one: if %s is a binary package, ask with its source's purl"
            + " (pkg:%s/%s/<source>) or add ?upstream=<source> to this purl.",
        id.key(),
        id.key().ecosystem(),
        name,
        id.purl().type(),
        id.purl().namespace());
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
