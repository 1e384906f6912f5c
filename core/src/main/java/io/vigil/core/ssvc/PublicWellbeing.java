package io.vigil.core.ssvc;

/** SSVC decision point <em>Public Well-Being Impact</em> (CISA SSVC Guide, November 2022). */
public enum PublicWellbeing {
  /** Below the threshold of every aspect of "material". */
  MINIMAL("minimal"),
  /** Physical, environmental, financial or psychological harm that can be recovered from. */
  MATERIAL("material"),
  /** Loss of life or lasting harm. */
  IRREVERSIBLE("irreversible");

  private final String label;

  PublicWellbeing(String label) {
    this.label = label;
  }

  /** The value as the CISA guide writes it. */
  public String label() {
    return label;
  }
}
