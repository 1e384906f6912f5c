package io.vigil.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.console.auth.Session;
import io.vigil.console.feeds.FeedStatusWatch;
import io.vigil.console.portfolio.FeedFreshnessPanel;
import io.vigil.console.portfolio.SbomFreshness;
import io.vigil.console.portfolio.TimeToFixPanel;
import io.vigil.console.portfolio.TrendPanel;
import io.vigil.console.query.QueryApiClient;
import io.vigil.console.query.QueryApiClient.Unavailable;
import io.vigil.console.triage.TriageApiClient;
import io.vigil.console.view.Charts;
import io.vigil.console.view.Urls;
import io.vigil.console.view.Views.Count;
import io.vigil.console.view.Views.PortfolioPage;
import io.vigil.console.view.Views.PortfolioPanels;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The Portfolio page: the query API's summary (open exposures by severity and KEV, the tops), time
 * to fix and the trend (the query API's history routes), stale SBOMs (ingest-sbom's coverage) and
 * feed freshness (the feeds' status topic). Each panel that cannot be read says so on its own; the
 * others are shown.
 */
final class PortfolioRoutes {
  /** Days of the trend panel. */
  static final int TREND_DAYS = 30;

  private final QueryApiClient query;
  private final TriageApiClient ingest;
  private final FeedStatusWatch feeds;
  private final Guard guard;
  private final Clock clock;

  /**
   * @param ingest ingest-sbom (its coverage API: the stale-SBOM panel)
   * @param feeds the feeds' status (the feed-freshness panel)
   */
  PortfolioRoutes(
      QueryApiClient query,
      TriageApiClient ingest,
      FeedStatusWatch feeds,
      Guard guard,
      Clock clock) {
    this.query = query;
    this.ingest = ingest;
    this.feeds = feeds;
    this.guard = guard;
    this.clock = clock;
  }

  void register(HttpService.Builder b) {
    b.route("GET", "/portfolio", guard.page(this::portfolio));
  }

  private HttpResponse portfolio(HttpRequest r, Session s) {
    var layout = guard.layout("Portfolio", "portfolio", s);
    SbomFreshness freshness = null;
    String freshnessUnavailable = null;
    try {
      freshness = SbomFreshness.of(ingest.coverage(), 10);
    } catch (Unavailable e) {
      freshnessUnavailable = e.getMessage();
    }
    JsonNode sum;
    try {
      sum = query.get("/api/v1/exposures/summary?top=10");
    } catch (Unavailable e) {
      return Web.page(
          200,
          "portfolio.jte",
          new PortfolioPage(
              layout,
              e.getMessage(),
              0,
              0,
              0,
              0,
              "",
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              List.of(),
              freshness,
              freshnessUnavailable,
              panels()));
    }
    List<Count> bySeverity = new ArrayList<>();
    List<Charts.Bar> bars = new ArrayList<>();
    for (JsonNode n : sum.path("bySeverity")) {
      String sev = n.path("severity").asText();
      bySeverity.add(
          new Count(
              sev, null, n.path("exposures").asLong(), n.path("projects").asLong(), sev, false));
      bars.add(new Charts.Bar(sev, n.path("exposures").asLong(), Charts.severityClass(sev)));
    }
    List<Count> bySsvc = new ArrayList<>();
    for (JsonNode n : sum.path("bySsvc")) {
      bySsvc.add(
          new Count(
              switch (n.path("outcome").asText()) {
                case "ACT" -> "Act";
                case "ATTEND" -> "Attend";
                case "TRACK_STAR" -> "Track*";
                case "TRACK" -> "Track";
                default -> "None";
              },
              null,
              n.path("exposures").asLong(),
              n.path("projects").asLong(),
              null,
              false));
    }
    List<Count> advisories = new ArrayList<>();
    for (JsonNode n : sum.path("topAdvisories")) {
      String id = n.path("advisory").asText();
      String vuln = n.path("vulnerability").asText(id);
      advisories.add(
          new Count(
              vuln.equals(id) ? id : vuln + " (" + id + ")",
              Urls.vulnerability(id),
              n.path("exposures").asLong(),
              n.path("projects").asLong(),
              n.path("severity").asText(),
              n.path("kev").asBoolean()));
    }
    List<Count> packages = new ArrayList<>();
    for (JsonNode n : sum.path("topPackages")) {
      String purl = n.path("purl").asText(n.path("package").asText());
      packages.add(
          new Count(
              purl,
              Urls.pkg(purl),
              n.path("exposures").asLong(),
              n.path("projects").asLong(),
              null,
              false));
    }
    List<Count> projects = new ArrayList<>();
    for (JsonNode n : sum.path("topProjects")) {
      projects.add(
          new Count(
              n.path("project").asText(),
              Urls.project(n.path("projectId").asText()),
              n.path("exposures").asLong(),
              -1,
              n.path("worstSeverity").asText(),
              n.path("kev").asBoolean()));
    }
    return Web.page(
        200,
        "portfolio.jte",
        new PortfolioPage(
            layout,
            null,
            sum.path("exposures").asLong(),
            sum.path("projects").asLong(),
            sum.path("kev").path("exposures").asLong(),
            sum.path("kev").path("projects").asLong(),
            Charts.bars("Open exposures by severity", bars),
            bySeverity,
            bySsvc,
            advisories,
            packages,
            projects,
            freshness,
            freshnessUnavailable,
            panels()));
  }

  /** Time to fix, the trend and feed freshness: each read on its own, each unavailable alone. */
  PortfolioPanels panels() {
    TimeToFixPanel ttf = null;
    String ttfUnavailable = null;
    try {
      ttf = TimeToFixPanel.of(query.get("/api/v1/remediation/time-to-fix"));
    } catch (RuntimeException e) {
      ttfUnavailable = reason(e);
    }
    TrendPanel trend = null;
    String trendUnavailable = null;
    try {
      trend = TrendPanel.of(query.get("/api/v1/exposures/trend?days=" + TREND_DAYS));
    } catch (RuntimeException e) {
      trendUnavailable = reason(e);
    }
    FeedFreshnessPanel feedPanel = null;
    String feedsUnavailable = null;
    if (feeds == null || !feeds.caughtUp()) {
      feedsUnavailable =
          "the feeds' status topic (vigil.feeds.status.v1) has not been read yet: it does not exist"
              + " yet, or the console is still reading it";
    } else {
      feedPanel = FeedFreshnessPanel.of(feeds.statuses(), clock.instant());
    }
    return new PortfolioPanels(
        ttf, ttfUnavailable, trend, trendUnavailable, feedPanel, feedsUnavailable);
  }

  private static String reason(RuntimeException e) {
    if (e instanceof Unavailable
        || e instanceof QueryApiClient.NotFound
        || e instanceof QueryApiClient.BadRequest) {
      return e.getMessage();
    }
    throw e;
  }
}
