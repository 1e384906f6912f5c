package io.vigil.sbom.dt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.http.Role;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.StatusStore;
import io.vigil.sbom.Uploads;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Dependency-Track-compatible API, so that a CI step that talks to Dependency-Track works
 * against Vigil by changing only its base URL:
 *
 * <ul>
 *   <li>{@code PUT /api/v1/bom} (JSON, base64 {@code bom}) and {@code POST /api/v1/bom}
 *       (multipart), answering {@code {"token"}} once the document is durable ({@link BomRequest}
 *       reads every variant real clients send);
 *   <li>{@code GET /api/v1/bom/token/{token}} and {@code /api/v1/event/token/{token}}: {@code
 *       {"processing": bool}}, true until the correlator has correlated the SBOM (when the query
 *       API is configured: {@link CorrelationProgress});
 *   <li>projects, findings, metrics and violations: {@link DependencyTrackProjects};
 *   <li>{@code PUT}/{@code POST /api/v1/vex} (role {@code triage}): the project is resolved as
 *       Dependency-Track does, then the document's decisions are recorded for it ({@link
 *       #vexReceiver}: the triage package), answering {@code {"token"}} and what was imported.
 * </ul>
 *
 * Projects are (name, version) pairs with name-based UUIDs ({@link ProjectUuids}), known from the
 * submission statuses ({@link ProjectIndex}).
 */
