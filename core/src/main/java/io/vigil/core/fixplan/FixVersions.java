package io.vigil.core.fixplan;

import io.vigil.core.purl.PackageIdentity;
import io.vigil.core.version.Version;
import io.vigil.core.version.VersionScheme;
import io.vigil.core.version.VersionSchemes;
import java.util.Optional;

/** Which of two fixing versions of a package is higher. Pure. */
public final class FixVersions {
  private FixVersions() {}

  /** Whether version {@code a} is above {@code b} in the component's ecosystem. */
  public static boolean higher(String purl, String a, String b) {
    Optional<VersionScheme> scheme =
        identity(purl).flatMap(id -> VersionSchemes.forEcosystem(id.ecosystem().base()));
    if (scheme.isPresent()) {
      Version va = scheme.get().parse(a);
      Version vb = scheme.get().parse(b);
      if (va.isValid() && vb.isValid()) {
        return va.compareTo(vb) > 0;
      }
    }
    return a.compareTo(b) > 0;
  }

  private static Optional<PackageIdentity> identity(String purl) {
    try {
      return PackageIdentity.fromPurl(purl);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
