package io.vigil.core.triage;

import java.util.Locale;
import java.util.Optional;

/**
 * The nine CycloneDX {@code analysis.justification} values (also Dependency-Track's), each read as
 * one of the five {@link Justification}s:
 *
 * <ul>
 *   <li>{@code code_not_present} → VULNERABLE_CODE_NOT_PRESENT
 *   <li>{@code code_not_reachable} → VULNERABLE_CODE_NOT_IN_EXECUTE_PATH
 *   <li>{@code requires_configuration}, {@code requires_dependency}, {@code requires_environment} →
 *       VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY (the vulnerable code is there, but an
 *       attacker needs a configuration, dependency or environment the product does not have)
 *   <li>{@code protected_by_compiler}, {@code protected_at_runtime}, {@code
 *       protected_at_perimeter}, {@code protected_by_mitigating_control} →
 *       INLINE_MITIGATIONS_ALREADY_EXIST
 * </ul>
 *
 * <p>CycloneDX has no value for "the component is not there at all"; COMPONENT_NOT_PRESENT is
 * written as {@code code_not_present} (and carried exactly in a {@code vigil:justification}
 * property by Vigil's own exports).
 */
public enum CycloneDxJustification {
  CODE_NOT_PRESENT,
  CODE_NOT_REACHABLE,
  REQUIRES_CONFIGURATION,
  REQUIRES_DEPENDENCY,
  REQUIRES_ENVIRONMENT,
  PROTECTED_BY_COMPILER,
  PROTECTED_AT_RUNTIME,
  PROTECTED_AT_PERIMETER,
  PROTECTED_BY_MITIGATING_CONTROL;

  /** The CycloneDX value: {@code code_not_reachable}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The one of the five VEX justifications this value reads as. */
  public Justification toVex() {
    return switch (this) {
      case CODE_NOT_PRESENT -> Justification.VULNERABLE_CODE_NOT_PRESENT;
      case CODE_NOT_REACHABLE -> Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH;
      case REQUIRES_CONFIGURATION, REQUIRES_DEPENDENCY, REQUIRES_ENVIRONMENT ->
          Justification.VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY;
      case PROTECTED_BY_COMPILER,
          PROTECTED_AT_RUNTIME,
          PROTECTED_AT_PERIMETER,
          PROTECTED_BY_MITIGATING_CONTROL ->
          Justification.INLINE_MITIGATIONS_ALREADY_EXIST;
    };
  }

  /** The value of a CycloneDX label, or empty when it is not one of the nine. */
  public static Optional<CycloneDxJustification> fromLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String v = label.trim().toUpperCase(Locale.ROOT);
    for (CycloneDxJustification j : values()) {
      if (j.name().equals(v)) {
        return Optional.of(j);
      }
    }
    return Optional.empty();
  }
}
