package io.vigil.console.triage;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisResolver;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.ComponentMatcher;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.ExposureRef;
import io.vigil.core.triage.Justification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Which decision applies to an exposure the console shows: the triage API's list read back into
 * core's {@link Analysis} and resolved by core's {@link AnalysisResolver} (the one implementation
 * of the rule: narrowest scope, then the newest; aliases of the exposure count). Pure.
 */
public final class Decisions {
  private final List<Analysis> analyses;

  private Decisions(List<Analysis> analyses) {
    this.analyses = List.copyOf(analyses);
  }

  /** No decision known. */
  public static Decisions none() {
    return new Decisions(List.of());
  }

  /**
   * The decisions of {@code GET /api/v1/analyses}'s items; an item that does not read as a decision
   * is left out (the triage API wrote it, so this only happens across versions).
   */
  public static Decisions of(Collection<JsonNode> items) {
    List<Analysis> out = new ArrayList<>();
    for (JsonNode i : items) {
      analysis(i).ifPresent(out::add);
    }
    return new Decisions(out);
  }

  /** The decision applying at {@code now} to this exposure, or empty. */
  public Optional<Analysis> applying(
      String project,
      String projectVersion,
      String purl,
      String advisory,
      Collection<String> aliases,
      Instant now) {
    List<String> others = new ArrayList<>(aliases);
    others.remove(advisory);
    ExposureRef ref = ExposureRef.of(project, projectVersion, purl, advisory, others);
    return AnalysisResolver.resolve(ref, analyses, now, null).analysis();
  }

  public int size() {
    return analyses.size();
  }

  static Optional<Analysis> analysis(JsonNode i) {
    try {
      JsonNode s = i.path("scope");
      String component = text(s, "component");
      AnalysisScope scope =
          new AnalysisScope(
              AnalysisScope.Kind.valueOf(text(s, "kind").toUpperCase(Locale.ROOT)),
              text(s, "project"),
              text(s, "version"),
              component == null ? null : ComponentMatcher.parse(component));
      String j = text(i, "justification");
      String decided = text(i, "decidedAt");
      String until = text(i, "validUntil");
      return Optional.of(
          Analysis.builder(scope, text(i, "vulnerability"), AnalysisState.parse(text(i, "state")))
              .justification(j == null ? null : Justification.fromLabel(j).orElse(null))
              .cycloneDxJustification(
                  j == null ? null : CycloneDxJustification.fromLabel(j).orElse(null))
              .detail(text(i, "detail"))
              .author(text(i, "author"))
              .decidedAt(Instant.parse(decided))
              .validUntil(until == null ? null : Instant.parse(until))
              .build());
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() || v.asText().isBlank() ? null : v.asText();
  }
}
