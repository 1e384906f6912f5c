package io.vigil.core.fixplan;

/** The SSVC outcomes, lowest first; {@code NONE}: no SSVC decision on the exposure. */
public enum Outcome {
  NONE,
  TRACK,
  TRACK_STAR,
  ATTEND,
  ACT;

  /** The outcome of a query API exposure's {@code ssvc} field ({@code NONE} when absent). */
  public static Outcome of(String ssvc) {
    if (ssvc == null || ssvc.isEmpty()) {
      return NONE;
    }
    try {
      return valueOf(ssvc);
    } catch (IllegalArgumentException e) {
      return NONE;
    }
  }

  /** {@code Act}, {@code Attend}, {@code Track*}, {@code Track}, {@code none} (CISA's words). */
  public String label() {
    return switch (this) {
      case ACT -> "Act";
      case ATTEND -> "Attend";
      case TRACK_STAR -> "Track*";
      case TRACK -> "Track";
      case NONE -> "none";
    };
  }
}
