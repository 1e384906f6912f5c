package io.vigil.console;

import io.vigil.platform.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Settings of the console (config file section {@code console}). Every field is optional; the
 * default is documented next to it. Who may log in is the {@code http} section's {@code apiKeys}
 * (shared by every service); this section says what each key may do.
 *
 * @param httpPort port of the pages, {@code /metrics} and {@code /health}; default 8085 ({@code 0}:
 *     any free port)
 * @param queryApiUrls base URLs of the correlator's query API, tried in order until one answers
 *     (several instances, or one Service in front of them); default {@code http://127.0.0.1:8083}
 * @param queryApiKey the API key the console presents to the query API; default none
 * @param queryTimeout how long one query may take; default 10 s
 * @param triageApiUrl base URL of ingest-sbom's triage API (decisions, VEX export); default {@code
 *     http://127.0.0.1:8081}
 * @param triageApiKey the console's own API key for the triage API: it needs {@code read}, {@code
 *     triage} and {@code delegate} there (decisions are recorded as "alice (via console)"); default
 *     none (a triage API without keys, on a trusted network)
 * @param sessionSecret signs session cookies (at least 32 characters); every console instance
 *     behind one address needs the same; default a random one per process (sessions end with it)
 * @param sessionTtl how long a login lasts; default 8 h
 * @param secureCookies mark cookies {@code Secure} even over plain HTTP (TLS ends at a proxy in
 *     front); they always are when {@code http.tls} is set; default false
 * @param liveBacklog exposure events the Live page starts with, per partition of the topic at most;
 *     default 200
 */
public record ConsoleConfig(
    Integer httpPort,
    List<String> queryApiUrls,
    Secret queryApiKey,
    Duration queryTimeout,
    String triageApiUrl,
    Secret triageApiKey,
    Secret sessionSecret,
    Duration sessionTtl,
    Boolean secureCookies,
    Integer liveBacklog) {
  public ConsoleConfig {
    httpPort = httpPort == null ? 8085 : httpPort;
    queryApiUrls =
        queryApiUrls == null || queryApiUrls.isEmpty()
            ? List.of("http://127.0.0.1:8083")
            : List.copyOf(queryApiUrls);
    queryTimeout = queryTimeout == null ? Duration.ofSeconds(10) : queryTimeout;
    triageApiUrl = triageApiUrl == null ? "http://127.0.0.1:8081" : triageApiUrl;
    sessionTtl = sessionTtl == null ? Duration.ofHours(8) : sessionTtl;
    secureCookies = secureCookies != null && secureCookies;
    liveBacklog = liveBacklog == null ? 200 : liveBacklog;
    for (String u : queryApiUrls) {
      checkUrl("console.queryApiUrls", u);
    }
    checkUrl("console.triageApiUrl", triageApiUrl);
    if (sessionSecret != null && sessionSecret.reveal().length() < 32) {
      throw new IllegalArgumentException("console.sessionSecret must be at least 32 characters");
    }
    if (sessionTtl.isNegative() || sessionTtl.isZero()) {
      throw new IllegalArgumentException("console.sessionTtl must be positive");
    }
    if (liveBacklog < 0 || liveBacklog > 10_000) {
      throw new IllegalArgumentException("console.liveBacklog must be between 0 and 10000");
    }
  }

  private static void checkUrl(String field, String u) {
    URI uri;
    try {
      uri = URI.create(u);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(field + ": '" + u + "' is not a URL");
    }
    if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())
        || uri.getHost() == null) {
      throw new IllegalArgumentException(
          field + ": '" + u + "' must be an http:// or https:// URL with a host");
    }
  }

  public static ConsoleConfig defaults() {
    return new ConsoleConfig(null, null, null, null, null, null, null, null, null, null);
  }

  public ConsoleConfig withHttpPort(int port) {
    return new ConsoleConfig(
        port,
        queryApiUrls,
        queryApiKey,
        queryTimeout,
        triageApiUrl,
        triageApiKey,
        sessionSecret,
        sessionTtl,
        secureCookies,
        liveBacklog);
  }

  public ConsoleConfig withQueryApi(List<String> urls, Secret key) {
    return new ConsoleConfig(
        httpPort,
        urls,
        key,
        queryTimeout,
        triageApiUrl,
        triageApiKey,
        sessionSecret,
        sessionTtl,
        secureCookies,
        liveBacklog);
  }

  public ConsoleConfig withTriageApi(String url, Secret key) {
    return new ConsoleConfig(
        httpPort,
        queryApiUrls,
        queryApiKey,
        queryTimeout,
        url,
        key,
        sessionSecret,
        sessionTtl,
        secureCookies,
        liveBacklog);
  }
}
