package io.vigil.core.triage;

import java.util.Locale;
import java.util.Optional;

/**
 * Why a component is not affected: the five CISA / OpenVEX / CSAF justification labels, each with
 * the CycloneDX justification it is written as when no finer CycloneDX value is known (see {@link
 * CycloneDxJustification} for the reverse mapping of all nine).
 */
public enum Justification {
  COMPONENT_NOT_PRESENT(CycloneDxJustification.CODE_NOT_PRESENT),
  VULNERABLE_CODE_NOT_PRESENT(CycloneDxJustification.CODE_NOT_PRESENT),
  VULNERABLE_CODE_NOT_IN_EXECUTE_PATH(CycloneDxJustification.CODE_NOT_REACHABLE),
  VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY(CycloneDxJustification.REQUIRES_ENVIRONMENT),
  INLINE_MITIGATIONS_ALREADY_EXIST(CycloneDxJustification.PROTECTED_BY_MITIGATING_CONTROL);

  private final CycloneDxJustification cycloneDx;

  Justification(CycloneDxJustification cycloneDx) {
    this.cycloneDx = cycloneDx;
  }

  /** The OpenVEX / CSAF label: {@code vulnerable_code_not_present}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The CycloneDX value written for this justification when no finer one is known. */
  public CycloneDxJustification cycloneDx() {
    return cycloneDx;
  }

  /** The justification of an OpenVEX / CSAF label, or empty when the label is not one of five. */
  public static Optional<Justification> fromLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String v = label.trim().toUpperCase(Locale.ROOT);
    for (Justification j : values()) {
      if (j.name().equals(v)) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }
}
