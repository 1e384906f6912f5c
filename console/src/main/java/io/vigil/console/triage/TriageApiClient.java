package io.vigil.console.triage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.console.query.QueryApiClient;
import io.vigil.console.query.QueryApiClient.Unavailable;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.PeerClient;
import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The console's client of ingest-sbom's triage API ({@code ingest-sbom/README.md}, "Triage"): it
 * reads the current decisions a page needs, records one in the name of the logged-in user (the
 * console's own key has the role {@code delegate}: the decision reads "alice (via console)") and
 * fetches a project's VEX. The console's key is sent in {@code X-Api-Key} and never shown.
 */
public final class TriageApiClient {
  /** The triage API refused a decision (400 with its problems, 403): said on the page. */
  public static final class Refused extends RuntimeException {
    private final int status;

    public Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  /** A VEX document: its media type and bytes. */
  public record Document(String contentType, byte[] body) {}

  private final String baseUrl;
  private final PeerClient client;
  private final Duration timeout;

  /**
   * @param client presents {@code console.triageApiKey} (none: the triage API is on a trusted
   *     network without keys, and records the author the console names)
   */
  public TriageApiClient(String baseUrl, PeerClient client, Duration timeout) {
    this.baseUrl = baseUrl.replaceAll("/+$", "");
    this.client = client;
    this.timeout = timeout;
  }

  /**
   * The current decisions the given queries select ({@code GET /api/v1/analyses?<query>} for each,
   * see {@link DecisionQueries}), each once.
   *
   * @throws Unavailable when the triage API cannot answer (the page then says so)
   */
  public List<JsonNode> decisions(List<String> queries) {
    Map<String, JsonNode> out = new LinkedHashMap<>();
    for (String q : queries) {
      JsonNode body = call("GET", "/api/v1/analyses?" + q, null, "application/json").json();
      body.path("items").forEach(i -> out.putIfAbsent(i.path("key").asText(i.toString()), i));
    }
    return new ArrayList<>(out.values());
  }

  /**
   * Every project's last accepted SBOM and its coverage (ingest-sbom's {@code GET
   * /api/v1/coverage}, the same service as the triage API), for the Portfolio's stale-SBOM panel.
   *
   * @throws Unavailable when ingest-sbom cannot answer (the panel then says so)
   */
  public JsonNode coverage() {
    PeerClient.Response r = call("GET", "/api/v1/coverage", null, "application/json");
    if (r.status() != 200) {
      throw new Unavailable(
          "ingest-sbom's coverage: " + r.json().path("message").asText("HTTP " + r.status()));
    }
    return r.json();
  }

  /**
   * Records a decision ({@code PUT /api/v1/analyses}) in the name of {@code author}.
   *
   * @return the triage API's answer ({@code changed}, {@code analysis})
   * @throws Refused when the triage API refuses it (its message and problems)
   * @throws Unavailable when it cannot be reached (nothing was recorded)
   */
  public JsonNode record(ObjectNode decision, String author) {
    ObjectNode body = decision.deepCopy();
    body.put("author", author);
    byte[] json;
    try {
      json = HttpResponse.mapper().writeValueAsBytes(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    PeerClient.Response r = call("PUT", "/api/v1/analyses", json, "application/json");
    JsonNode answer = r.json();
    if (r.status() == 200) {
      return answer;
    }
    String message = answer.path("message").asText("HTTP " + r.status());
    List<String> problems = new ArrayList<>();
    answer.path("details").path("problems").forEach(p -> problems.add(p.asText()));
    answer.path("problems").forEach(p -> problems.add(p.asText()));
    throw new Refused(
        r.status(),
        problems.isEmpty() || message.contains(problems.get(0))
            ? message
            : message + ": " + String.join("; ", problems));
  }

  /**
   * A project's VEX ({@code GET /api/v1/projects/{project}/vex}).
   *
   * @param format {@code cyclonedx} or {@code openvex}
   * @throws Refused 404 (nothing to state) and other refusals
   */
  public Document vex(String project, String version, String format) {
    String path =
        "/api/v1/projects/"
            + QueryApiClient.enc(project)
            + "/vex?format="
            + QueryApiClient.enc(format)
            + (version == null ? "" : "&version=" + QueryApiClient.enc(version));
    PeerClient.Response r = call("GET", path, null, "*/*");
    if (r.status() == 200) {
      return new Document(
          format.equals("openvex") ? "application/json" : "application/vnd.cyclonedx+json",
          r.body());
    }
    throw new Refused(r.status(), r.json().path("message").asText("HTTP " + r.status()));
  }

  private PeerClient.Response call(String method, String path, byte[] json, String accept) {
    PeerClient.Response r;
    try {
      r = client.send(method, URI.create(baseUrl + path), json, accept, timeout);
    } catch (IOException e) {
      throw new Unavailable("the triage API: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new Unavailable("interrupted while asking the triage API");
    }
    if (r.status() == 401 || r.status() == 403 && "GET".equals(method)) {
      throw new Unavailable(
          baseUrl
              + " refused the console's key (HTTP "
              + r.status()
              + "): console.triageApiKey needs the roles read, triage and delegate (http.roles)");
    }
    if (r.status() == 503 || r.status() >= 500) {
      throw new Unavailable(
          "the triage API: " + r.json().path("message").asText("HTTP " + r.status()));
    }
    return r;
  }
}
