package io.vigil.sbom.context;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.project.Criticality;
import io.vigil.core.project.ProjectContext;
import io.vigil.core.project.ProjectContexts;
import io.vigil.core.project.ProjectExposure;
import io.vigil.events.v1.ProjectContextEntry;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import io.vigil.sbom.ApiKeys;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.Uploads;
import io.vigil.sbom.coverage.LastSboms;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project registry over HTTP:
 *
 * <ul>
 *   <li>{@code PUT /api/v1/projects/{project}/context} with {@code {"owner", "team", "tags",
 *       "criticality", "exposure"}} (each optional; {@code criticality}: mission-essential, support
 *       or minimal; {@code exposure}: internet-facing or internal): replaces the project's registry
 *       entry, 200 with the context as {@code GET} shows it; 400 listing every problem;
 *   <li>{@code GET /api/v1/projects/{project}/context}: the effective context (the registry's over
 *       what the last accepted SBOM declared), where each part comes from, and both layers; 404
 *       when neither says anything;
 *   <li>{@code DELETE /api/v1/projects/{project}/context}: removes the registry entry (the declared
 *       context applies again); 404 when there was none.
 * </ul>
 *
 * Keys as for uploads: a key's project globs must cover the project (403). The project need not
 * have an SBOM yet: its first one's components carry the context at once.
 */
public final class ProjectContextApi {
  private static final Logger log = LoggerFactory.getLogger(ProjectContextApi.class);
  private static final Set<String> FIELDS =
      Set.of("owner", "team", "tags", "criticality", "exposure");
  private static final int MAX_BODY = 64 * 1024;

  private final ApiKeys keys;
  private final ProjectRegistry registry;
  private final LastSboms sboms;
  private final Clock clock;

  public ProjectContextApi(ApiKeys keys, ProjectRegistry registry, LastSboms sboms, Clock clock) {
    this.keys = keys;
    this.registry = registry;
    this.sboms = sboms;
    this.clock = clock;
  }

  public void register(HttpService.Builder b) {
    b.route("PUT", "/api/v1/projects/{project}/context", this::put)
        .route("GET", "/api/v1/projects/{project}/context", this::get)
        .route("DELETE", "/api/v1/projects/{project}/context", this::delete);
  }

  private HttpResponse put(HttpRequest req) throws IOException, InterruptedException {
    IngestSbomConfig.ApiKey key = keys.authenticate(req);
    String project = project(req, key);
    ProjectContext context = parse(req.bodyBytes(MAX_BODY));
    try {
      ProjectContextEntry e =
          registry.set(project, context, key == null ? null : key.name(), clock.instant());
      log.info(
          "project {}: registry context set by {}: {}",
          project,
          e.getUpdatedBy(),
          ContextAvro.json(context));
    } catch (ExecutionException e) {
      log.error("could not write the registry entry of {}", project, e.getCause());
      throw new HttpError(503, "unavailable", "the registry could not be written; retry later");
    }
    return HttpResponse.ok(view(project));
  }

  private HttpResponse get(HttpRequest req) {
    IngestSbomConfig.ApiKey key = keys.authenticate(req);
    String project = project(req, key);
    Map<String, Object> view = view(project);
    if (view.get("registry") == null && view.get("declared") == null) {
      throw HttpError.notFound(
          "nothing is known about project '"
              + project
              + "': no registry entry and no accepted SBOM declaring a context");
    }
    return HttpResponse.ok(view);
  }

  private HttpResponse delete(HttpRequest req) throws InterruptedException {
    IngestSbomConfig.ApiKey key = keys.authenticate(req);
    String project = project(req, key);
    if (registry.get(project) == null) {
      throw HttpError.notFound("project '" + project + "' has no registry entry");
    }
    try {
      registry.remove(project);
    } catch (ExecutionException e) {
      throw new HttpError(503, "unavailable", "the registry could not be written; retry later");
    }
    return HttpResponse.ok(view(project));
  }

