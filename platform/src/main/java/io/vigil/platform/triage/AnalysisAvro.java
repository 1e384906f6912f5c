package io.vigil.platform.triage;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisChange;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.ComponentMatcher;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.Response;
import io.vigil.events.v1.AnalysisChangeType;
import io.vigil.events.v1.AnalysisResponse;
import io.vigil.events.v1.AnalysisScopeKind;
import io.vigil.events.v1.ExposureAnalysis;
import io.vigil.events.v1.VexJustification;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The core triage model ({@link Analysis}, {@link AnalysisChange}) to and from its wire form on the
 * analyses topics ({@code io.vigil.events.v1.Analysis}, {@code AnalysisChange}), and a decision as
 * an exposure event carries it ({@link ExposureAnalysis}). The one converter every service uses
 * (ingest-sbom writes decisions, the correlator reads them); only field mapping, no rule lives here
 * (core's decide). Pure; the enums share their symbols with core's.
 */
public final class AnalysisAvro {
  private AnalysisAvro() {}

  /**
   * The decision as the wire carries it: its times to the millisecond ({@code timestamp-millis}),
   * so a decision read back equals the one written (and re-writing it is recognised as no change).
   */
  public static Analysis onTheWire(Analysis a) {
    return a.toBuilder()
        .decidedAt(a.decidedAt().truncatedTo(ChronoUnit.MILLIS))
        .validUntil(a.validUntil() == null ? null : a.validUntil().truncatedTo(ChronoUnit.MILLIS))
        .build();
  }

  /** The wire form of a decision ({@code key} = {@link Analysis#key()}). */
  public static io.vigil.events.v1.Analysis toAvro(Analysis a) {
    AnalysisScope s = a.scope();
    return io.vigil.events.v1.Analysis.newBuilder()
        .setKey(a.key())
        .setScope(
            io.vigil.events.v1.AnalysisScope.newBuilder()
                .setKind(AnalysisScopeKind.valueOf(s.kind().name()))
                .setProject(s.project())
                .setProjectVersion(s.projectVersion())
                .setComponent(s.component() == null ? null : s.component().asString())
                .build())
        .setVulnerabilityId(a.vulnerabilityId())
        .setState(io.vigil.events.v1.AnalysisState.valueOf(a.state().name()))
        .setJustification(
            a.justification() == null ? null : VexJustification.valueOf(a.justification().name()))
        .setCycloneDxJustification(
            a.cycloneDxJustification() == null
                ? null
                : io.vigil.events.v1.CycloneDxJustification.valueOf(
                    a.cycloneDxJustification().name()))
        .setResponses(a.responses().stream().map(r -> AnalysisResponse.valueOf(r.name())).toList())
        .setDetail(a.detail())
        .setActionStatement(a.actionStatement())
        .setComment(a.comment())
        .setAuthor(a.author())
        .setSource(io.vigil.events.v1.AnalysisSource.valueOf(a.source().name()))
        .setSourceRef(a.sourceRef())
        .setDecidedAt(a.decidedAt())
        .setValidUntil(a.validUntil())
        .build();
  }

  /**
   * The decision a topic record holds, checked against its record key.
   *
   * @param key the record key (null: not checked)
   * @throws IllegalArgumentException naming what is wrong (a scope core refuses, a key that is not
   *     the decision's own key)
   */
  public static Analysis fromAvro(String key, io.vigil.events.v1.Analysis a) {
    Analysis analysis = fromAvro(a);
    if (key != null && !key.equals(analysis.key())) {
      throw new IllegalArgumentException(
          "analysis record key '" + key + "' is not its decision's key '" + analysis.key() + "'");
    }
    return analysis;
  }

  /**
   * The decision a wire record holds.
   *
   * @throws IllegalArgumentException when the record breaks a rule of the model (e.g. a portfolio
   *     scope without a purl), naming it
   */
  public static Analysis fromAvro(io.vigil.events.v1.Analysis a) {
    var s = a.getScope();
    AnalysisScope scope =
        new AnalysisScope(
            AnalysisScope.Kind.valueOf(s.getKind().name()),
            s.getProject(),
            s.getProjectVersion(),
            s.getComponent() == null ? null : ComponentMatcher.parse(s.getComponent()));
    List<Response> responses =
        a.getResponses() == null
            ? List.of()
            : a.getResponses().stream().map(r -> Response.valueOf(r.name())).toList();
    return Analysis.builder(
            scope, a.getVulnerabilityId(), AnalysisState.valueOf(a.getState().name()))
        .justification(
            a.getJustification() == null
                ? null
                : Justification.valueOf(a.getJustification().name()))
        .cycloneDxJustification(
            a.getCycloneDxJustification() == null
                ? null
                : CycloneDxJustification.valueOf(a.getCycloneDxJustification().name()))
        .responses(responses)
        .detail(a.getDetail())
        .actionStatement(a.getActionStatement())
        .comment(a.getComment())
        .author(a.getAuthor())
        .source(AnalysisSource.valueOf(a.getSource().name()))
        .sourceRef(a.getSourceRef())
        .decidedAt(a.getDecidedAt())
        .validUntil(a.getValidUntil())
        .build();
  }

  /** The wire form of an audit-trail entry, with its unique {@code changeId}. */
  public static io.vigil.events.v1.AnalysisChange toAvro(AnalysisChange c, String changeId) {
    return io.vigil.events.v1.AnalysisChange.newBuilder()
        .setChangeId(changeId)
        .setKey(c.key())
        .setType(AnalysisChangeType.valueOf(c.type().name()))
        .setAnalysis(toAvro(c.analysis()))
        .setPrevious(c.previous() == null ? null : toAvro(c.previous()))
        .setChangedBy(c.changedBy())
        .setChangedAt(c.changedAt())
        .setReason(c.reason())
        .build();
  }

  /** The audit-trail entry a wire record holds. */
  public static AnalysisChange fromAvro(io.vigil.events.v1.AnalysisChange c) {
    return new AnalysisChange(
        AnalysisChange.Type.valueOf(c.getType().name()),
        fromAvro(c.getAnalysis()),
        c.getPrevious() == null ? null : fromAvro(c.getPrevious()),
        c.getChangedBy(),
        c.getChangedAt(),
        c.getReason());
  }

  /** A decision as it applies to one exposure (the exposure event's {@code analysis}). */
  public static ExposureAnalysis onExposure(Analysis a) {
    AnalysisScope scope = a.scope();
    return ExposureAnalysis.newBuilder()
        .setKey(a.key())
        .setVulnerabilityId(a.vulnerabilityId())
        .setScope(
            io.vigil.events.v1.AnalysisScope.newBuilder()
                .setKind(AnalysisScopeKind.valueOf(scope.kind().name()))
                .setProject(scope.project())
                .setProjectVersion(scope.projectVersion())
                .setComponent(scope.component() == null ? null : scope.component().asString())
                .build())
        .setState(io.vigil.events.v1.AnalysisState.valueOf(a.state().name()))
        .setJustification(
            a.justification() == null ? null : VexJustification.valueOf(a.justification().name()))
        .setResponses(a.responses().stream().map(r -> AnalysisResponse.valueOf(r.name())).toList())
        .setDetail(a.detail())
        .setAuthor(a.author())
        .setSource(io.vigil.events.v1.AnalysisSource.valueOf(a.source().name()))
        .setSourceRef(a.sourceRef())
        .setDecidedAt(a.decidedAt())
        .setValidUntil(a.validUntil())
        .build();
  }

  /**
   * Does the decision an exposure event carries suppress it (core's {@link
   * AnalysisState#suppresses()}: NOT_AFFECTED, FALSE_POSITIVE)? False without one.
   */
  public static boolean suppresses(ExposureAnalysis a) {
    return a != null && AnalysisState.valueOf(a.getState().name()).suppresses();
  }
}
