package io.vigil.sbom.dt;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import io.vigil.sbom.IngestSbomConfig;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The read side of the Dependency-Track API that CI gates call after an upload: projects ({@code
 * GET /api/v1/project/lookup}, {@code GET /api/v1/project[?name=]}, {@code GET
 * /api/v1/project/{uuid}}), findings ({@code GET /api/v1/finding/project/{uuid}}), metrics ({@code
 * GET /api/v1/metrics/project/{uuid}/current} and {@code /refresh}) and policy violations ({@code
 * GET /api/v1/violation/project/{uuid}}, always none). Projects come from the {@link ProjectIndex};
 * findings and metrics from the correlator's query API, computed when asked (so {@code /refresh}
 * has nothing to do). Errors as Dependency-Track gives them: plain-text 404 "The project could not
 * be found.", 403 "Access to the specified project is forbidden".
 */
final class DependencyTrackProjects {
  static final String NOT_FOUND = "The project could not be found.";
  static final String FORBIDDEN = "Access to the specified project is forbidden";
  static final String TOTAL_COUNT = "X-Total-Count";

  private final DependencyTrackContext ctx;
  private final Clock clock;

  DependencyTrackProjects(DependencyTrackContext ctx, Clock clock) {
    this.ctx = ctx;
    this.clock = clock;
  }

