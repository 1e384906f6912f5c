package io.vigil.core.triage;

import java.time.Instant;
import java.util.Objects;

/**
 * One entry of the audit trail: a decision set (created or replaced) or deleted. The model of the
 * {@code io.vigil.events.v1.AnalysisChange} value on the history topic, which keeps every change
 * forever while the compacted analyses topic keeps only the current decision per key.
 *
 * @param type SET or DELETED
 * @param analysis for SET the new decision, for DELETED the decision that was removed
 * @param previous for SET the decision it replaced, or null; null for DELETED
 * @param changedBy who made the change (for SET the decision's author)
 * @param changedAt when (for SET the decision's {@code decidedAt})
 * @param reason why it was deleted, or null
 */
public record AnalysisChange(
    Type type,
    Analysis analysis,
    Analysis previous,
    String changedBy,
    Instant changedAt,
    String reason) {

  /** What happened to the decision. */
  public enum Type {
    SET,
    DELETED
  }

  public AnalysisChange {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(analysis, "analysis");
    Objects.requireNonNull(changedBy, "changedBy");
    Objects.requireNonNull(changedAt, "changedAt");
    if (previous != null && !previous.key().equals(analysis.key())) {
      throw new IllegalArgumentException(
          "a change replaces the decision of its own key, not " + previous.key());
    }
  }

  /** {@code next} replaces {@code previous} (null when there was none). */
  public static AnalysisChange set(Analysis previous, Analysis next) {
    return new AnalysisChange(Type.SET, next, previous, next.author(), next.decidedAt(), null);
  }

  /** {@code removed} is deleted by {@code by} at {@code at}. */
  public static AnalysisChange deleted(Analysis removed, String by, Instant at, String reason) {
    return new AnalysisChange(Type.DELETED, removed, null, by, at, reason);
  }

  /** The record key (the decision's key). */
  public String key() {
    return analysis.key();
  }
}
