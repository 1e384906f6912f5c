package io.vigil.sbom.intake;

import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;

/**
 * The one place ingest-sbom decides whether a purl is syntactically valid. Uses packageurl-java's
 * parser until the matching engine's {@code io.vigil.core.purl} lands on main; then this is a
 * one-line switch.
 */
public final class Purls {
  private Purls() {}

  /** Null when {@code purl} parses as a package URL, else why not. */
  public static String problem(String purl) {
    if (purl == null || purl.isBlank()) {
      return "the purl is empty";
    }
    try {
      PackageURL parsed = new PackageURL(purl);
      if (parsed.getName() == null || parsed.getName().isBlank()) {
        return "the purl has no name";
      }
      return null;
    } catch (MalformedPackageURLException | RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** True when {@code purl} parses. */
  public static boolean valid(String purl) {
    return problem(purl) == null;
  }
}
