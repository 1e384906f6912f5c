package io.vigil.platform.http;

import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.Secret;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Who may call a service's HTTP API, and over what (config file section {@code http}, shared by
 * every service):
 *
 * <pre>
 * http:
 *   apiKeys:                       # name → key; when set, every API route needs one of them
 *     ci: ${env:VIGIL_API_KEY_CI}  # sent as "X-Api-Key: KEY" or "Authorization: Bearer KEY"
 *     security-team: ${file:/run/secrets/vigil-api-key}
 *   internalKey: ${file:/run/secrets/vigil-internal-key}   # what instances present to each other
 *   roles:                         # key name → roles; a key not listed: [read, upload]
 *     security-team: [read, triage]
 *   protectMetrics: false          # true: /metrics needs a key too (probes never do)
 *   tls:                           # HTTPS instead of HTTP
 *     keyStore: /run/secrets/vigil-http.p12
 *     keyStorePassword: ${file:/run/secrets/vigil-http.p12.password}
 *     keyStoreType: PKCS12         # default PKCS12 (JKS also works)
 *     trustStore: /run/secrets/vigil-http-ca.p12   # whom instances trust when calling each other
 *     trustStorePassword: ${file:/run/secrets/vigil-http-ca.p12.password}
 * </pre>
 *
 * @param apiKeys key name → key; empty: no authentication (the default, for a trusted network)
 * @param protectMetrics whether {@code /metrics} needs a key; default false ({@code /health/*} is
 *     always open: orchestrator probes carry no credentials)
 * @param tls HTTPS settings; null: plain HTTP
 * @param internalKey the key the instances of a service present to each other ({@link PeerClient});
 *     accepted on {@code /internal/...} routes only, under the name {@value #INTERNAL_KEY_NAME};
 *     null: instances present the first of {@code apiKeys} by name
 * @param roles what each key may do ({@link Roles}: read, upload, triage, delegate, admin); a key
 *     not listed reads and uploads, as every key did before roles existed; default none listed
 */
public record HttpSecurity(
    Map<String, Secret> apiKeys, Boolean protectMetrics, Tls tls, Secret internalKey, Roles roles) {
  /** The name handlers see ({@link HttpRequest#apiKeyName()}) for a call with the internal key. */
  public static final String INTERNAL_KEY_NAME = "internal";

  /** Routes under this prefix are instance-to-instance calls. */
  public static final String INTERNAL_ROUTES = "/internal/";

  public HttpSecurity {
    apiKeys = apiKeys == null ? Map.of() : Map.copyOf(apiKeys);
    protectMetrics = protectMetrics != null && protectMetrics;
    roles = roles == null ? Roles.none() : roles;
    for (var e : apiKeys.entrySet()) {
      if (e.getValue() == null || e.getValue().reveal().length() < 16) {
        throw new IllegalArgumentException(
            "http.apiKeys." + e.getKey() + " must be at least 16 characters");
      }
    }
    if (apiKeys.containsKey(INTERNAL_KEY_NAME)) {
      throw new IllegalArgumentException(
          "http.apiKeys." + INTERNAL_KEY_NAME + ": the name is reserved; use http.internalKey");
    }
    if (internalKey != null && internalKey.reveal().length() < 16) {
      throw new IllegalArgumentException("http.internalKey must be at least 16 characters");
    }
  }

  /** Keys, metrics protection, TLS and the internal key; every key has the default roles. */
  public HttpSecurity(
      Map<String, Secret> apiKeys, Boolean protectMetrics, Tls tls, Secret internalKey) {
    this(apiKeys, protectMetrics, tls, internalKey, null);
  }

  /** Keys, metrics protection and TLS; instances present the first API key to each other. */
  public HttpSecurity(Map<String, Secret> apiKeys, Boolean protectMetrics, Tls tls) {
    this(apiKeys, protectMetrics, tls, null, null);
  }

  /** The same security with these roles. */
  public HttpSecurity withRoles(Roles r) {
    return new HttpSecurity(apiKeys, protectMetrics, tls, internalKey, r);
  }

  /**
   * TLS of the HTTP server, and whom its instances trust when they call each other over HTTPS.
   *
   * @param keyStore the server's key and certificate chain (PKCS12 or JKS file); required
   * @param keyStorePassword password of the key store and of its key
   * @param keyStoreType default {@code PKCS12}
   * @param trustStore the certificates (CA) an instance trusts when it calls another instance;
   *     null: the JVM's default trust store. The other instances' certificates must name the host
   *     they advertise (e.g. {@code *.vigil-correlator-headless.vigil.svc})
   * @param trustStorePassword password of the trust store (null: none)
   * @param trustStoreType default {@code PKCS12}
   */
  public record Tls(
      String keyStore,
      Secret keyStorePassword,
      String keyStoreType,
      String trustStore,
      Secret trustStorePassword,
      String trustStoreType) {
    public Tls {
      if (keyStore == null || keyStore.isBlank()) {
        throw new IllegalArgumentException("http.tls.keyStore must be set");
      }
      keyStoreType = keyStoreType == null ? "PKCS12" : keyStoreType;
      trustStore = trustStore == null || trustStore.isBlank() ? null : trustStore;
      trustStoreType = trustStoreType == null ? "PKCS12" : trustStoreType;
    }

    /** A key store only; instances trust the JVM's default trust store. */
    public Tls(String keyStore, Secret keyStorePassword, String keyStoreType) {
      this(keyStore, keyStorePassword, keyStoreType, null, null, null);
    }
  }

  /** No keys, plain HTTP. */
  public static HttpSecurity none() {
    return new HttpSecurity(Map.of(), false, null, null, null);
  }

  /** The config file's {@code http} section. */
  public static HttpSecurity fromConfig(ConfigSource config) {
    return config.bind("http", HttpSecurity.class);
  }

  public boolean requiresKey() {
    return !apiKeys.isEmpty();
  }

  /** Whether {@code /internal/...} routes need a key (the internal one or an API key). */
  public boolean internalRoutesRequireKey() {
    return requiresKey() || internalKey != null;
  }

  /**
   * The credential instances present to each other: {@code internalKey}, else the first of {@code
   * apiKeys} by name; empty when the service needs no key.
   */
  public Optional<Secret> peerKey() {
    if (internalKey != null) {
      return Optional.of(internalKey);
    }
    return new TreeMap<>(apiKeys).values().stream().findFirst();
  }

  @Override
  public String toString() {
    return "HttpSecurity[apiKeys="
        + apiKeys.keySet()
        + ", internalKey="
        + (internalKey != null)
        + ", roles="
        + roles.listed()
        + ", tls="
        + (tls != null)
        + "]";
  }
}
