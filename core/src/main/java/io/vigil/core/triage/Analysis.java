package io.vigil.core.triage;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * One triage decision: "in this scope, this vulnerability is in this state, because...".
 *
 * <p>The model of the {@code io.vigil.events.v1.Analysis} topic value. {@code justification} is one
 * of the five VEX labels; {@code cycloneDxJustification} keeps the finer CycloneDX /
 * Dependency-Track value when the decision was made in that vocabulary (it must read as {@code
 * justification}, see {@link CycloneDxJustification#toVex()}); when only it is given, {@code
 * justification} is derived from it.
 *
 * @param scope where it applies
 * @param vulnerabilityId the vulnerability, by any of its ids (CVE, GHSA, ...): it applies to every
 *     exposure whose advisory has that id or alias, or is in its alias group
 * @param state the state
 * @param justification why not affected (VEX label), or null
 * @param cycloneDxJustification the CycloneDX justification, or null
 * @param responses what is done about it (CycloneDX responses), possibly empty
 * @param detail impact statement or analysis detail (CycloneDX {@code detail}, OpenVEX {@code
 *     impact_statement}), or null
 * @param actionStatement what users should do (OpenVEX {@code action_statement}, CSAF
 *     remediations), or null
 * @param comment free comment for the audit trail, or null
 * @param author who decided (a person, a policy, a VEX issuer)
 * @param source how the decision was made
 * @param sourceRef the policy rule or VEX document it came from, or null
 * @param decidedAt when
 * @param validUntil when it stops applying (exclusive), or null for never
 */
public record Analysis(
    AnalysisScope scope,
    String vulnerabilityId,
    AnalysisState state,
    Justification justification,
    CycloneDxJustification cycloneDxJustification,
    List<Response> responses,
    String detail,
    String actionStatement,
    String comment,
    String author,
    AnalysisSource source,
    String sourceRef,
    Instant decidedAt,
    Instant validUntil) {

  public Analysis {
    Objects.requireNonNull(scope, "scope");
    vulnerabilityId = VulnerabilityIds.normalize(vulnerabilityId);
    Objects.requireNonNull(state, "state");
    if (author == null || author.isBlank()) {
      throw new IllegalArgumentException("an analysis names its author");
    }
    Objects.requireNonNull(decidedAt, "decidedAt");
    source = source == null ? AnalysisSource.MANUAL : source;
    responses = responses == null ? List.of() : List.copyOf(new LinkedHashSet<>(responses));
    detail = blankToNull(detail);
    actionStatement = blankToNull(actionStatement);
    comment = blankToNull(comment);
    sourceRef = blankToNull(sourceRef);
    if (cycloneDxJustification != null) {
      if (justification == null) {
        justification = cycloneDxJustification.toVex();
      } else if (cycloneDxJustification.toVex() != justification
          && justification.cycloneDx() != cycloneDxJustification) {
        throw new IllegalArgumentException(
            "CycloneDX justification "
                + cycloneDxJustification.label()
                + " does not read as "
                + justification.label());
      }
    }
    if (validUntil != null && !validUntil.isAfter(decidedAt)) {
      throw new IllegalArgumentException(
          "validUntil " + validUntil + " is not after decidedAt " + decidedAt);
    }
  }

  /** The record key on the analyses topics ({@link AnalysisKeys}). */
  public String key() {
    return AnalysisKeys.encode(scope, vulnerabilityId);
  }

  /** Does the state suppress the exposure's alerts (NOT_AFFECTED, FALSE_POSITIVE)? */
  public boolean suppresses() {
    return state.suppresses();
  }

  /** Does the decision still apply at {@code now} ({@code validUntil} is exclusive)? */
  public boolean isValidAt(Instant now) {
    return validUntil == null || now.isBefore(validUntil);
  }

  /** The CycloneDX justification to write: the one given, else the five's default, else null. */
  public CycloneDxJustification cycloneDxJustificationOrDefault() {
    if (cycloneDxJustification != null) {
      return cycloneDxJustification;
    }
    return justification == null ? null : justification.cycloneDx();
  }

  /** Starts a decision about {@code vulnerabilityId} in {@code scope}. */
  public static Builder builder(AnalysisScope scope, String vulnerabilityId, AnalysisState state) {
    return new Builder().scope(scope).vulnerabilityId(vulnerabilityId).state(state);
  }

  /** A builder holding this decision's fields. */
  public Builder toBuilder() {
    return new Builder()
        .scope(scope)
        .vulnerabilityId(vulnerabilityId)
        .state(state)
        .justification(justification)
        .cycloneDxJustification(cycloneDxJustification)
        .responses(responses)
        .detail(detail)
        .actionStatement(actionStatement)
        .comment(comment)
        .author(author)
        .source(source)
        .sourceRef(sourceRef)
        .decidedAt(decidedAt)
        .validUntil(validUntil);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }

  /** Builds an {@link Analysis}; {@link #build()} validates. */
  public static final class Builder {
    private AnalysisScope scope;
    private String vulnerabilityId;
    private AnalysisState state;
    private Justification justification;
    private CycloneDxJustification cycloneDxJustification;
    private List<Response> responses = new ArrayList<>();
    private String detail;
    private String actionStatement;
    private String comment;
    private String author;
    private AnalysisSource source = AnalysisSource.MANUAL;
    private String sourceRef;
    private Instant decidedAt;
    private Instant validUntil;

    private Builder() {}

    public Builder scope(AnalysisScope v) {
      scope = v;
      return this;
    }

    public Builder vulnerabilityId(String v) {
      vulnerabilityId = v;
      return this;
    }

    public Builder state(AnalysisState v) {
      state = v;
      return this;
    }

    public Builder justification(Justification v) {
      justification = v;
      return this;
    }

    public Builder cycloneDxJustification(CycloneDxJustification v) {
      cycloneDxJustification = v;
      return this;
    }

    public Builder responses(List<Response> v) {
      responses = new ArrayList<>(v == null ? List.of() : v);
      return this;
    }

    public Builder detail(String v) {
      detail = v;
      return this;
    }

    public Builder actionStatement(String v) {
      actionStatement = v;
      return this;
    }

    public Builder comment(String v) {
      comment = v;
      return this;
    }

    public Builder author(String v) {
      author = v;
      return this;
    }

    public Builder source(AnalysisSource v) {
      source = v;
      return this;
    }

    public Builder sourceRef(String v) {
      sourceRef = v;
      return this;
    }

    public Builder decidedAt(Instant v) {
      decidedAt = v;
      return this;
    }

    public Builder validUntil(Instant v) {
      validUntil = v;
      return this;
    }

    public Analysis build() {
      return new Analysis(
          scope,
          vulnerabilityId,
          state,
          justification,
          cycloneDxJustification,
          responses,
          detail,
          actionStatement,
          comment,
          author,
          source,
          sourceRef,
          decidedAt,
          validUntil);
    }
  }
}
