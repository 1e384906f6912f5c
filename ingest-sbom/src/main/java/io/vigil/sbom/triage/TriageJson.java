package io.vigil.sbom.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisChange;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.ComponentMatcher;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.PurlPattern;
import io.vigil.core.triage.Response;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The HTTP API's JSON of decisions, both ways. Pure.
 *
 * <p>A decision as sent ({@code PUT /api/v1/analyses}):
 *
 * <pre>
 * {"project": "shop", "version": "1.4.0",            // omit project: the whole portfolio
 *  "component": "pkg:maven/org.apache.logging.log4j/log4j-core",  // purl (pattern) or bom-ref:REF
 *  "vulnerability": "CVE-2021-44228",                // any id: CVE, GHSA, OSV...
 *  "state": "not_affected",                          // in_triage exploitable false_positive
 *                                                    // not_affected resolved (or OpenVEX words)
 *  "justification": "code_not_reachable",            // one of the 5 VEX or 9 CycloneDX labels
 *  "responses": ["will_not_fix"], "detail": "...", "actionStatement": "...", "comment": "...",
 *  "validUntil": "2027-06-30T00:00:00Z"}
 * </pre>
 *
 * The scope follows from what is named: project + component → COMPONENT, project alone → PROJECT,
 * component alone → PORTFOLIO ({@code "scope"} may say it explicitly). Every problem is reported
 * with its path ({@code $.state: ...}), all at once.
 */
public final class TriageJson {
  private static final Set<String> FIELDS =
      Set.of(
          "scope",
          "project",
          "version",
          "component",
          "vulnerability",
          "state",
          "justification",
          "responses",
          "detail",
          "actionStatement",
          "comment",
          "validUntil",
          "author");

  private TriageJson() {}

  /** A rejected request: every problem, each with its path. */
  public static final class InvalidDecisionException extends Exception {
    private final List<String> problems;

    public InvalidDecisionException(List<String> problems) {
      super(String.join("; ", problems));
      this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
      return problems;
    }
  }

  /**
   * The decision a request body states.
   *
   * @param author who decides (the API key's name, or the body's {@code author} when the caller may
   *     name one)
   * @param now the decision time
   */
  public static Analysis decision(JsonNode body, String author, Instant now)
      throws InvalidDecisionException {
    List<String> problems = new ArrayList<>();
    if (body == null || !body.isObject()) {
      throw new InvalidDecisionException(List.of("$: the body must be a JSON object"));
    }
    body.fieldNames()
        .forEachRemaining(
            f -> {
              if (!FIELDS.contains(f)) {
                problems.add("$." + f + ": unknown field (expected one of " + sorted() + ")");
              }
            });
    String project = text(body, "project", problems);
    String version = text(body, "version", problems);
    String componentText = text(body, "component", problems);
    String vulnerability = text(body, "vulnerability", problems);
    if (vulnerability == null) {
      problems.add("$.vulnerability: required (a CVE, GHSA or other advisory id)");
    }
    ComponentMatcher component = null;
    if (componentText != null) {
      try {
        component = ComponentMatcher.parse(componentText);
      } catch (RuntimeException e) {
        problems.add("$.component: '" + componentText + "': " + e.getMessage());
      }
    }
    AnalysisScope scope = scope(body, project, version, component, componentText, problems);
    AnalysisState state = null;
    String stateText = text(body, "state", problems);
    if (stateText == null) {
      problems.add(
          "$.state: required (in_triage, exploitable, false_positive, not_affected, resolved)");
    } else {
      state =
          AnalysisState.fromCycloneDx(stateText)
              .or(() -> AnalysisState.fromOpenVex(stateText))
              .orElse(null);
      if (state == null) {
        problems.add(
            "$.state: '"
                + stateText
                + "' is not a state (in_triage, exploitable, false_positive, not_affected,"
                + " resolved; or OpenVEX under_investigation, affected, fixed)");
      }
    }
    Justification justification = null;
    CycloneDxJustification cdx = null;
    String j = text(body, "justification", problems);
    if (j != null) {
      justification = Justification.fromLabel(j).orElse(null);
      if (justification == null) {
        cdx = CycloneDxJustification.fromLabel(j).orElse(null);
        if (cdx == null) {
          problems.add(
              "$.justification: '"
                  + j
                  + "' is neither a VEX justification (component_not_present, ...) nor a"
                  + " CycloneDX one (code_not_reachable, ...)");
        }
      }
    }
    List<Response> responses = new ArrayList<>();
    JsonNode rs = body.get("responses");
    if (rs != null && !rs.isNull()) {
      if (!rs.isArray()) {
        problems.add("$.responses: must be an array");
      } else {
        for (int i = 0; i < rs.size(); i++) {
          String label = rs.get(i).asText();
          int at = i;
          Response.fromLabel(label)
              .ifPresentOrElse(
                  responses::add,
                  () ->
                      problems.add(
                          "$.responses["
                              + at
                              + "]: '"
                              + label
                              + "' is not a response (can_not_fix, will_not_fix, update,"
                              + " rollback, workaround_available)"));
        }
      }
    }
    Instant validUntil = null;
    String vu = text(body, "validUntil", problems);
    if (vu != null) {
      try {
        validUntil = Instant.parse(vu);
        if (!validUntil.isAfter(now)) {
          problems.add("$.validUntil: " + vu + " is not in the future");
        }
      } catch (DateTimeParseException e) {
        problems.add(
            "$.validUntil: '" + vu + "' is not an ISO-8601 instant (2027-06-30T00:00:00Z)");
      }
    }
    String detail = text(body, "detail", problems);
    String action = text(body, "actionStatement", problems);
    String comment = text(body, "comment", problems);
    if (!problems.isEmpty()) {
      throw new InvalidDecisionException(problems);
    }
    try {
      return Analysis.builder(scope, vulnerability, state)
          .justification(justification)
          .cycloneDxJustification(cdx)
          .responses(responses)
          .detail(detail)
          .actionStatement(action)
          .comment(comment)
          .author(author)
          .source(AnalysisSource.MANUAL)
          .decidedAt(now)
          .validUntil(validUntil)
          .build();
    } catch (IllegalArgumentException e) {
      throw new InvalidDecisionException(List.of("$: " + e.getMessage()));
    }
  }

