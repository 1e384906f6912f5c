package io.vigil.core.sbom;

import java.util.List;

/** The document could not be read as an SBOM; {@link #violations()} says what and where. */
public class SbomParseException extends Exception {
  private final List<String> violations;

  public SbomParseException(String message) {
    this(message, List.of(message), null);
  }

  public SbomParseException(String message, Throwable cause) {
    this(message, List.of(message), cause);
  }

  public SbomParseException(String message, List<String> violations, Throwable cause) {
    super(message, cause);
    this.violations = List.copyOf(violations);
  }

  /** Every problem found, each naming where it is (a JSON path, a line number). */
  public List<String> violations() {
    return violations;
  }
}
