package io.vigil.core.ssvc;

import java.util.Optional;

/**
 * CISA's four SSVC decisions, least to most urgent (CISA SSVC Guide, November 2022, "Decisions").
 */
public enum SsvcOutcome {
  /** No action at this time; remediate within standard update timelines. */
  TRACK("Track"),
  /** Characteristics that may need closer monitoring; standard update timelines. */
  TRACK_STAR("Track*"),
  /** Attention from supervisory-level individuals; remediate sooner than standard timelines. */
  ATTEND("Attend"),
  /** Attention from supervisory and leadership levels; remediate as soon as possible. */
  ACT("Act");

  private final String label;

  SsvcOutcome(String label) {
    this.label = label;
  }

  /** {@code Track}, {@code Track*}, {@code Attend}, {@code Act}. */
  public String label() {
    return label;
  }

  /** Reads a label or an enum name, case-insensitively ({@code track*} and {@code TRACK_STAR}). */
  public static Optional<SsvcOutcome> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.strip();
    for (SsvcOutcome o : values()) {
      if (o.label.equalsIgnoreCase(t) || o.name().equalsIgnoreCase(t.replace('-', '_'))) {
        return Optional.of(o);
      }
    }
    return Optional.empty();
  }

  /** True when this outcome is at least as urgent as {@code other}. */
  public boolean atLeast(SsvcOutcome other) {
    return compareTo(other) >= 0;
  }
}
