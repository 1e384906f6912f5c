package io.vigil.core.triage;

import java.util.Locale;
import java.util.Optional;

/** What is done about a vulnerability: the CycloneDX {@code analysis.response} values. */
public enum Response {
  CAN_NOT_FIX,
  WILL_NOT_FIX,
  UPDATE,
  ROLLBACK,
  WORKAROUND_AVAILABLE;

  /** The CycloneDX value: {@code will_not_fix}. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The response of a CycloneDX label, or empty. */
  public static Optional<Response> fromLabel(String label) {
    if (label == null) {
      return Optional.empty();
    }
    String v = label.trim().toUpperCase(Locale.ROOT);
    for (Response r : values()) {
      if (r.name().equals(v)) {
        return Optional.of(r);
      }
    }
    return Optional.empty();
  }
}
