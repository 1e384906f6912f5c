package io.vigil.sbom.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisChange;
import io.vigil.core.triage.VulnerabilityIds;
import io.vigil.core.vex.InvalidVexException;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.http.Role;
import io.vigil.platform.triage.AnalysisAvro;
import io.vigil.sbom.Uploads;
import io.vigil.sbom.dt.QueryApiClient;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The triage API (on ingest-sbom's port, beside the upload API):
 *
 * <ul>
 *   <li>{@code PUT /api/v1/analyses} (role {@code triage}): set a decision ({@link TriageJson});
 *   <li>{@code GET /api/v1/analyses?project=&version=&vulnerability=&scope=&history=} (role {@code
 *       read}): the current decisions, with their audit trail when {@code history=true} (then also
 *       the trails of deleted decisions);
 *   <li>{@code DELETE /api/v1/analyses?key=&reason=} (role {@code triage}): delete one;
 *   <li>{@code POST /api/v1/analyses/vex?project=&version=} (role {@code triage}): import a VEX
 *       document (CycloneDX JSON/XML, OpenVEX, CSAF), into a project or, without {@code project},
 *       the whole portfolio; an invalid document is 400 with every problem and nothing is kept;
 *   <li>{@code GET /api/v1/projects/{project}/vex?version=&format=cyclonedx|openvex} (role {@code
 *       read}): the project's VEX (its current exposures from the correlator's query API, with
 *       their decisions).
 * </ul>
 *
 * The author of a decision is the API key's name; a key with the role {@code delegate} may name
 * another ({@code author}), recorded as {@code "alice (via console)"}. Without any key configured
 * (trusted network) the request names its author ({@code author}), else it is {@code anonymous}.
 * When only {@code ingestSbom.apiKeys} (upload keys) are configured, triage is refused: decisions
 * need {@code http.apiKeys} with roles. 503 until the decisions are read from the topics.
 */
public final class TriageApi {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final AnalysisView view;
  private final AnalysisLogReader reader;
  private final AnalysisWriter writer;
  private final HttpSecurity security;
  private final boolean uploadKeysOnly;
  private final QueryApiClient queryApi;
  private final Uploads uploads;
  private final java.util.function.BiFunction<String, String, String> projectId;
  private final Clock clock;

  /**
   * @param uploadKeysOnly true when {@code ingestSbom.apiKeys} are configured and {@code
   *     http.apiKeys} are not (then triage writes are refused)
   * @param projectId the inventory id of (project, version) for the query API
   */
  public TriageApi(
      AnalysisView view,
      AnalysisLogReader reader,
      AnalysisWriter writer,
      HttpSecurity security,
      boolean uploadKeysOnly,
      QueryApiClient queryApi,
      Uploads uploads,
      java.util.function.BiFunction<String, String, String> projectId,
      Clock clock) {
    this.view = view;
    this.reader = reader;
    this.writer = writer;
    this.security = security;
    this.uploadKeysOnly = uploadKeysOnly;
    this.queryApi = queryApi;
    this.uploads = uploads;
    this.projectId = projectId;
    this.clock = clock;
  }

  public void register(HttpService.Builder b) {
    b.route("PUT", "/api/v1/analyses", Role.TRIAGE, this::set)
        .route("GET", "/api/v1/analyses", Role.READ, this::list)
        .route("DELETE", "/api/v1/analyses", Role.TRIAGE, this::delete)
        .route("POST", "/api/v1/analyses/vex", Role.TRIAGE, this::importVex)
        .route("GET", "/api/v1/projects/{project}/vex", Role.READ, this::exportVex);
  }

  // ---- set, list, delete ---------------------------------------------------------------------

  private HttpResponse set(HttpRequest req) throws Exception {
    ready();
    JsonNode body;
    try {
      body = JSON.readTree(req.bodyBytes(1024 * 1024));
    } catch (IOException e) {
      throw HttpError.badRequest("the body is not JSON: " + e.getMessage());
    }
    String requested =
        body != null && body.hasNonNull("author") ? body.get("author").asText() : null;
    String author = author(req, requested);
    Instant now = clock.instant();
    Analysis a;
    try {
      a = AnalysisAvro.onTheWire(TriageJson.decision(body, author, now));
    } catch (TriageJson.InvalidDecisionException e) {
      throw new HttpError(
          400, "invalid_decision", e.getMessage(), Map.of("problems", e.problems()));
    }
    List<AnalysisChange> changes = write(() -> writer.set(List.of(a)));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("changed", !changes.isEmpty());
    out.put("analysis", TriageJson.json(a, now));
    return HttpResponse.ok(out);
  }

