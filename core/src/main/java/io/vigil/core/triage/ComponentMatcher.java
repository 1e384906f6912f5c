package io.vigil.core.triage;

/**
 * Which components of a project an analysis is about: a {@link PurlPattern} (a purl, with or
 * without version, qualifiers and subpath) or a {@link BomRefMatcher} (a component's SBOM
 * reference).
 */
public sealed interface ComponentMatcher permits PurlPattern, BomRefMatcher {

  /** Does the exposure's component match? */
  boolean matches(ExposureRef exposure);

  /** The text form: a canonical purl, or {@code bom-ref:<ref>}. */
  String asString();

  /**
   * Reads the text form: {@code bom-ref:<ref>}, else a purl.
   *
   * @throws IllegalArgumentException when it is neither
   */
  static ComponentMatcher parse(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("a component matcher needs a purl or a bom-ref");
    }
    if (text.startsWith(BomRefMatcher.PREFIX)) {
      return new BomRefMatcher(text.substring(BomRefMatcher.PREFIX.length()));
    }
    return PurlPattern.parse(text.strip());
  }
}
