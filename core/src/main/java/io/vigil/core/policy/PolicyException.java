package io.vigil.core.policy;

import java.util.List;
import java.util.stream.Collectors;

/** A policy was rejected: every problem found, each with its position. Nothing of it is kept. */
public class PolicyException extends Exception {
  private final List<PolicyProblem> problems;

  public PolicyException(List<PolicyProblem> problems) {
    super(
        problems.size()
            + " problem(s) in the policy:\n"
            + problems.stream().map(PolicyProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  public List<PolicyProblem> problems() {
    return problems;
  }
}
