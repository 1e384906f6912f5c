package io.vigil.core.policy;

/**
 * Something wrong with a policy: where (a file position, else a path such as {@code rules[2]}),
 * which rule, what.
 *
 * @param where {@code file:line:column} or a path
 * @param rule the rule's name, or null
 * @param message what is wrong
 */
public record PolicyProblem(String where, String rule, String message) {

  @Override
  public String toString() {
    return where + ": " + (rule == null ? "" : "rule '" + rule + "': ") + message;
  }
}
