package io.vigil.core.vex;

import java.util.List;

/**
 * A document was rejected as VEX; {@link #problems()} lists every problem found, each as {@code
 * path: message}. Nothing of a rejected document is imported.
 */
public class InvalidVexException extends Exception {
  private final List<String> problems;

  public InvalidVexException(List<String> problems) {
    super(
        problems.size() == 1
            ? problems.get(0)
            : problems.size() + " problems, first: " + problems.get(0));
    this.problems = List.copyOf(problems);
  }

  /** Every problem, {@code path: message}. */
  public List<String> problems() {
    return problems;
  }
}
