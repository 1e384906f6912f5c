package io.vigil.core.project;

import java.util.Locale;
import java.util.Optional;

/**
 * How much the organisation's mission depends on a project: CISA SSVC's <em>Mission Prevalence</em>
 * (CISA SSVC Guide, November 2022, "Mission Prevalence": minimal, support, essential), named as
 * operators say it.
 */
public enum Criticality {
  /** Neither supports nor is a mission essential function (SSVC: minimal). */
  MINIMAL("minimal"),
  /** Supports a mission essential function (SSVC: support). */
  SUPPORT("support"),
  /** Is a mission essential function, or directly provides one (SSVC: essential). */
  MISSION_ESSENTIAL("mission-essential");

  private final String label;

  Criticality(String label) {
    this.label = label;
  }

  /** The written form: {@code minimal}, {@code support}, {@code mission-essential}. */
  public String label() {
    return label;
  }

  /**
   * Reads a written form: the label, the enum name, or SSVC's word ({@code essential}); case and
   * {@code _}/{@code -}/space do not matter. Empty when it is none of them (no guessing from words
   * such as "high": a criticality nobody stated is unknown, not a default).
   */
  public static Optional<Criticality> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip().toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
    return switch (t) {
      case "minimal" -> Optional.of(MINIMAL);
      case "support" -> Optional.of(SUPPORT);
      case "mission-essential", "essential" -> Optional.of(MISSION_ESSENTIAL);
      default -> Optional.empty();
    };
  }
}