  private HttpResponse list(HttpRequest req) {
    ready();
    String project = blankToNull(req.query("project"));
    String version = blankToNull(req.query("version"));
    String vulnerability = blankToNull(req.query("vulnerability"));
    String scope = blankToNull(req.query("scope"));
    String key = blankToNull(req.query("key"));
    boolean history = Uploads.flag(req.query("history"), "history", false);
    Predicate<Analysis> filter =
        a ->
            (key == null || key.equals(a.key()))
                && (project == null || project.equals(a.scope().project()))
                && (version == null || version.equals(a.scope().projectVersion()))
                && (vulnerability == null
                    || VulnerabilityIds.same(vulnerability, a.vulnerabilityId()))
                && (scope == null || a.scope().kind().name().equalsIgnoreCase(scope.strip()));
    Instant now = clock.instant();
    List<Map<String, Object>> items = new ArrayList<>();
    for (Analysis a : view.current(filter)) {
      Map<String, Object> m = TriageJson.json(a, now);
      if (history) {
        m.put("history", view.history(a.key()).stream().map(c -> TriageJson.json(c, now)).toList());
      }
      items.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("items", items);
    if (history) {
      List<Map<String, Object>> deleted = new ArrayList<>();
      for (String k : view.deletedKeys()) {
        List<AnalysisChange> trail = view.history(k);
        if (filter.test(trail.get(trail.size() - 1).analysis())) {
          Map<String, Object> d = new LinkedHashMap<>();
          d.put("key", k);
          d.put("history", trail.stream().map(c -> TriageJson.json(c, now)).toList());
          deleted.add(d);
        }
      }
      out.put("deleted", deleted);
    }
    return HttpResponse.ok(out);
  }

  private HttpResponse delete(HttpRequest req) {
    ready();
    String key = blankToNull(req.query("key"));
    if (key == null) {
      throw HttpError.badRequest(
          "name the decision to delete: key= (as GET /api/v1/analyses lists it)");
    }
    String by = author(req, blankToNull(req.query("author")));
    Instant now = clock.instant();
    return write(() -> writer.delete(key, by, now, blankToNull(req.query("reason"))))
        .map(c -> HttpResponse.ok(TriageJson.json(c, now)))
        .orElseThrow(() -> HttpError.notFound("no current decision with key '" + key + "'"));
  }

  // ---- VEX -----------------------------------------------------------------------------------

  private HttpResponse importVex(HttpRequest req) throws Exception {
    ready();
    String project = Uploads.name(req.query("project"), "project", false);
    String version = Uploads.name(req.query("version"), "version", false);
    if (project == null && version != null) {
      throw HttpError.badRequest("version= needs project=");
    }
    byte[] document = uploads.decoded(uploads.body(req, uploads.config().maxDocumentBytes()), req);
    String author = author(req, blankToNull(req.query("author")));
    return HttpResponse.ok(importDocument(document, project, version, author));
  }

  /**
   * Imports a VEX document into a project (or, with a null project, the portfolio), in one
   * transaction; also the Dependency-Track {@code /api/v1/vex} route's work.
   *
   * @throws HttpError 400 {@code invalid_vex} with every problem (nothing kept)
   */
  public Map<String, Object> importDocument(
      byte[] document, String project, String version, String author) {
    ready();
    VexImports.Imported imported;
    try {
      imported = VexImports.read(document, project, version, author, clock.instant());
    } catch (InvalidVexException e) {
      throw new HttpError(
          400,
          "invalid_vex",
          "the VEX document is invalid (" + e.problems().size() + " problems); nothing was kept",
          Map.of("problems", e.problems()));
    }
    List<AnalysisChange> changes = write(() -> writer.set(imported.result().analyses()));
    return imported.summary(changes.size());
  }

  private HttpResponse exportVex(HttpRequest req) throws Exception {
    ready();
    String project = req.pathParam("project");
    String version = blankToNull(req.query("version"));
    VexExports.Format format;
    try {
      format = VexExports.Format.parse(req.query("format"));
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest(e.getMessage());
    }
    String author = blankToNull(req.query("author"));
    Instant now = clock.instant();
    var exposures =
        VexExports.exposures(
            queryApi.exposures(projectId.apply(project, version)), version, view::get, now);
    byte[] doc;
    try {
      doc =
          VexExports.write(
              format, project, version, author == null ? "Vigil" : author, exposures, now);
    } catch (IllegalArgumentException e) {
      throw HttpError.notFound(
          "project '" + project + "' has nothing to state in OpenVEX: " + e.getMessage());
    }
    return new HttpResponse(200, format.contentType(), doc, Map.of());
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Who decides: the key's name, a delegated principal, or (no keys at all) the named author. */
  public String author(HttpRequest req, String requested) {
    String key = req.apiKeyName();
    if (key != null) {
      if (requested == null || requested.equals(key)) {
        return key;
      }
      security.roles().require(key, Role.DELEGATE);
      return requested + " (via " + key + ")";
    }
    if (uploadKeysOnly) {
      throw new HttpError(
          403,
          "forbidden",
          "triage needs an API key of http.apiKeys with the role 'triage' (http.roles);"
              + " ingestSbom.apiKeys are upload keys");
    }
    return requested != null ? requested : "anonymous";
  }

  /** A write; Kafka failing is 503 (nothing was committed), never a 500. */
  private static <T> T write(java.util.function.Supplier<T> w) {
    try {
      return w.get();
    } catch (org.apache.kafka.common.KafkaException e) {
      throw new HttpError(
          503,
          "unavailable",
          "the decision could not be written to Kafka (nothing was recorded): "
              + e.getClass().getSimpleName()
              + "; retry");
    }
  }

  private void ready() {
    if (!reader.caughtUp()) {
      throw new HttpError(
          503, "unavailable", "the decisions are still being read from the analyses topic; retry");
    }
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.strip();
  }
}
