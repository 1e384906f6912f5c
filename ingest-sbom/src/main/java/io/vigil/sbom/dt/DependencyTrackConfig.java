package io.vigil.sbom.dt;

import io.vigil.platform.config.Secret;
import java.net.URI;
import java.time.Duration;

/**
 * Settings of the Dependency-Track-compatible API (config file section {@code
 * ingestSbom.dependencyTrack}).
 *
 * <pre>
 * ingestSbom:
 *   dependencyTrack:
 *     queryApiUrl: http://correlator:8083      # the correlator's query API: findings, metrics
 *     queryApiKey: ${file:/run/secrets/api-key} # when the correlator needs a key (http.apiKeys)
 *     correlatorApplicationId: vigil-correlator
 *     queryTimeout: 10s
 * </pre>
 *
 * @param queryApiUrl base URL of the correlator's query API (any instance, or a Service in front of
 *     them); ingest-sbom asks it for a project's exposures to answer Dependency-Track's findings
 *     and metrics, and waits for the correlator before a token stops "processing". Default none:
 *     the findings and metrics routes answer 503, and a token stops processing once its component
 *     events are committed
 * @param queryApiKey API key sent to the query API ({@code X-Api-Key}); default none
 * @param correlatorApplicationId the correlator's {@code correlator.applicationId} (its consumer
 *     group, without the topic prefix); default {@code vigil-correlator}
 * @param queryTimeout timeout of one query API request; default 10 s
 */
public record DependencyTrackConfig(
    String queryApiUrl, Secret queryApiKey, String correlatorApplicationId, Duration queryTimeout) {

  public DependencyTrackConfig {
    if (queryApiUrl != null && queryApiUrl.isBlank()) {
      queryApiUrl = null;
    }
    if (queryApiUrl != null) {
      URI u;
      try {
        u = URI.create(queryApiUrl.strip());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "ingestSbom.dependencyTrack.queryApiUrl is not a URL: " + e.getMessage());
      }
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException(
            "ingestSbom.dependencyTrack.queryApiUrl must be an http(s) URL, got '"
                + queryApiUrl
                + "'");
      }
      queryApiUrl = queryApiUrl.strip().replaceAll("/+$", "");
    }
    correlatorApplicationId =
        correlatorApplicationId == null ? "vigil-correlator" : correlatorApplicationId;
    queryTimeout = queryTimeout == null ? Duration.ofSeconds(10) : queryTimeout;
  }

  public static DependencyTrackConfig defaults() {
    return new DependencyTrackConfig(null, null, null, null);
  }

  public boolean queryApiConfigured() {
    return queryApiUrl != null;
  }

  public DependencyTrackConfig withQueryApi(String url, Secret key) {
    return new DependencyTrackConfig(url, key, correlatorApplicationId, queryTimeout);
  }

  public DependencyTrackConfig withCorrelatorApplicationId(String applicationId) {
    return new DependencyTrackConfig(queryApiUrl, queryApiKey, applicationId, queryTimeout);
  }

  @Override
  public String toString() {
    return "DependencyTrackConfig[queryApiUrl="
        + queryApiUrl
        + ", queryApiKey="
        + (queryApiKey == null ? "none" : "set")
        + ", correlatorApplicationId="
        + correlatorApplicationId
        + "]";
  }
}