  private static String project(HttpRequest req, IngestSbomConfig.ApiKey key) {
    String project = Uploads.name(req.pathParam("project"), "project", true);
    ApiKeys.authorize(key, project);
    return project;
  }

  /** The GET answer: effective, sources, registry (with who/when), declared (with its SBOM). */
  Map<String, Object> view(String project) {
    ProjectContextEntry entry = registry.get(project);
    SbomStatus last = sboms.latest(project);
    ProjectContext reg = entry == null ? null : ContextAvro.fromAvro(entry.getContext());
    ProjectContext declared =
        last == null || last.getDeclaredContext() == null
            ? null
            : ContextAvro.fromAvro(last.getDeclaredContext());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("project", project);
    out.put("context", ContextAvro.json(ProjectContexts.effective(reg, declared)));
    out.put("sources", ProjectContexts.sources(reg, declared));
    if (entry == null) {
      out.put("registry", null);
    } else {
      Map<String, Object> r = new LinkedHashMap<>(ContextAvro.json(reg));
      r.put("updatedBy", entry.getUpdatedBy());
      r.put("updatedAt", entry.getUpdatedAt().toString());
      out.put("registry", r);
    }
    if (declared == null) {
      out.put("declared", null);
    } else {
      Map<String, Object> d = new LinkedHashMap<>(ContextAvro.json(declared));
      d.put("token", last.getSubmissionId());
      d.put("version", last.getProjectVersion());
      d.put("receivedAt", last.getReceivedAt().toString());
      out.put("declared", d);
    }
    return out;
  }

  /** The request body as a context; 400 with every problem. */
  static ProjectContext parse(byte[] body) {
    JsonNode n;
    try {
      n = HttpResponse.mapper().readTree(body);
    } catch (IOException e) {
      String m =
          e instanceof com.fasterxml.jackson.core.JsonProcessingException j
              ? j.getOriginalMessage()
              : e.getMessage();
      throw HttpError.badRequest("the body is not JSON: " + m);
    }
    if (n == null || !n.isObject()) {
      throw HttpError.badRequest(
          "the body must be a JSON object {owner, team, tags, criticality, exposure}");
    }
    List<String> problems = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      String f = it.next();
      if (!FIELDS.contains(f)) {
        problems.add(f + ": unknown field (known: owner, team, tags, criticality, exposure)");
      }
    }
    String owner = text(n, "owner", problems);
    String team = text(n, "team", problems);
    List<String> tags = new ArrayList<>();
    JsonNode t = n.get("tags");
    if (t != null && !t.isNull()) {
      if (!t.isArray()) {
        problems.add("tags: must be a list of strings");
      } else {
        for (int i = 0; i < t.size(); i++) {
          if (t.get(i).isTextual()) {
            tags.add(t.get(i).asText());
          } else {
            problems.add("tags[" + i + "]: must be a string");
          }
        }
      }
    }
    Criticality criticality = null;
    String c = text(n, "criticality", problems);
    if (c != null) {
      criticality = Criticality.parse(c).orElse(null);
      if (criticality == null) {
        problems.add("criticality: '" + c + "' is not mission-essential, support or minimal");
      }
    }
    ProjectExposure exposure = null;
    String x = text(n, "exposure", problems);
    if (x != null) {
      exposure = ProjectExposure.parse(x).orElse(null);
      if (exposure == null) {
        problems.add("exposure: '" + x + "' is not internet-facing or internal");
      }
    }
    problems.addAll(ProjectContext.validate(owner, team, tags));
    if (!problems.isEmpty()) {
      throw new HttpError(
          400,
          "invalid_context",
          "invalid project context: " + problems.get(0),
          Map.of("problems", problems));
    }
    return new ProjectContext(owner, team, tags, criticality, exposure);
  }

  private static String text(JsonNode n, String field, List<String> problems) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      problems.add(field + ": must be a string");
      return null;
    }
    return v.asText();
  }
}
