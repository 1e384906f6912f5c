package io.vigil.core.policy;

/**
 * A place in a policy file (1-based line and column).
 *
 * @param file the file name as given
 * @param line line
 * @param column column
 * @param exact for a condition: true when its text starts here and maps onto the file line by line
 *     at this column (a single-line scalar, or a literal block {@code |}), so a position inside the
 *     expression can be turned into a file position; false when YAML folded it (then only the start
 *     is known)
 */
public record SourcePosition(String file, int line, int column, boolean exact) {

  /**
   * The file position of (1-based) line {@code exprLine}, 0-based column {@code exprColumn} of the
   * expression, when known.
   */
  public SourcePosition inside(int exprLine, int exprColumn) {
    if (!exact) {
      return this;
    }
    return new SourcePosition(file, line + exprLine - 1, column + exprColumn, true);
  }

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
