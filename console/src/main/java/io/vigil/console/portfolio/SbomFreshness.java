package io.vigil.console.portfolio;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Portfolio's stale-SBOM panel, from ingest-sbom's {@code GET /api/v1/coverage}: how many
 * projects' last accepted SBOM is older than {@code staleAfter} (their inventory may no longer be
 * what runs), the portfolio's mean minimum-elements score, and the stalest projects. Pure.
 *
 * @param staleAfter the threshold as ingest-sbom states it (ISO-8601, {@code PT720H})
 * @param meanScore null when no SBOM was scored
 * @param stalest the stale projects, oldest SBOM first, at most the number asked for
 */
public record SbomFreshness(
    long projects, long stale, String staleAfter, Double meanScore, List<Stale> stalest) {

  /** A project whose last accepted SBOM is stale. */
  public record Stale(String project, String version, double ageDays, String lastSbomAt) {}

  public static SbomFreshness of(JsonNode coverage, int top) {
    List<Stale> stale = new ArrayList<>();
    for (JsonNode p : coverage.path("projects")) {
      if (p.path("stale").asBoolean(false)) {
        stale.add(
            new Stale(
                p.path("project").asText(),
                p.path("version").isTextual() ? p.path("version").asText() : null,
                p.path("ageDays").asDouble(),
                p.path("lastSbomAt").asText(null)));
      }
    }
    stale.sort(Comparator.comparingDouble(Stale::ageDays).reversed().thenComparing(Stale::project));
    return new SbomFreshness(
        coverage.path("projectCount").asLong(),
        coverage.path("staleCount").asLong(stale.size()),
        coverage.path("staleAfter").asText(""),
        coverage.path("meanScore").isNumber() ? coverage.path("meanScore").asDouble() : null,
        List.copyOf(stale.subList(0, Math.min(top, stale.size()))));
  }
}
