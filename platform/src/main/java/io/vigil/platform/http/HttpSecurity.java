package io.vigil.platform.http;

import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.Secret;
import java.util.Map;

/**
 * Who may call a service's HTTP API, and over what (config file section {@code http}, shared by
 * every service):
 *
 * <pre>
 * http:
 *   apiKeys:                       # name → key; when set, every API route needs one of them
 *     ci: ${env:VIGIL_API_KEY_CI}  # sent as "X-Api-Key: KEY" or "Authorization: Bearer KEY"
 *     security-team: ${file:/run/secrets/vigil-api-key}
 *   protectMetrics: false          # true: /metrics needs a key too (probes never do)
 *   tls:                           # HTTPS instead of HTTP
 *     keyStore: /run/secrets/vigil-http.p12
 *     keyStorePassword: ${file:/run/secrets/vigil-http.p12.password}
 *     keyStoreType: PKCS12         # default PKCS12 (JKS also works)
 * </pre>
 *
 * @param apiKeys key name → key; empty: no authentication (the default, for a trusted network)
 * @param protectMetrics whether {@code /metrics} needs a key; default false ({@code /health/*} is
 *     always open: orchestrator probes carry no credentials)
 * @param tls HTTPS settings; null: plain HTTP
 */
public record HttpSecurity(Map<String, Secret> apiKeys, Boolean protectMetrics, Tls tls) {
  public HttpSecurity {
    apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
    protectMetrics = protectMetrics != null && protectMetrics;
    for (var e : apiKeys.entrySet()) {
      if (e.getValue() == null || e.getValue().reveal().length() < 16) {
        throw new IllegalArgumentException(
            "http.apiKeys." + e.getKey() + " must be at least 16 characters");
      }
    }
  }

  /** TLS of the HTTP server. */
  public record Tls(String keyStore, Secret keyStorePassword, String keyStoreType) {
    public Tls {
      if (keyStore == null || keyStore.isBlank()) {
        throw new IllegalArgumentException("http.tls.keyStore must be set");
      }
      keyStoreType = keyStoreType == null ? "PKCS12" : keyStoreType;
    }
  }

  /** No keys, plain HTTP. */
  public static HttpSecurity none() {
    return new HttpSecurity(Map.of(), false, null);
  }

  /** The config file's {@code http} section. */
  public static HttpSecurity fromConfig(ConfigSource config) {
    return config.bind("http", HttpSecurity.class);
  }

  public boolean requiresKey() {
    return !apiKeys.isEmpty();
  }

  @Override
  public String toString() {
    return "HttpSecurity[apiKeys=" + apiKeys.keySet() + ", tls=" + (tls != null) + "]";
  }
}
