package io.vigil.console.view;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.console.auth.Session;
import io.vigil.console.live.LiveCounters;
import io.vigil.console.live.LiveEvent;
import io.vigil.console.live.LiveFilter;
import java.util.ArrayList;
import java.util.List;

/** What the templates render: one record per page or row, built from query API answers. */
public final class Views {
  private Views() {}

  /** Every page's frame: its title, which nav entry is current, who is logged in. */
  public record Layout(String title, String active, Session session, boolean loginRequired) {
    public boolean canTriage() {
      return session != null && session.canTriage();
    }

    public String csrf() {
      return session == null ? "" : session.csrfToken();
    }
  }

  public record LoginPage(Layout layout, String token, String error, String next) {}

  public record ErrorPage(Layout layout, int status, String heading, String message) {}

  /**
   * @param teams the teams and owners of the newest events (the team filter's suggestions)
   */
  public record LivePage(
      Layout layout,
      LiveFilter filter,
      List<LiveEvent> rows,
      LiveCounters counters,
      List<String> teams) {}

  /** One open exposure, as the query API answers it. */
  public record ExposureRow(
      String project,
      String projectId,
      String purl,
      String version,
      String advisory,
      String vulnerability,
      List<String> aliases,
      String severity,
      Double score,
      boolean kev,
      Double epss,
      List<String> fixed,
      String smallestFix,
      Boolean direct,
      String scope,
      String projectVersion,
      TriageView triage) {
    public static ExposureRow of(JsonNode n) {
      return new ExposureRow(
          n.path("project").asText(),
          n.path("projectId").asText(n.path("project").asText()),
          n.path("purl").asText(null),
          n.path("version").asText(null),
          n.path("advisory").asText(),
          n.path("vulnerability").asText(),
          strings(n.path("aliases")),
          n.path("severity").isTextual() ? n.path("severity").asText() : "UNKNOWN",
          n.path("score").isNumber() ? n.path("score").asDouble() : null,
          n.path("kev").asBoolean(),
          n.path("epss").isNumber() ? n.path("epss").asDouble() : null,
          strings(n.path("fixed")),
          n.path("smallestFix").isTextual() ? n.path("smallestFix").asText() : null,
          n.path("direct").isBoolean() ? n.path("direct").asBoolean() : null,
          n.path("scope").isTextual() ? n.path("scope").asText() : null,
          n.path("projectVersion").isTextual() ? n.path("projectVersion").asText() : null,
          TriageView.ofQueryApi(n));
    }

    /** The same exposure with the decision that applies to it (null: none). */
    public ExposureRow withTriage(TriageView t) {
      return new ExposureRow(
          project,
          projectId,
          purl,
          version,
          advisory,
          vulnerability,
          aliases,
          severity,
          score,
          kev,
          epss,
          fixed,
          smallestFix,
          direct,
          scope,
          projectVersion,
          t);
    }

    /** The package without version ({@code pkg:maven/g/a}): what a decision names. */
    public String packagePurl() {
      return purl == null ? null : Urls.packageOf(purl);
    }

    /** A stable id for this row's triage form. */
    public String formId() {
      return "t" + Integer.toHexString((project + "|" + purl + "|" + advisory).hashCode());
    }

    /** "direct", "transitive" or "unknown" (the SBOM did not say). */
    public String how() {
      return direct == null ? "unknown" : direct ? "direct" : "transitive";
    }
  }

