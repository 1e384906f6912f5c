package io.vigil.core.policy;

import dev.cel.bundle.Cel;
import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelIssue;
import dev.cel.common.CelValidationException;
import dev.cel.common.CelValidationResult;
import dev.cel.common.types.SimpleType;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelVariableResolver;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;

/**
 * A compiled policy: rules in evaluation order, each with its CEL program. Immutable and
 * thread-safe; {@link #evaluate} allocates the four variables' wrappers and what CEL allocates.
 *
 * <p><b>Evaluation.</b> Rules are tried by descending priority, then in file order; a rule outside
 * its validity window is skipped; the first whose condition is true decides. A rule that fails at
 * run time (a missing optional's {@code value()}, a division by zero, a comprehension over the
 * iteration bound) stops the evaluation with <i>no decision</i>: a failing rule may have outranked
 * the rule that would decide next, so deciding anyway could suppress an exposure the policy meant
 * to keep. The exposure proceeds as if there were no policy, and the error is returned and counted
 * ({@link #runtimeErrors()}).
 */
public final class Policy {
  private static final Comparator<PolicyRule> ORDER =
      Comparator.comparingInt(PolicyRule::priority).reversed();

  private final List<Compiled> rules;
  private final LongAdder runtimeErrors = new LongAdder();

  private record Compiled(PolicyRule rule, CelRuntime.Program program) {}

  private Policy(List<Compiled> rules) {
    this.rules = rules;
  }

  /** A policy with no rules: never decides. */
  public static Policy empty() {
    return new Policy(List.of());
  }

  /**
   * Reads and compiles a policy file.
   *
   * @throws PolicyException every structural and compile problem, with positions
   */
  public static Policy parse(String yaml, String fileName) throws PolicyException {
    return compile(PolicyFile.read(yaml, fileName));
  }

  /**
   * Compiles rules (type-checked against the policy variables; a condition must be of type bool).
   *
   * @throws PolicyException every compile problem, each at its position in the file
   */
  public static Policy compile(List<PolicyRule> rules) throws PolicyException {
    Cel cel = PolicyCel.get();
    List<PolicyProblem> problems = new ArrayList<>();
    List<Compiled> compiled = new ArrayList<>();
    List<PolicyRule> ordered = new ArrayList<>(rules);
    ordered.sort(ORDER); // stable: file order among equal priorities
    for (PolicyRule rule : ordered) {
      CelValidationResult result = cel.compile(rule.condition());
      if (result.hasError()) {
        for (CelIssue issue : result.getErrors()) {
          problems.add(problem(rule, issue));
        }
        continue;
      }
      try {
        CelAbstractSyntaxTree ast = result.getAst();
        if (!ast.getResultType().equals(SimpleType.BOOL)) {
          problems.add(
              new PolicyProblem(
                  where(rule, null),
                  rule.name(),
                  "condition is of type " + ast.getResultType().name() + ", not bool"));
          continue;
        }
        compiled.add(new Compiled(rule, cel.createProgram(ast)));
      } catch (CelValidationException | CelEvaluationException e) {
        problems.add(new PolicyProblem(where(rule, null), rule.name(), e.getMessage()));
      }
    }
    if (!problems.isEmpty()) {
      throw new PolicyException(problems);
    }
    return new Policy(List.copyOf(compiled));
  }

  /** The rules in evaluation order. */
  public List<PolicyRule> rules() {
    return rules.stream().map(Compiled::rule).toList();
  }

  /** Evaluates the rules for one exposure at {@code now} (see the class comment). */
  public PolicyEvaluation evaluate(PolicyInput input, Instant now) {
    CelVariableResolver vars = PolicyCel.variables(input);
    for (Compiled c : rules) {
      if (!c.rule().isActiveAt(now)) {
        continue;
      }
      Object result;
      try {
        result = c.program().eval(vars);
      } catch (CelEvaluationException | RuntimeException e) {
        runtimeErrors.increment();
        return new PolicyEvaluation(
            null, new PolicyEvaluation.RuleError(c.rule().name(), String.valueOf(e.getMessage())));
      }
      if (Boolean.TRUE.equals(result)) {
        return new PolicyEvaluation(c.rule(), null);
      }
    }
    return PolicyEvaluation.NO_DECISION;
  }

  /** Run-time errors since this policy was compiled (for a metric). */
  public long runtimeErrors() {
    return runtimeErrors.sum();
  }

  private static PolicyProblem problem(PolicyRule rule, CelIssue issue) {
    var loc = issue.getSourceLocation();
    String message = issue.getMessage();
    String snippet = "";
    if (loc != null && loc.getLine() > 0) {
      String[] lines = rule.condition().split("\n", -1);
      if (loc.getLine() <= lines.length) {
        String line = lines[loc.getLine() - 1];
        snippet = "\n | " + line + "\n | " + ".".repeat(Math.max(0, loc.getColumn())) + "^";
      }
      message =
          "condition " + loc.getLine() + ":" + (loc.getColumn() + 1) + ": " + message + snippet;
      return new PolicyProblem(
          where(
              rule,
              rule.position() == null
                  ? null
                  : rule.position().inside(loc.getLine(), loc.getColumn())),
          rule.name(),
          message);
    }
    return new PolicyProblem(where(rule, null), rule.name(), "condition: " + message);
  }

  private static String where(PolicyRule rule, SourcePosition inside) {
    SourcePosition p = inside != null ? inside : rule.position();
    return p == null ? "rule " + rule.name() : p.toString();
  }
}
