package io.vigil.sbom.dt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.platform.http.HttpError;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a project's open exposures from the correlator's query API ({@code GET
 * /api/v1/projects/{project}/exposures}, every page). Failures become a 503 naming the query API,
 * never its key. Thread-safe.
 */
public final class QueryApiClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PAGE = 1000;
  private static final int MAX_PAGES = 1000;

  private final DependencyTrackConfig config;
  private final HttpClient http;

  public QueryApiClient(DependencyTrackConfig config) {
    this.config = config;
    this.http = HttpClient.newBuilder().connectTimeout(config.queryTimeout()).build();
  }

  /** Every open exposure of the inventory {@code projectId}. */
  public List<JsonNode> exposures(String projectId) throws InterruptedException {
    if (!config.queryApiConfigured()) {
      throw new HttpError(
          503,
          "unavailable",
          "findings, metrics and VEX export need the correlator's query API: set"
              + " ingestSbom.dependencyTrack.queryApiUrl");
    }
    List<JsonNode> out = new ArrayList<>();
    String cursor = null;
    for (int page = 0; page < MAX_PAGES; page++) {
      String url =
          config.queryApiUrl()
              + "/api/v1/projects/"
              + enc(projectId)
              + "/exposures?limit="
              + PAGE
              + (cursor == null ? "" : "&cursor=" + enc(cursor));
      JsonNode body = get(url);
      body.path("items").forEach(out::add);
      JsonNode next = body.path("nextCursor");
      if (next.isMissingNode() || next.isNull() || next.asText().isEmpty()) {
        return out;
      }
      cursor = next.asText();
    }
    throw new HttpError(
        503, "unavailable", "the query API kept returning pages for '" + projectId + "'");
  }

  private JsonNode get(String url) throws InterruptedException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .timeout(config.queryTimeout())
            .header("Accept", "application/json")
            .GET();
    if (config.queryApiKey() != null) {
      b.header("X-Api-Key", config.queryApiKey().reveal());
    }
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (IOException e) {
      throw unavailable("did not answer (" + e.getClass().getSimpleName() + ")");
    }
    if (r.statusCode() != 200) {
      throw unavailable("answered HTTP " + r.statusCode());
    }
    try {
      return JSON.readTree(r.body());
    } catch (IOException e) {
      throw unavailable("answered something that is not JSON");
    }
  }

  private HttpError unavailable(String what) {
    return new HttpError(
        503,
        "unavailable",
        "the correlator's query API at " + config.queryApiUrl() + " " + what + "; retry shortly");
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
