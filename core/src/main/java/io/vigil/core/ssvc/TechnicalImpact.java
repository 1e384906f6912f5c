package io.vigil.core.ssvc;

/** SSVC decision point <em>Technical Impact</em> (CISA SSVC Guide, November 2022). */
public enum TechnicalImpact {
  /** Limited control over, or information exposure from, the software. */
  PARTIAL("partial"),
  /** Total control over the software's behaviour, or total disclosure of its information. */
  TOTAL("total");

  private final String label;

  TechnicalImpact(String label) {
    this.label = label;
  }

  /** The value as the published decision table writes it. */
  public String label() {
    return label;
  }
}