  void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/project/lookup", this::lookup)
        .route("GET", "/api/v1/project", this::list)
        .route("GET", "/api/v1/project/{uuid}", this::project)
        .route("GET", "/api/v1/finding/project/{uuid}", this::findings)
        .route("GET", "/api/v1/metrics/project/{uuid}/current", this::metrics)
        .route("GET", "/api/v1/metrics/project/{uuid}/refresh", this::refresh)
        .route("GET", "/api/v1/violation/project/{uuid}", this::violations);
  }

  private HttpResponse lookup(HttpRequest req) throws Exception {
    IngestSbomConfig.ApiKey key = ctx.authenticate(req);
    String name = req.query("name");
    if (name == null || name.isBlank()) {
      return notFound();
    }
    Optional<ProjectIndex.View> p = ctx.projects().get(name, req.query("version"));
    if (p.isEmpty()) {
      return notFound();
    }
    if (!allowed(key, p.get())) {
      return forbidden();
    }
    return HttpResponse.ok(projectJson(p.get(), true));
  }

  private HttpResponse list(HttpRequest req) {
    IngestSbomConfig.ApiKey key = ctx.authenticate(req);
    String name = req.query("name");
    boolean excludeInactive = BomRequest.bool(req.query("excludeInactive"), "excludeInactive");
    List<ProjectIndex.View> all =
        name == null ? ctx.projects().all() : ctx.projects().byName(name.strip());
    List<ProjectIndex.View> visible = new ArrayList<>();
    for (ProjectIndex.View v : all) {
      if (allowed(key, v) && (v.active() || !excludeInactive)) {
        visible.add(v);
      }
    }
    int size = req.queryInt("pageSize", req.queryInt("limit", 100, 1, 1000), 1, 1000);
    int offset =
        req.query("pageNumber") != null
            ? (req.queryInt("pageNumber", 1, 1, Integer.MAX_VALUE) - 1) * size
            : req.queryInt("offset", 0, 0, Integer.MAX_VALUE);
    List<Map<String, Object>> page = new ArrayList<>();
    for (int i = offset; i < Math.min(visible.size(), offset + size); i++) {
      page.add(projectJson(visible.get(i), false));
    }
    return HttpResponse.ok(page).withHeader(TOTAL_COUNT, Integer.toString(visible.size()));
  }

  private HttpResponse project(HttpRequest req) throws Exception {
    return withProject(req, v -> HttpResponse.ok(projectJson(v, true)));
  }

  private HttpResponse findings(HttpRequest req) throws Exception {
    String source = req.query("source");
    return withProject(
        req,
        v -> {
          List<Map<String, Object>> out = new ArrayList<>();
          for (Findings.Finding f : findingsOf(v)) {
            Map<String, Object> json = Findings.json(v.uuid(), f);
            @SuppressWarnings("unchecked")
            Map<String, Object> vuln = (Map<String, Object>) json.get("vulnerability");
            if (source == null || source.equalsIgnoreCase((String) vuln.get("source"))) {
              out.add(json);
            }
          }
          return HttpResponse.ok(out).withHeader(TOTAL_COUNT, Integer.toString(out.size()));
        });
  }

  private HttpResponse metrics(HttpRequest req) throws Exception {
    return withProject(req, v -> HttpResponse.ok(metricsOf(v)));
  }

  private HttpResponse refresh(HttpRequest req) throws Exception {
    return withProject(req, v -> new HttpResponse(200, "application/json", new byte[0], Map.of()));
  }

  private HttpResponse violations(HttpRequest req) throws Exception {
    return withProject(req, v -> HttpResponse.ok(List.of()).withHeader(TOTAL_COUNT, "0"));
  }

  // ---- shared ------------------------------------------------------------------------------

  @FunctionalInterface
  private interface ProjectHandler {
    HttpResponse handle(ProjectIndex.View project) throws Exception;
  }

  private HttpResponse withProject(HttpRequest req, ProjectHandler handler) throws Exception {
    IngestSbomConfig.ApiKey key = ctx.authenticate(req);
    UUID uuid = ProjectUuids.parse(req.pathParam("uuid"));
    if (uuid == null) {
      return HttpResponse.text(400, "text/plain", "The uuid must be a valid 36 character UUID");
    }
    Optional<ProjectIndex.View> p = ctx.projects().get(uuid);
    if (p.isEmpty()) {
      return notFound();
    }
    if (!allowed(key, p.get())) {
      return forbidden();
    }
    return handler.handle(p.get());
  }

  /** The findings of a project: its inventory's exposures while it is active, else none. */
  List<Findings.Finding> findingsOf(ProjectIndex.View v) throws InterruptedException {
    if (!v.active() || v.project().projectId() == null || v.project().lastBomImport() == null) {
      return List.of();
    }
    List<JsonNode> exposures = ctx.queryApi().exposures(v.project().projectId());
    return Findings.of(exposures);
  }

  Map<String, Object> metricsOf(ProjectIndex.View v) throws InterruptedException {
    return Findings.metrics(
        findingsOf(v), v.project().components(), v.project().created(), clock.instant());
  }

  /**
   * Dependency-Track's {@code Project} JSON; {@code full} adds what a single project carries: its
   * versions and, when the query API answers, its current metrics.
   */
  Map<String, Object> projectJson(ProjectIndex.View v, boolean full) {
    ProjectIndex.Project p = v.project();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("name", p.name());
    if (p.version() != null) {
      out.put("version", p.version());
    }
    out.put("classifier", "APPLICATION");
    out.put("uuid", p.uuid().toString());
    if (p.lastBomImport() != null) {
      out.put("lastBomImport", p.lastBomImport().toEpochMilli());
      out.put("lastBomImportFormat", p.lastBomImportFormat());
    }
    out.put("active", v.active());
    out.put("isLatest", v.latest());
    out.put("collectionLogic", "NONE");
    out.put("tags", List.of());
    if (full) {
      out.put("children", List.of());
      out.put("properties", List.of());
      List<Map<String, Object>> versions = new ArrayList<>();
      for (ProjectIndex.View sibling : ctx.projects().byName(p.name())) {
        Map<String, Object> ver = new LinkedHashMap<>();
        ver.put("uuid", sibling.uuid().toString());
        if (sibling.project().version() != null) {
          ver.put("version", sibling.project().version());
        }
        ver.put("active", sibling.active());
        versions.add(ver);
      }
      out.put("versions", versions);
      if (ctx.config().queryApiConfigured() && p.lastBomImport() != null) {
        try {
          out.put("metrics", metricsOf(v));
        } catch (RuntimeException e) {
          // metrics are optional in a project (as in Dependency-Track before its first run)
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    return out;
  }

  private static boolean allowed(IngestSbomConfig.ApiKey key, ProjectIndex.View v) {
    return key == null || key.allows(v.project().name());
  }

  static HttpResponse notFound() {
    return HttpResponse.text(404, "text/plain", NOT_FOUND);
  }

  static HttpResponse forbidden() {
    return HttpResponse.text(403, "text/plain", FORBIDDEN);
  }
}
