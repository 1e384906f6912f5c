package io.vigil.core.triage;

import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of {@link AnalysisResolver#resolve}: the decision that applies to an exposure, if
 * any.
 *
 * @param decision the winning decision, or null when none applies
 */
public record Resolution(Analysis decision) {

  /** No decision applies. */
  public static final Resolution NONE = new Resolution(null);

  /** The winning decision. */
  public Optional<Analysis> analysis() {
    return Optional.ofNullable(decision);
  }

  /** Is the exposure suppressed (the winning decision is NOT_AFFECTED or FALSE_POSITIVE)? */
  public boolean suppressed() {
    return decision != null && decision.suppresses();
  }

  /**
   * When the answer may change by the clock alone: the winner's {@code validUntil} (then the next
   * decision, or none, applies), or empty when nothing expires.
   */
  public Optional<Instant> reevaluateAt() {
    return decision == null ? Optional.empty() : Optional.ofNullable(decision.validUntil());
  }
}
