package io.vigil.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.Secret;
import io.vigil.platform.metrics.HealthChecks;
import io.vigil.platform.metrics.Metrics;
import io.vigil.platform.security.TestPki;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HttpServiceSecurityTest {
  private static final String CI_KEY = "ci-key-0123456789abcdef";
  private static final String TEAM_KEY = "team-key-0123456789abcdef";

  private final HttpClient client = HttpClient.newHttpClient();

  private java.net.http.HttpResponse<String> get(HttpClient c, String url, String... headers)
      throws Exception {
    var b = java.net.http.HttpRequest.newBuilder(URI.create(url));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return c.send(b.build(), BodyHandlers.ofString());
  }

  private static HttpService.Builder echoKeyName(HttpSecurity security, Metrics metrics) {
    return HttpService.builder("secured")
        .port(0)
        .metrics(metrics)
        .security(security)
        .route("GET", "/api/v1/whoami", r -> HttpResponse.ok(Map.of("key", r.apiKeyName())));
  }

  @Test
  void shouldRejectApiCallsWithoutAValidKeyAndNameTheKeyThatWasUsed() throws Exception {
    HttpSecurity security =
        new HttpSecurity(
            Map.of("ci", Secret.of(CI_KEY), "security-team", Secret.of(TEAM_KEY)), false, null);
    try (Metrics metrics = new Metrics("secured");
        var svc = echoKeyName(security, metrics).start()) {
      var none = get(client, svc.url() + "/api/v1/whoami");
      var wrong = get(client, svc.url() + "/api/v1/whoami", "X-Api-Key", CI_KEY + "x");
      var header = get(client, svc.url() + "/api/v1/whoami", "X-Api-Key", CI_KEY);
      var bearer = get(client, svc.url() + "/api/v1/whoami", "Authorization", "Bearer " + TEAM_KEY);
      var live = get(client, svc.url() + "/health/live");
      var ready = get(client, svc.url() + "/health/ready");
      var scrape = get(client, svc.url() + "/metrics");

      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.body()).contains("\"error\":\"unauthorized\"").doesNotContain(CI_KEY);
      assertThat(wrong.statusCode()).isEqualTo(401);
      assertThat(header.statusCode()).isEqualTo(200);
      assertThat(header.body()).isEqualTo("{\"key\":\"ci\"}");
      assertThat(bearer.body()).isEqualTo("{\"key\":\"security-team\"}");
      // probes and metrics stay open: orchestrators and Prometheus carry no API key
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(ready.statusCode()).isEqualTo(200);
      assertThat(scrape.statusCode()).isEqualTo(200);
      assertThat(scrape.body())
          .contains("vigil_http_requests_seconds_count{")
          .contains("route=\"/api/v1/whoami\"")
          .contains("status=\"401\"")
          .doesNotContain(CI_KEY)
          .doesNotContain(TEAM_KEY);
    }
  }

  @Test
  void shouldProtectMetricsWhenConfigured() throws Exception {
    HttpSecurity security = new HttpSecurity(Map.of("ci", Secret.of(CI_KEY)), true, null);
    try (Metrics metrics = new Metrics("secured");
        var svc = echoKeyName(security, metrics).start()) {
      assertThat(get(client, svc.url() + "/metrics").statusCode()).isEqualTo(401);
      assertThat(get(client, svc.url() + "/metrics", "X-Api-Key", CI_KEY).statusCode())
          .isEqualTo(200);
      assertThat(get(client, svc.url() + "/health/ready").statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldReportReadinessAndLivenessFromTheRegisteredChecks() throws Exception {
    boolean[] brokerUp = {false};
    try (Metrics metrics = new Metrics("checked");
        var svc = HttpService.builder("checked").port(0).metrics(metrics).start()) {
      metrics
          .readiness()
          .add(
              "kafka",
              () ->
                  brokerUp[0]
                      ? HealthChecks.Result.up("3 brokers")
                      : HealthChecks.Result.down("unreachable: TimeoutException"));
      metrics.liveness().add("streams", () -> HealthChecks.Result.up("RUNNING"));

      var down = get(client, svc.url() + "/health/ready");
      brokerUp[0] = true;
      var up = get(client, svc.url() + "/health/ready");
      var live = get(client, svc.url() + "/health/live");

      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body())
          .contains("\"status\":\"DOWN\"")
          .contains("\"kafka\":\"DOWN (unreachable: TimeoutException)\"");
      assertThat(up.statusCode()).isEqualTo(200);
      assertThat(up.body()).contains("\"kafka\":\"UP (3 brokers)\"");
      assertThat(live.statusCode()).isEqualTo(200);
      assertThat(live.body()).contains("\"streams\":\"UP (RUNNING)\"");
    }
  }

  @Test
  void shouldServeHttpsFromTheConfiguredKeyStoreWhenTlsIsOn(@TempDir Path tmp) throws Exception {
    TestPki pki = new TestPki(tmp.resolve("pki"), "changeit-123");
    Path keyStore = pki.serverKeyStore("vigil-http");
    Path passwordFile = tmp.resolve("password");
    Files.writeString(passwordFile, pki.password() + "\n");
    Path config = tmp.resolve("vigil.yaml");
    Files.writeString(
        config,
        """
        http:
          apiKeys:
            ci: %s
          tls:
            keyStore: %s
            keyStorePassword: ${file:%s}
        """
            .formatted(CI_KEY, keyStore, passwordFile));
    HttpSecurity security = HttpSecurity.fromConfig(ConfigSource.load(config));
    assertThat(security.toString()).doesNotContain(CI_KEY).doesNotContain(pki.password());

    try (Metrics metrics = new Metrics("tls");
        var svc = echoKeyName(security, metrics).start()) {
      HttpClient trusting = HttpClient.newBuilder().sslContext(trusting(pki)).build();

      var resp = get(trusting, svc.url() + "/api/v1/whoami", "X-Api-Key", CI_KEY);

      assertThat(svc.url()).startsWith("https://");
      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.body()).isEqualTo("{\"key\":\"ci\"}");
      // a client that does not trust the CA cannot talk to it, and plain HTTP gets no answer
      assertThatThrownBy(() -> get(client, svc.url() + "/health/live"))
          .hasCauseInstanceOf(SSLHandshakeException.class);
      assertThatThrownBy(
              () -> get(client, svc.url().replace("https://", "http://") + "/health/live"))
          .isInstanceOf(java.io.IOException.class);
    }
  }

  @Test
  void shouldLetAKeyUseOnlyTheRoutesItsRolesAllow() throws Exception {
    String auditorKey = "auditor-key-0123456789abcdef";
    HttpSecurity security =
        new HttpSecurity(
            Map.of(
                "ci", Secret.of(CI_KEY),
                "security-team", Secret.of(TEAM_KEY),
                "auditor", Secret.of(auditorKey)),
            false,
            null,
            null,
            Roles.of(
                Map.of(
                    "security-team",
                    java.util.List.of("read", "triage"),
                    "auditor",
                    java.util.List.of("read"))));
    try (var svc =
        HttpService.builder("roles")
            .port(0)
            .security(security)
            .route("GET", "/api/v1/things", r -> HttpResponse.ok(Map.of("read", true)))
            .route("POST", "/api/v1/things", r -> HttpResponse.ok(Map.of("uploaded", true)))
            .route("PUT", "/api/v1/decisions", Role.TRIAGE, r -> HttpResponse.ok(Map.of("t", 1)))
            .start()) {
      int ciReads = get(client, svc.url() + "/api/v1/things", "X-Api-Key", CI_KEY).statusCode();
      int ciUploads = send(svc.url() + "/api/v1/things", "POST", CI_KEY).statusCode();
      var ciTriages = send(svc.url() + "/api/v1/decisions", "PUT", CI_KEY);
      int teamTriages = send(svc.url() + "/api/v1/decisions", "PUT", TEAM_KEY).statusCode();
      var teamUploads = send(svc.url() + "/api/v1/things", "POST", TEAM_KEY);
      int auditorReads =
          get(client, svc.url() + "/api/v1/things", "X-Api-Key", auditorKey).statusCode();
      int auditorTriages = send(svc.url() + "/api/v1/decisions", "PUT", auditorKey).statusCode();

      // a key not listed keeps what every key could do before roles: read and upload
      assertThat(ciReads).isEqualTo(200);
      assertThat(ciUploads).isEqualTo(200);
      assertThat(ciTriages.statusCode()).isEqualTo(403);
      assertThat(ciTriages.body())
          .contains("\"error\":\"forbidden\"")
          .contains("'ci'")
          .contains("'triage'")
          .doesNotContain(CI_KEY);
      assertThat(teamTriages).isEqualTo(200);
      assertThat(teamUploads.statusCode()).isEqualTo(403);
      assertThat(teamUploads.body()).contains("'upload'");
      assertThat(auditorReads).isEqualTo(200);
      assertThat(auditorTriages).isEqualTo(403);
    }
  }

  @Test
  void shouldCheckNoRoleWhenNoKeyIsConfigured() throws Exception {
    try (var svc =
        HttpService.builder("open")
            .port(0)
            .route("PUT", "/api/v1/decisions", Role.TRIAGE, r -> HttpResponse.ok(Map.of("t", 1)))
            .start()) {
      assertThat(send(svc.url() + "/api/v1/decisions", "PUT", null).statusCode()).isEqualTo(200);
    }
  }

  private java.net.http.HttpResponse<String> send(String url, String method, String key)
      throws Exception {
    var b =
        java.net.http.HttpRequest.newBuilder(URI.create(url))
            .method(method, java.net.http.HttpRequest.BodyPublishers.ofString("{}"));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    return client.send(b.build(), BodyHandlers.ofString());
  }

  @Test
  void shouldRefuseApiKeysThatAreTooShortToBeSecrets() {
    assertThatThrownBy(() -> new HttpSecurity(Map.of("ci", Secret.of("1234")), false, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("http.apiKeys.ci")
        .hasMessageNotContaining("1234");
  }

  private static SSLContext trusting(TestPki pki) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.trustStore())) {
      ts.load(in, pki.password().toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }
}