  private static AnalysisScope scope(
      JsonNode body,
      String project,
      String version,
      ComponentMatcher component,
      String componentText,
      List<String> problems) {
    String kindText = text(body, "scope", problems);
    AnalysisScope.Kind kind;
    if (kindText != null) {
      try {
        kind = AnalysisScope.Kind.valueOf(kindText.strip().toUpperCase(Locale.ROOT));
      } catch (IllegalArgumentException e) {
        problems.add("$.scope: '" + kindText + "' is not a scope (component, project, portfolio)");
        return null;
      }
    } else if (project != null) {
      kind = componentText != null ? AnalysisScope.Kind.COMPONENT : AnalysisScope.Kind.PROJECT;
    } else if (componentText != null) {
      kind = AnalysisScope.Kind.PORTFOLIO;
    } else {
      problems.add("$: name a project, a component (purl), or both");
      return null;
    }
    if (componentText != null && component == null) {
      return null; // reported already
    }
    if (kind == AnalysisScope.Kind.PORTFOLIO && version != null) {
      problems.add("$.version: a portfolio decision names no project version");
      return null;
    }
    if (kind == AnalysisScope.Kind.PORTFOLIO && !(component instanceof PurlPattern)) {
      problems.add("$.component: a portfolio decision names its package by purl");
      return null;
    }
    try {
      return new AnalysisScope(kind, project, version, component);
    } catch (IllegalArgumentException e) {
      problems.add("$.scope: " + e.getMessage());
      return null;
    }
  }

  private static String text(JsonNode body, String field, List<String> problems) {
    JsonNode n = body.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      problems.add("$." + field + ": must be a string");
      return null;
    }
    String s = n.asText().strip();
    return s.isEmpty() ? null : s;
  }

  private static List<String> sorted() {
    return FIELDS.stream().sorted().toList();
  }

  /** The JSON of a decision. */
  public static Map<String, Object> json(Analysis a, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", a.key());
    Map<String, Object> scope = new LinkedHashMap<>();
    scope.put("kind", a.scope().kind().name().toLowerCase(Locale.ROOT));
    scope.put("project", a.scope().project());
    scope.put("version", a.scope().projectVersion());
    scope.put("component", a.scope().component() == null ? null : a.scope().component().asString());
    m.put("scope", scope);
    m.put("vulnerability", a.vulnerabilityId());
    m.put("state", a.state().cycloneDx());
    m.put("openVexStatus", a.state().openVex());
    m.put("justification", a.justification() == null ? null : a.justification().label());
    m.put(
        "cycloneDxJustification",
        a.cycloneDxJustificationOrDefault() == null
            ? null
            : a.cycloneDxJustificationOrDefault().label());
    m.put("responses", a.responses().stream().map(Response::label).toList());
    m.put("detail", a.detail());
    m.put("actionStatement", a.actionStatement());
    m.put("comment", a.comment());
    m.put("author", a.author());
    m.put("source", a.source().name().toLowerCase(Locale.ROOT));
    m.put("sourceRef", a.sourceRef());
    m.put("decidedAt", a.decidedAt().toString());
    m.put("validUntil", a.validUntil() == null ? null : a.validUntil().toString());
    m.put("suppresses", a.suppresses() && a.isValidAt(now));
    m.put("expired", !a.isValidAt(now));
    return m;
  }

  /** The JSON of an audit-trail entry. */
  public static Map<String, Object> json(AnalysisChange c, Instant now) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("type", c.type().name().toLowerCase(Locale.ROOT));
    m.put("changedBy", c.changedBy());
    m.put("changedAt", c.changedAt().toString());
    m.put("reason", c.reason());
    m.put("analysis", json(c.analysis(), now));
    m.put("previous", c.previous() == null ? null : json(c.previous(), now));
    return m;
  }
}
