package io.vigil.sbom.intake;

/**
 * One way a document breaks its schema or Vigil's rules.
 *
 * @param path where: a JSON path ({@code $.components[3].purl}), an XML line and column, a
 *     tag-value line, or {@code $} for the whole document
 * @param message what is wrong
 */
public record Violation(String path, String message) {
  @Override
  public String toString() {
    return path + ": " + message;
  }
}
