package io.vigil.core.project;

import java.util.Locale;
import java.util.Optional;

/** Whether a project is reachable from the internet. */
public enum ProjectExposure {
  /** Reachable from the internet (a public service, a customer-facing application). */
  INTERNET_FACING("internet-facing"),
  /** Reachable only from inside the organisation's networks. */
  INTERNAL("internal");

  private final String label;

  ProjectExposure(String label) {
    this.label = label;
  }

  /** The written form: {@code internet-facing}, {@code internal}. */
  public String label() {
    return label;
  }

  /**
   * Reads a written form: the label, the enum name, {@code internet}/{@code public}/{@code
   * external}, or {@code private}; case and {@code _}/{@code -}/space do not matter. Empty when it
   * is none of them.
   */
  public static Optional<ProjectExposure> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return switch (t) {
      case "internet-facing", "internet", "public", "external" -> Optional.of(INTERNET_FACING);
      case "internal", "private" -> Optional.of(INTERNAL);
      default -> Optional.empty();
    };
  }
}