public final class DependencyTrackApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DependencyTrackApi.class);

  private final DependencyTrackContext ctx;
  private final DependencyTrackProjects projects;
  private final JsonFactory json;
  private volatile VexReceiver vexReceiver;

  /**
   * @param kafka the cluster (the correlator's progress is read with an admin client), or null for
   *     none
   */
  public DependencyTrackApi(
      Uploads uploads,
      StatusStore statuses,
      ProjectIndex index,
      DependencyTrackConfig config,
      KafkaSettings kafka) {
    CorrelationProgress progress =
        config.queryApiConfigured() && kafka != null
            ? new CorrelationProgress(
                Admin.create(kafka.admin()),
                kafka.topicPrefix() + config.correlatorApplicationId(),
                kafka.catalog().components().name())
            : null;
    this.ctx =
        new DependencyTrackContext(
            uploads, statuses, index, config, new QueryApiClient(config), progress);
    this.projects = new DependencyTrackProjects(ctx, Clock.systemUTC());
    this.json = new JsonFactory();
    json.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxStringLength((int) Math.min(Integer.MAX_VALUE - 8, base64Limit()))
            .build());
  }

  public void register(HttpService.Builder b) {
    b.route("PUT", "/api/v1/bom", this::put)
        .route("POST", "/api/v1/bom", this::post)
        .route("GET", "/api/v1/bom/token/{token}", this::processing)
        .route("GET", "/api/v1/event/token/{token}", this::processing)
        .route("PUT", "/api/v1/vex", Role.TRIAGE, this::vexJson)
        .route("POST", "/api/v1/vex", Role.TRIAGE, this::vexForm);
    projects.register(b);
  }

  /** Reads every status of the store into the project index (after Kafka Streams (re)started). */
  public static void rebuild(ProjectIndex index, StatusStore statuses) {
    int n = 0;
    try (KeyValueIterator<String, SbomStatus> it = statuses.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        index.onStatus(kv.key, kv.value);
        n++;
      }
    }
    log.info("Dependency-Track projects: {} from {} statuses", index.size(), n);
  }

  private long base64Limit() {
    return ctx.uploads().config().maxDocumentBytes() / 3 * 4 + 1024 * 1024;
  }

  // ---- upload ------------------------------------------------------------------------------

  /** {@code PUT /api/v1/bom}: a {@code BomSubmitRequest} (JSON, base64 bom). */
  private HttpResponse put(HttpRequest req) throws Exception {
    long t0 = System.nanoTime();
    IngestSbomConfig.ApiKey key = ctx.authenticate(req);
    byte[] body = ctx.uploads().body(req, base64Limit());
    return submit(BomRequest.fromJson(json, body), key, "PUT", t0);
  }

  /** {@code POST /api/v1/bom}: the multipart form. */
  private HttpResponse post(HttpRequest req) throws Exception {
    long t0 = System.nanoTime();
    IngestSbomConfig.ApiKey key = ctx.authenticate(req);
    byte[] body = ctx.uploads().body(req, ctx.uploads().config().maxDocumentBytes() + 1024 * 1024);
    return submit(BomRequest.fromForm(form(req, body)), key, "POST", t0);
  }

  private HttpResponse submit(BomRequest r, IngestSbomConfig.ApiKey key, String method, long t0)
      throws Exception {
    String name = r.projectName();
    String version = r.projectVersion();
    if (r.project() != null) {
      Optional<ProjectIndex.View> known = ctx.projects().get(UUID.fromString(r.project()));
      if (known.isEmpty()) {
        return DependencyTrackProjects.notFound();
      }
      name = known.get().project().name();
      version = known.get().project().version();
    }
    if (key != null && !key.allows(name)) {
      return DependencyTrackProjects.forbidden();
    }
    byte[] document = ctx.uploads().gunzipped(r.bom());
    Uploads.Published p =
        ctx.uploads()
            .publish(
                document,
                name,
                version,
                r.bomContentType(),
                ctx.uploads().config().lenient(),
                "dependency-track",
                key,
                false,
                r.projectTags());
    ctx.uploads().record("bom-" + method.toLowerCase(Locale.ROOT), t0, p.processing());
    return HttpResponse.ok(Map.of("token", p.processing().getSubmissionId()));
  }

  private static Map<String, Multipart.Part> form(HttpRequest req, byte[] body) {
    try {
      return Multipart.parse(req.header("Content-Type"), body);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("not a valid multipart/form-data body: " + e.getMessage());
    }
  }

  // ---- token -------------------------------------------------------------------------------

  private HttpResponse processing(HttpRequest req) {
    IngestSbomConfig.ApiKey key = ctx.authenticate(req);
    SbomStatus s = ctx.statuses().lookup(req.pathParam("token"));
    if (s != null && key != null && !key.allows(s.getProject())) {
      return DependencyTrackProjects.forbidden();
    }
    return HttpResponse.ok(Map.of("processing", processing(s)));
  }

  /**
   * Dependency-Track's "processing": PROCESSING, or COMPLETED but not yet correlated (when the
   * query API is configured); an unknown token is not processing, as in Dependency-Track.
   */
  private boolean processing(SbomStatus s) {
    if (s == null || s.getState() == SbomProcessingState.REJECTED) {
      return false;
    }
    if (s.getState() == SbomProcessingState.PROCESSING) {
      return true;
    }
    return ctx.progress() != null
        && s.getProjectId() != null
        && !ctx.progress().settled(s.getSubmissionId(), s.getProjectId());
  }

  // ---- VEX ---------------------------------------------------------------------------------

  /**
   * Where an imported VEX document goes (the triage package): its decisions for the project, with
   * the request (for the author), answering what was imported.
   */
  @FunctionalInterface
  public interface VexReceiver {
    Map<String, Object> receive(byte[] document, String project, String version, HttpRequest req);
  }

  /** Imports VEX documents of {@code PUT}/{@code POST /api/v1/vex} (else they are refused). */
  public DependencyTrackApi vexReceiver(VexReceiver r) {
    this.vexReceiver = r;
    return this;
  }

  private HttpResponse vexJson(HttpRequest req) throws Exception {
    IngestSbomConfig.ApiKey key = ctx.authenticate(req);
    byte[] body = ctx.uploads().body(req, base64Limit());
    Map<String, String> fields = new LinkedHashMap<>();
    var tree = com.fasterxml.jackson.databind.json.JsonMapper.builder(json).build().readTree(body);
    if (tree == null || !tree.isObject()) {
      throw HttpError.badRequest(
          "the body must be a JSON object (Dependency-Track VexSubmitRequest)");
    }
    tree.fields()
        .forEachRemaining(
            e -> {
              if (e.getValue().isValueNode() && !e.getValue().isNull()) {
                fields.put(e.getKey(), e.getValue().asText());
              }
            });
    byte[] document = null;
    String vex = fields.remove("vex");
    if (vex != null) {
      try {
        document = java.util.Base64.getMimeDecoder().decode(vex.strip());
      } catch (IllegalArgumentException e) {
        throw HttpError.badRequest("'vex' must be the base64-encoded VEX document");
      }
    }
    return vex(fields, document, key, req);
  }

  private HttpResponse vexForm(HttpRequest req) throws Exception {
    IngestSbomConfig.ApiKey key = ctx.authenticate(req);
    byte[] body = ctx.uploads().body(req, ctx.uploads().config().maxDocumentBytes() + 1024 * 1024);
    Map<String, String> fields = new LinkedHashMap<>();
    byte[][] document = {null};
    form(req, body)
        .forEach(
            (name, part) -> {
              if (name.equals("vex")) {
                document[0] = part.body();
              } else {
                fields.put(name, part.text().strip());
              }
            });
    return vex(fields, document[0], key, req);
  }

  /**
   * Resolves the project as Dependency-Track does (404, 403), then imports the VEX into it (or
   * refuses it when no receiver is wired).
   */
  private HttpResponse vex(
      Map<String, String> fields, byte[] document, IngestSbomConfig.ApiKey key, HttpRequest req)
      throws Exception {
    Optional<ProjectIndex.View> project;
    String uuid = fields.get("project");
    if (uuid != null && !uuid.isBlank()) {
      UUID u = ProjectUuids.parse(uuid.strip());
      if (u == null) {
        throw HttpError.badRequest("'project' must be a valid 36 character UUID");
      }
      project = ctx.projects().get(u);
    } else {
      String name = fields.get("projectName");
      project =
          name == null || name.isBlank()
              ? Optional.empty()
              : ctx.projects().get(name.strip(), fields.get("projectVersion"));
    }
    if (project.isEmpty()) {
      return DependencyTrackProjects.notFound();
    }
    if (key != null && !key.allows(project.get().project().name())) {
      return DependencyTrackProjects.forbidden();
    }
    if (vexReceiver == null) {
      return problem(
          400,
          "VEX is not supported",
          "this instance does not import VEX documents: nothing was recorded for project '"
              + project.get().project().name()
              + "'.");
    }
    if (document == null || document.length == 0) {
      throw HttpError.badRequest("the request carries no VEX document ('vex')");
    }
    document = ctx.uploads().gunzipped(document);
    Map<String, Object> imported =
        vexReceiver.receive(
            document, project.get().project().name(), project.get().project().version(), req);
    Map<String, Object> out = new LinkedHashMap<>();
    // Dependency-Track answers a token to poll; the import is complete when this answers
    out.put("token", UUID.randomUUID().toString());
    out.putAll(imported);
    return HttpResponse.ok(out);
  }

  /** An RFC 9457 problem, as Dependency-Track answers upload errors. */
  static HttpResponse problem(int status, String title, String detail) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("status", status);
    p.put("title", title);
    p.put("detail", detail);
    HttpResponse json = HttpResponse.json(status, p);
    return new HttpResponse(status, "application/problem+json", json.body(), Map.of());
  }

  @Override
  public void close() {
    if (ctx.progress() != null) {
      ctx.progress().close();
    }
  }
}
