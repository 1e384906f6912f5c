package io.vigil.core.policy;

import java.time.Instant;
import java.util.Objects;

/**
 * One rule of a policy: when {@code condition} (CEL, over {@code exposure}, {@code component},
 * {@code project}, {@code vuln}) is true for an exposure, {@code analysis} is its decision.
 *
 * @param name unique name (the decision's {@code sourceRef})
 * @param description what it is for, or null
 * @param priority higher first; rules of equal priority in file order
 * @param condition the CEL expression, of type bool
 * @param analysis the decision it sets
 * @param validFrom the rule applies from this instant (inclusive), or null
 * @param validUntil the rule and its decisions apply until this instant (exclusive), or null
 * @param position where the condition is in its file (for messages), or null
 */
public record PolicyRule(
    String name,
    String description,
    int priority,
    String condition,
    RuleAnalysis analysis,
    Instant validFrom,
    Instant validUntil,
    SourcePosition position) {

  public PolicyRule {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(analysis, "analysis");
  }

  /** Is the rule active at {@code now}? */
  public boolean isActiveAt(Instant now) {
    return (validFrom == null || !now.isBefore(validFrom))
        && (validUntil == null || now.isBefore(validUntil));
  }
}
