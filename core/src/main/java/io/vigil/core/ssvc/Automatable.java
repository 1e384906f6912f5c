package io.vigil.core.ssvc;

/** SSVC decision point <em>Automatable</em> (CISA SSVC Guide, November 2022). */
public enum Automatable {
  /** Steps 1-4 of the kill chain cannot be reliably automated. */
  NO("no"),
  /** Steps 1-4 of the kill chain can be reliably automated. */
  YES("yes");

  private final String label;

  Automatable(String label) {
    this.label = label;
  }

  /** The value as the published decision table writes it. */
  public String label() {
    return label;
  }
}
