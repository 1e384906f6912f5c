package io.vigil.sbom.intake;

import io.vigil.core.purl.Purl;

/**
 * The one place ingest-sbom decides whether a purl is syntactically valid: the matching engine's
 * purl parser ({@link Purl#parse}), so a purl ingest-sbom accepts is one the correlator can read.
 */
public final class Purls {
  private Purls() {}

  /** The parsed purl, or null when it does not parse. */
  public static Purl parseOrNull(String purl) {
    if (purl == null || purl.isBlank()) {
      return null;
    }
    try {
      return Purl.parse(purl);
    } catch (RuntimeException e) {
      return null;
    }
  }

  /** Null when {@code purl} parses as a package URL, else why not. */
  public static String problem(String purl) {
    if (purl == null || purl.isBlank()) {
      return "the purl is empty";
    }
    try {
      Purl.parse(purl);
      return null;
    } catch (RuntimeException e) {
      return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
  }

  /** True when {@code purl} parses. */
  public static boolean valid(String purl) {
    return problem(purl) == null;
  }
}
