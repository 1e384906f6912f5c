package io.vigil.sbom;

import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Vigil's own SBOM API:
 *
 * <ul>
 *   <li>{@code POST /api/v1/sbom?project=&version=[&lenient=][&wait=]}: raw document (JSON, XML,
 *       YAML or tag-value; gzip with {@code Content-Encoding: gzip}); validated at once (400 with
 *       every violation), published to the submissions topic, and by default answered 202 once its
 *       component events are committed (or after {@code uploadWait}, with state PROCESSING);
 *   <li>{@code GET /api/v1/sbom/{token}}: the processing state, from the global status store (any
 *       instance answers for any token);
 *   <li>{@code GET /api/openapi.json}.
 * </ul>
 */
final class SbomApi {
  private final Uploads uploads;
  private final StatusStore statuses;

  SbomApi(Uploads uploads, StatusStore statuses) {
    this.uploads = uploads;
    this.statuses = statuses;
  }

  void register(HttpService.Builder b) {
    b.route("POST", "/api/v1/sbom", this::uploadSbom)
        .route("GET", "/api/v1/sbom/{token}", this::status)
        .route("GET", "/api/openapi.json", r -> openApi());
  }

  private HttpResponse uploadSbom(HttpRequest req) throws Exception {
    long t0 = System.nanoTime();
    IngestSbomConfig.ApiKey key = uploads.apiKeys().authenticate(req);
    String project = Uploads.name(req.query("project"), "project", true);
    String version = Uploads.name(req.query("version"), "version", false);
    ApiKeys.authorize(key, project);
    boolean lenient = Uploads.flag(req.query("lenient"), "lenient", uploads.config().lenient());
    boolean wait = Uploads.flag(req.query("wait"), "wait", true);
    byte[] document = uploads.decoded(uploads.body(req, uploads.config().maxDocumentBytes()), req);
    Uploads.Published p =
        uploads.publish(
            document, project, version, req.header("Content-Type"), lenient, "http", key, wait);
    SbomStatus status = p.processing();
    if (wait) {
      status = uploads.await(p);
    }
    uploads.record("sbom", t0, status);
    if (status.getState() == SbomProcessingState.REJECTED) {
      throw Uploads.rejection(status);
    }
    return HttpResponse.json(202, uploadResponse(status));
  }

  private static Map<String, Object> uploadResponse(SbomStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", s.getSubmissionId());
    out.put("project", s.getProject());
    out.put("version", s.getProjectVersion());
    out.put("components", s.getComponents());
    out.put("componentsWithoutPurl", s.getComponentsWithoutPurl());
    out.put("state", s.getState().name());
    if (s.getState() == SbomProcessingState.COMPLETED) {
      out.put("added", s.getAdded());
      out.put("removed", s.getRemoved());
      out.put("unchanged", s.getUnchanged());
      out.put("initialInventory", s.getInitialInventory());
    }
    out.put("format", s.getFormat());
    out.put("specVersion", s.getSpecVersion());
    out.put("warnings", s.getWarnings());
    return out;
  }

  private HttpResponse status(HttpRequest req) {
    IngestSbomConfig.ApiKey key = uploads.apiKeys().authenticate(req);
    String token = req.pathParam("token");
    SbomStatus s = statuses.lookup(token);
    if (s == null) {
      throw HttpError.notFound(
          "no submission '" + token + "' (unknown, or deleted from the history)");
    }
    ApiKeys.authorize(key, s.getProject());
    return HttpResponse.ok(StatusStore.json(s));
  }

  private HttpResponse openApi() throws IOException {
    try (InputStream in = SbomApi.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the ingest-sbom jar");
      }
      return new HttpResponse(200, "application/json", in.readAllBytes(), Map.of());
    }
  }
}