  /**
   * The decision that applies to an exposure: its state, justification, detail, who and when, its
   * scope ("this component", "this project", "every project"), and whether it suppresses alerts.
   */
  public record TriageView(
      String state,
      String justification,
      String detail,
      String author,
      String decidedAt,
      String scope,
      boolean suppressed) {
    /**
     * The decision the correlator applied ({@code analysis} and {@code suppressed} of the query
     * API's exposure JSON: policy decisions too), or null.
     */
    public static TriageView ofQueryApi(JsonNode exposure) {
      JsonNode a = exposure.path("analysis");
      if (!a.isObject() || !a.path("state").isTextual()) {
        return null;
      }
      String scope =
          switch (a.path("scope").asText()) {
            case "COMPONENT" -> "this component in " + exposure.path("project").asText();
            case "PROJECT" -> "every component of " + exposure.path("project").asText();
            default -> "every project";
          };
      String source = a.path("source").asText("MANUAL");
      return new TriageView(
          a.path("state").asText(),
          a.path("justification").isTextual() ? a.path("justification").asText() : null,
          a.path("detail").isTextual() ? a.path("detail").asText() : null,
          a.path("author").asText("")
              + (source.equals("MANUAL")
                  ? ""
                  : " (" + source.toLowerCase(java.util.Locale.ROOT) + ")"),
          a.path("decidedAt").asText(""),
          scope,
          exposure.path("suppressed").asBoolean());
    }

    /** "not affected" for {@code not_affected}. */
    public String stateLabel() {
      return state.replace('_', ' ');
    }
  }

  /** One project's use of a package. */
  public record UsageRow(
      String project, String projectVersion, String purl, String version, Boolean direct) {
    public static UsageRow of(JsonNode n) {
      return new UsageRow(
          n.path("project").asText(),
          n.path("projectVersion").isTextual() ? n.path("projectVersion").asText() : null,
          n.path("purl").asText(),
          n.path("version").asText(null),
          n.path("direct").isBoolean() ? n.path("direct").asBoolean() : null);
    }

    public String how() {
      return direct == null ? "unknown" : direct ? "direct" : "transitive";
    }
  }

  /** A project's component inventory, one page. */
  public record InventoryPage(
      Layout layout,
      String project,
      io.vigil.console.inventory.InventoryQuery search,
      Paged<io.vigil.console.inventory.InventoryRow> components,
      String cursor) {}

  /** A paged list: its rows, or why it is unavailable (never a shorter list). */
  public record Paged<T>(List<T> rows, String nextCursor, String unavailable) {
    public static <T> Paged<T> unavailable(String why) {
      return new Paged<>(List.of(), null, why);
    }

    public boolean isUnavailable() {
      return unavailable != null;
    }
  }

  /** One affected range of an advisory, as text ({@code >= 2.0, < 2.15.0}). */
  public record AffectedView(
      String ecosystem, String name, List<String> ranges, List<String> versions) {}

  public record AdvisoryView(
      String id,
      String summary,
      List<String> aliases,
      List<String> severities,
      String published,
      String modified,
      List<AffectedView> affected) {}

  public record VulnerabilityPage(
      Layout layout,
      String id,
      String triageUnavailable,
      List<String> packages,
      AdvisoryView advisory,
      String advisoryUnavailable,
      Paged<ExposureRow> exposures,
      String severity,
      boolean kev,
      Double epss,
      String cursor) {}

  public record ProjectPage(
      Layout layout,
      String project,
      String projectName,
      String projectVersion,
      String triageUnavailable,
      String query,
      Paged<ExposureRow> exposures,
      int total,
      String severityChart,
      String cursor) {}

  public record PackagePage(
      Layout layout, String purl, Paged<UsageRow> users, String versionsChart, String cursor) {}

  public record Count(
      String label, String href, long exposures, long projects, String severity, boolean kev) {}

  public record PortfolioPage(
      Layout layout,
      String unavailable,
      long exposures,
      long projects,
      long kevExposures,
      long kevProjects,
      String severityChart,
      List<Count> bySeverity,
      List<Count> bySsvc,
      List<Count> topAdvisories,
      List<Count> topPackages,
      List<Count> topProjects,
      io.vigil.console.portfolio.SbomFreshness freshness,
      String freshnessUnavailable,
      PortfolioPanels panels) {}

  /** The Portfolio's history and feed panels: each a panel or the reason it is unavailable. */
  public record PortfolioPanels(
      io.vigil.console.portfolio.TimeToFixPanel timeToFix,
      String timeToFixUnavailable,
      io.vigil.console.portfolio.TrendPanel trend,
      String trendUnavailable,
      io.vigil.console.portfolio.FeedFreshnessPanel feeds,
      String feedsUnavailable) {}

  static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }
}
