package io.vigil.platform.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.platform.config.Secret;
import io.vigil.platform.security.TestPki;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PeerClientTest {
  private static final String CI_KEY = "ci-key-0123456789abcdef";
  private static final String TEAM_KEY = "team-key-0123456789abcdef";
  private static final String INTERNAL_KEY = "internal-key-0123456789abcdef";
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private static HttpService start(HttpSecurity security) {
    return HttpService.builder("peers")
        .port(0)
        .security(security)
        .route(
            "GET",
            "/api/v1/whoami",
            r -> HttpResponse.ok(Map.of("key", String.valueOf(r.apiKeyName()))))
        .route(
            "GET",
            "/internal/v1/whoami",
            r -> HttpResponse.ok(Map.of("key", String.valueOf(r.apiKeyName()))))
        .start();
  }

  @Test
  void shouldCallAnotherInstanceOverHttpsWithTheInternalKeyThatOnlyInternalRoutesAccept(
      @TempDir Path tmp) throws Exception {
    TestPki pki = new TestPki(tmp, "changeit-123");
    HttpSecurity.Tls tls =
        new HttpSecurity.Tls(
            pki.serverKeyStore("correlator").toString(),
            Secret.of(pki.password()),
            null,
            pki.trustStore().toString(),
            Secret.of(pki.password()),
            null);
    HttpSecurity security =
        new HttpSecurity(Map.of("ci", Secret.of(CI_KEY)), false, tls, Secret.of(INTERNAL_KEY));
    try (HttpService svc = start(security)) {
      PeerClient peers = PeerClient.of(security);

      PeerClient.Response internal =
          peers.get("127.0.0.1", svc.port(), "/internal/v1/whoami", TIMEOUT);
      PeerClient.Response publicRoute =
          peers.get("127.0.0.1", svc.port(), "/api/v1/whoami", TIMEOUT);

      assertThat(peers.scheme()).isEqualTo("https");
      assertThat(peers.uri("127.0.0.1", 8083, "/x?y=1"))
          .isEqualTo(URI.create("https://127.0.0.1:8083/x?y=1"));
      assertThat(internal.status()).isEqualTo(200);
      assertThat(internal.json().path("key").asText()).isEqualTo("internal");
      // the internal key is not an API key: a leaked peer credential opens no public route
      assertThat(publicRoute.status()).isEqualTo(401);
    }
  }

  @Test
  void shouldPresentTheFirstApiKeyByNameWhenNoInternalKeyIsConfigured() throws Exception {
    HttpSecurity security =
        new HttpSecurity(
            Map.of("security-team", Secret.of(TEAM_KEY), "ci", Secret.of(CI_KEY)), false, null);
    try (HttpService svc = start(security)) {
      PeerClient peers = PeerClient.of(security);
      PeerClient anonymous = PeerClient.of(HttpSecurity.none());

      PeerClient.Response withKey =
          peers.get("127.0.0.1", svc.port(), "/internal/v1/whoami", TIMEOUT);
      PeerClient.Response withoutKey =
          anonymous.get("127.0.0.1", svc.port(), "/internal/v1/whoami", TIMEOUT);

      assertThat(peers.scheme()).isEqualTo("http");
      assertThat(withKey.status()).isEqualTo(200);
      assertThat(withKey.json().path("key").asText()).isEqualTo("ci");
      assertThat(withoutKey.status()).isEqualTo(401);
    }
  }

  @Test
  void shouldRequireTheInternalKeyOnInternalRoutesEvenWithoutApiKeys() throws Exception {
    HttpSecurity security = new HttpSecurity(Map.of(), false, null, Secret.of(INTERNAL_KEY));
    try (HttpService svc = start(security)) {
      PeerClient.Response anonymousInternal =
          PeerClient.of(HttpSecurity.none())
              .get("127.0.0.1", svc.port(), "/internal/v1/whoami", TIMEOUT);
      PeerClient.Response peerInternal =
          PeerClient.of(security).get("127.0.0.1", svc.port(), "/internal/v1/whoami", TIMEOUT);
      PeerClient.Response anonymousPublic =
          PeerClient.of(HttpSecurity.none())
              .get("127.0.0.1", svc.port(), "/api/v1/whoami", TIMEOUT);

      assertThat(anonymousInternal.status()).isEqualTo(401);
      assertThat(peerInternal.status()).isEqualTo(200);
      assertThat(anonymousPublic.status()).isEqualTo(200);
    }
  }

  @Test
  void shouldRefuseAnInstanceWhoseCertificateIsNotTrustedAndNameItWithoutTheKey(@TempDir Path tmp)
      throws Exception {
    TestPki pki = new TestPki(tmp, "changeit-123");
    HttpSecurity server =
        new HttpSecurity(
            Map.of("ci", Secret.of(CI_KEY)),
            false,
            new HttpSecurity.Tls(
                pki.serverKeyStore("correlator").toString(), Secret.of(pki.password()), null));
    try (HttpService svc = start(server)) {
      // no trust store configured: the JVM's default trust store does not know the test CA
      PeerClient peers = PeerClient.of(server);

      assertThatThrownBy(() -> peers.get("127.0.0.1", svc.port(), "/internal/v1/whoami", TIMEOUT))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("https://127.0.0.1:" + svc.port())
          .hasMessageNotContaining(CI_KEY);
    }
  }

  @Test
  void shouldRefuseAnInternalKeyThatIsTooShortOrAnApiKeyNamedInternal() {
    assertThatThrownBy(() -> new HttpSecurity(Map.of(), false, null, Secret.of("short")))
        .hasMessageContaining("http.internalKey")
        .hasMessageNotContaining("short");
    assertThatThrownBy(
            () -> new HttpSecurity(Map.of("internal", Secret.of(CI_KEY)), false, null, null))
        .hasMessageContaining("http.apiKeys.internal")
        .hasMessageContaining("http.internalKey");
  }
}
