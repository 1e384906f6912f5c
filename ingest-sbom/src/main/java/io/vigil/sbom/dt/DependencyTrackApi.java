package io.vigil.sbom.dt;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import io.vigil.sbom.ApiKeys;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.StatusStore;
import io.vigil.sbom.Submissions;
import io.vigil.sbom.Uploads;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The Dependency-Track-compatible API: {@code PUT /api/v1/bom} (JSON, base64 {@code bom}) and
 * {@code POST /api/v1/bom} (multipart), answering {@code {"token"}} once the document is durable;
 * {@code GET /api/v1/bom/token/{token}} and {@code /api/v1/event/token/{token}}: {@code
 * {"processing": bool}}.
 */
public final class DependencyTrackApi {
  private final Uploads uploads;
  private final StatusStore statuses;
  private final JsonFactory json;

  public DependencyTrackApi(Uploads uploads, StatusStore statuses) {
    this.uploads = uploads;
    this.statuses = statuses;
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
        .route("GET", "/api/v1/event/token/{token}", this::processing);
  }

  private long base64Limit() {
    return uploads.config().maxDocumentBytes() / 3 * 4 + 1024 * 1024;
  }

  /** {@code PUT /api/v1/bom}: JSON with {@code projectName}, {@code projectVersion}, base64 bom. */
  private HttpResponse put(HttpRequest req) throws Exception {
    long t0 = System.nanoTime();
    IngestSbomConfig.ApiKey key = uploads.apiKeys().authenticate(req);
    byte[] body = uploads.body(req, base64Limit());
    Map<String, String> fields = new LinkedHashMap<>();
    String bom = null;
    try (JsonParser p = json.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw HttpError.badRequest(
            "the body must be a JSON object (Dependency-Track BomSubmitRequest)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("bom") && value == JsonToken.VALUE_STRING) {
          bom = p.getText();
        } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          fields.put(field, p.getValueAsString());
        } else {
          p.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw HttpError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (bom == null || bom.isBlank()) {
      throw HttpError.badRequest("the field 'bom' (the BOM, base64-encoded) is required");
    }
    byte[] document;
    try {
      document = Base64.getMimeDecoder().decode(bom);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("the field 'bom' is not valid base64: " + e.getMessage());
    }
    return submit(fields, document, null, key, "PUT", t0);
  }

  /** {@code POST /api/v1/bom}: multipart form with {@code projectName}, {@code bom}, ... */
  private HttpResponse post(HttpRequest req) throws Exception {
    long t0 = System.nanoTime();
    IngestSbomConfig.ApiKey key = uploads.apiKeys().authenticate(req);
    byte[] body = uploads.body(req, uploads.config().maxDocumentBytes() + 1024 * 1024);
    Map<String, Multipart.Part> parts;
    try {
      parts = Multipart.parse(req.header("Content-Type"), body);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("not a valid multipart/form-data body: " + e.getMessage());
    }
    Multipart.Part bom = parts.get("bom");
    if (bom == null || bom.body().length == 0) {
      throw HttpError.badRequest("the form field 'bom' (the BOM file) is required");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    parts.forEach(
        (name, part) -> {
          if (!name.equals("bom")) {
            fields.put(name, part.text().strip());
          }
        });
    return submit(fields, bom.body(), bom.contentType(), key, "POST", t0);
  }

  private HttpResponse submit(
      Map<String, String> fields,
      byte[] raw,
      String contentType,
      IngestSbomConfig.ApiKey key,
      String method,
      long t0)
      throws Exception {
    String project = fields.get("projectName");
    if ((project == null || project.isBlank()) && fields.containsKey("project")) {
      throw HttpError.badRequest(
          "Vigil has no project UUIDs: identify the project with 'projectName' (and"
              + " 'projectVersion') instead of 'project'");
    }
    project = Uploads.name(project, "projectName", true);
    String version = Uploads.name(fields.get("projectVersion"), "projectVersion", false);
    ApiKeys.authorize(key, project);
    byte[] document = Submissions.maybeGunzip(raw, uploads.config().maxDocumentBytes());
    Uploads.Published p =
        uploads.publish(
            document,
            project,
            version,
            contentType,
            uploads.config().lenient(),
            "dependency-track",
            key,
            false);
    uploads.record("bom-" + method.toLowerCase(Locale.ROOT), t0, p.processing());
    return HttpResponse.ok(Map.of("token", p.processing().getSubmissionId()));
  }

  private HttpResponse processing(HttpRequest req) {
    IngestSbomConfig.ApiKey key = uploads.apiKeys().authenticate(req);
    SbomStatus s = statuses.lookup(req.pathParam("token"));
    if (s != null) {
      ApiKeys.authorize(key, s.getProject());
    }
    return HttpResponse.ok(
        Map.of("processing", s != null && s.getState() == SbomProcessingState.PROCESSING));
  }
}
