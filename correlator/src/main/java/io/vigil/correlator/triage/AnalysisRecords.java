package io.vigil.correlator.triage;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.ComponentMatcher;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.PurlPattern;
import io.vigil.core.triage.Response;
import io.vigil.events.v1.AnalysisResponse;
import io.vigil.events.v1.AnalysisScopeKind;
import io.vigil.events.v1.ExposureAnalysis;
import io.vigil.events.v1.VexJustification;
import java.util.ArrayList;
import java.util.List;

/**
 * The analyses topic's Avro records ({@code io.vigil.events.v1.Analysis}) read into core's model
 * ({@link Analysis}, whose rules decide), and a decision written onto an exposure event ({@link
 * ExposureAnalysis}). Only field mapping: no rule lives here.
 */
public final class AnalysisRecords {
  private AnalysisRecords() {}

  /**
   * The decision a topic record holds.
   *
   * @param key the record key
   * @throws IllegalArgumentException naming what is wrong (a scope core refuses, a key that is not
   *     the decision's own key)
   */
  public static Analysis toCore(String key, io.vigil.events.v1.Analysis a) {
    var s = a.getScope();
    AnalysisScope scope =
        switch (s.getKind()) {
          case COMPONENT ->
              AnalysisScope.component(
                  s.getProject(), s.getProjectVersion(), ComponentMatcher.parse(s.getComponent()));
          case PROJECT -> AnalysisScope.project(s.getProject(), s.getProjectVersion());
          case PORTFOLIO -> AnalysisScope.portfolio(PurlPattern.parse(s.getComponent()));
        };
    List<Response> responses = new ArrayList<>(a.getResponses().size());
    a.getResponses().forEach(r -> responses.add(Response.valueOf(r.name())));
    Analysis analysis =
        Analysis.builder(scope, a.getVulnerabilityId(), AnalysisState.valueOf(a.getState().name()))
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
    if (key != null && !key.equals(analysis.key())) {
      throw new IllegalArgumentException(
          "analysis record key '" + key + "' is not its decision's key '" + analysis.key() + "'");
    }
    return analysis;
  }

  /** A decision as it applies to one exposure (the exposure event's {@code analysis}). */
  public static ExposureAnalysis onExposure(Analysis a) {
    List<AnalysisResponse> responses = new ArrayList<>(a.responses().size());
    a.responses().forEach(r -> responses.add(AnalysisResponse.valueOf(r.name())));
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
        .setResponses(responses)
        .setDetail(a.detail())
        .setAuthor(a.author())
        .setSource(io.vigil.events.v1.AnalysisSource.valueOf(a.source().name()))
        .setSourceRef(a.sourceRef())
        .setDecidedAt(a.decidedAt())
        .setValidUntil(a.validUntil())
        .build();
  }

  /** Does the decision on an exposure suppress it (NOT_AFFECTED, FALSE_POSITIVE)? */
  public static boolean suppresses(ExposureAnalysis a) {
    return a != null && AnalysisState.valueOf(a.getState().name()).suppresses();
  }

  /** The id a new advisory version invalidates a decision by: {@code <key>@<decidedAt millis>}. */
  public static String invalidationId(String key, long decidedAtMillis) {
    return key + '@' + decidedAtMillis;
  }
}
