package io.vigil.core.ssvc;

/**
 * SSVC decision point <em>Mission and Well-Being Impact</em> (CISA SSVC Guide, November 2022): a
 * combination of Mission Prevalence and Public Well-Being Impact ({@link
 * CisaSsvc#missionWellbeing}).
 */
public enum MissionWellbeing {
  LOW("low"),
  MEDIUM("medium"),
  HIGH("high");

  private final String label;

  MissionWellbeing(String label) {
    this.label = label;
  }

  /** The value as the published decision table writes it. */
  public String label() {
    return label;
  }
}
