package io.vigil.core.policy;

import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.Response;
import java.util.List;
import java.util.Objects;

/**
 * The analysis a rule sets when its condition holds.
 *
 * @param state the state
 * @param justification VEX justification, or null
 * @param cycloneDxJustification CycloneDX justification (when the rule names one of the nine), or
 *     null
 * @param responses responses
 * @param detail impact statement / detail, or null
 * @param comment comment, or null
 */
public record RuleAnalysis(
    AnalysisState state,
    Justification justification,
    CycloneDxJustification cycloneDxJustification,
    List<Response> responses,
    String detail,
    String comment) {

  public RuleAnalysis {
    Objects.requireNonNull(state, "state");
    responses = responses == null ? List.of() : List.copyOf(responses);
    if (justification == null && cycloneDxJustification != null) {
      justification = cycloneDxJustification.toVex();
    }
  }
}
