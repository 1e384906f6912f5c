package io.vigil.core.vex;

import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.Response;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One VEX statement, in Vigil's triage vocabulary: "these products are in this state for this
 * vulnerability, because...".
 *
 * @param vulnerabilityId the vulnerability as the document names it
 * @param aliases other ids the document gives for it (OpenVEX aliases, CycloneDX references, CSAF
 *     ids)
 * @param products what it is about; empty when the statement names no product (then it is about the
 *     document's subject: the project it is imported for)
 * @param state the state (mapped from the format's status; see {@code AnalysisState})
 * @param justification the VEX justification, or null
 * @param cycloneDxJustification the CycloneDX justification as written, or null
 * @param responses CycloneDX responses (CSAF remediation categories map onto them)
 * @param detail impact statement / detail, or null
 * @param actionStatement action statement / remediation, or null
 * @param timestamp when the statement was made (its own time, else the document's), or null
 * @param path where it is in the document (a JSON path)
 */
public record VexStatement(
    String vulnerabilityId,
    List<String> aliases,
    List<VexProduct> products,
    AnalysisState state,
    Justification justification,
    CycloneDxJustification cycloneDxJustification,
    List<Response> responses,
    String detail,
    String actionStatement,
    Instant timestamp,
    String path) {

  public VexStatement {
    Objects.requireNonNull(vulnerabilityId, "vulnerabilityId");
    Objects.requireNonNull(state, "state");
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    products = products == null ? List.of() : List.copyOf(products);
    responses = responses == null ? List.of() : List.copyOf(responses);
    if (justification == null && cycloneDxJustification != null) {
      justification = cycloneDxJustification.toVex();
    }
  }
}
