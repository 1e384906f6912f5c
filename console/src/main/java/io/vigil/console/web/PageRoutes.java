package io.vigil.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.console.auth.Session;
import io.vigil.console.query.QueryApiClient;
import io.vigil.console.query.QueryApiClient.BadRequest;
import io.vigil.console.query.QueryApiClient.Unavailable;
import io.vigil.console.view.Charts;
import io.vigil.console.view.Urls;
import io.vigil.console.view.Views.ExposureRow;
import io.vigil.console.view.Views.PackagePage;
import io.vigil.console.view.Views.Paged;
import io.vigil.console.view.Views.ProjectPage;
import io.vigil.console.view.Views.UsageRow;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/** Project, Package and Find: each one or a few query API calls, paged. */
final class PageRoutes {
  static final int PAGE = 100;

  /** A project's exposures are read whole (for its chart and search) up to this many. */
  static final int PROJECT_MAX = 20_000;

  private final QueryApiClient query;
  private final TriageRoutes triage;
  private final Guard guard;

  PageRoutes(QueryApiClient query, TriageRoutes triage, Guard guard) {
    this.query = query;
    this.triage = triage;
    this.guard = guard;
  }

  void register(HttpService.Builder b) {
    b.route("GET", "/", guard.page((r, s) -> Web.redirect("/live")));
    b.route("GET", "/search", guard.page(this::search));
    b.route("GET", "/projects", guard.page(this::findProject));
    b.route("GET", "/projects/{project}", guard.page(this::project));
    b.route("GET", "/packages", guard.page(this::pkg));
  }

  private HttpResponse search(HttpRequest r, Session s) {
    return Web.html(200, Web.render("search.jte", "layout", guard.layout("Find", "search", s)));
  }

  private HttpResponse findProject(HttpRequest r, Session s) {
    String name = r.query("name", "").trim();
    return name.isEmpty() ? Web.redirect("/search") : Web.redirect(Urls.project(name));
  }

  private HttpResponse project(HttpRequest r, Session s) {
    String project = r.pathParam("project");
    String q = r.query("q", "").trim();
    int offset = offset(r.query("cursor"));
    var layout = guard.layout("Project " + project, "project", s);
    List<ExposureRow> all = new ArrayList<>();
    try {
      String cursor = null;
      do {
        JsonNode page =
            query.page(
                "/api/v1/projects/" + QueryApiClient.enc(project) + "/exposures", 1000, cursor);
        page.path("items").forEach(n -> all.add(ExposureRow.of(n)));
        cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
      } while (cursor != null && all.size() < PROJECT_MAX);
    } catch (Unavailable e) {
      return Web.page(
          200,
          "project.jte",
          new ProjectPage(
              layout,
              project,
              project,
              null,
              null,
              q,
              Paged.unavailable(e.getMessage()),
              0,
              "",
              null));
    }
    String needle = q.toLowerCase(Locale.ROOT);
    List<ExposureRow> matching =
        all.stream()
            .filter(
                e ->
                    needle.isEmpty()
                        || (e.purl() != null && e.purl().toLowerCase(Locale.ROOT).contains(needle))
                        || e.vulnerability().toLowerCase(Locale.ROOT).contains(needle)
                        || e.advisory().toLowerCase(Locale.ROOT).contains(needle))
            .toList();
    Map<String, Long> bySeverity = new TreeMap<>();
    for (ExposureRow e : matching) {
      bySeverity.merge(e.severity(), 1L, Long::sum);
    }
    List<Charts.Bar> bars = new ArrayList<>();
    for (String sev : List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN")) {
      bars.add(new Charts.Bar(sev, bySeverity.getOrDefault(sev, 0L), Charts.severityClass(sev)));
    }
    int end = Math.min(matching.size(), offset + PAGE);
    List<ExposureRow> rows = offset >= matching.size() ? List.of() : matching.subList(offset, end);
    String next = end < matching.size() ? Integer.toString(end) : null;
    TriageRoutes.Annotated annotated = triage.annotate(rows);
    // the triage API names a project as its SBOM does (name, version), the query API by its id
    String name = all.isEmpty() ? project : all.get(0).project();
    String version = all.isEmpty() ? null : all.get(0).projectVersion();
    return Web.page(
        200,
        "project.jte",
        new ProjectPage(
            layout,
            project,
            name,
            version,
            annotated.unavailable(),
            q,
            new Paged<>(annotated.rows(), next, null),
            matching.size(),
            Charts.bars("Open exposures of " + project + " by severity", bars),
            offset == 0 ? null : Integer.toString(offset)));
  }

  private HttpResponse pkg(HttpRequest r, Session s) {
    String raw = r.query("purl", "").trim();
    if (raw.isEmpty()) {
      return Web.redirect("/search");
    }
    String purl = packageWithoutVersion(raw);
    String cursor = r.query("cursor");
    var layout = guard.layout("Package " + purl, "package", s);
    Paged<UsageRow> users;
    try {
      JsonNode page =
          query.page("/api/v1/packages/" + QueryApiClient.enc(purl) + "/projects", PAGE, cursor);
      List<UsageRow> rows = new ArrayList<>();
      page.path("items").forEach(n -> rows.add(UsageRow.of(n)));
      users =
          new Paged<>(
              rows,
              page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null,
              null);
    } catch (Unavailable e) {
      users = Paged.unavailable(e.getMessage());
    } catch (BadRequest e) {
      return guard.refused(s, 400, "Not a package URL", e.getMessage());
    }
    Map<String, Long> versions = new TreeMap<>();
    users.rows().forEach(u -> versions.merge(String.valueOf(u.version()), 1L, Long::sum));
    List<Charts.Bar> bars = new ArrayList<>();
    versions.entrySet().stream()
        .sorted((a, b) -> Long.compare(b.getValue(), a.getValue()))
        .limit(12)
        .forEach(e -> bars.add(new Charts.Bar(e.getKey(), e.getValue(), "version")));
    return Web.page(
        200,
        "package.jte",
        new PackagePage(
            layout, purl, users, Charts.bars("Projects by version of " + purl, bars), cursor));
  }

  private static int offset(String cursor) {
    try {
      return cursor == null ? 0 : Math.max(0, Integer.parseInt(cursor));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /** {@code pkg:maven/g/a@1.0?x=y#p} → {@code pkg:maven/g/a}. */
  static String packageWithoutVersion(String purl) {
    return Urls.packageOf(purl);
  }
}
