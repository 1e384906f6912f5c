package io.vigil.core.triage;

import java.util.Objects;

/**
 * Matches the component whose SBOM {@code bom-ref} (CycloneDX) or SPDXID is {@code ref}: how a
 * CycloneDX VEX names a component that has no purl. Written {@code bom-ref:<ref>} in keys.
 *
 * @param ref the document-local reference
 */
public record BomRefMatcher(String ref) implements ComponentMatcher {
  static final String PREFIX = "bom-ref:";

  public BomRefMatcher {
    Objects.requireNonNull(ref, "ref");
    if (ref.isBlank()) {
      throw new IllegalArgumentException("a bom-ref matcher needs a reference");
    }
  }

  @Override
  public boolean matches(ExposureRef exposure) {
    return ref.equals(exposure.bomRef());
  }

  @Override
  public String asString() {
    return PREFIX + ref;
  }

  @Override
  public String toString() {
    return asString();
  }
}
