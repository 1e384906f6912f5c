package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.advisories.http.FeedHttp;
import io.vigil.platform.config.Secret;
import io.vigil.testkit.http.StubHttpServer;
import io.vigil.testkit.http.StubHttpServer.Response;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class FeedHttpTest {
  private final List<Duration> sleeps = new ArrayList<>();

  private FeedHttp http(Duration requestTimeout) {
    IngestAdvisoriesConfig cfg =
        IngestAdvisoriesConfig.defaults()
            .withHttp(Duration.ofSeconds(2), requestTimeout, 3, Duration.ofMillis(10));
    return new FeedHttp(cfg, sleeps::add);
  }

  @Test
  void shouldRetryA503AndReturnTheBodyWhenTheServerRecovers() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (StubHttpServer server =
        new StubHttpServer(
            r ->
                calls.incrementAndGet() == 1
                    ? Response.text(503, "busy")
                    : Response.text(200, "ok"))) {
      byte[] body = http(Duration.ofSeconds(5)).getBytes(URI.create(server.url() + "/x"), Map.of());

      assertThat(new String(body)).isEqualTo("ok");
      assertThat(server.requests()).hasSize(2);
      assertThat(sleeps).containsExactly(Duration.ofMillis(10));
    }
  }

  @Test
  void shouldRetryATimeoutAndReturnTheBodyWhenTheNextAnswerIsFast() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (StubHttpServer server =
        new StubHttpServer(
            r ->
                calls.incrementAndGet() == 1
                    ? Response.text(200, "late").delayed(1500)
                    : Response.text(200, "fast"))) {
      byte[] body =
          http(Duration.ofMillis(300)).getBytes(URI.create(server.url() + "/x"), Map.of());

      assertThat(new String(body)).isEqualTo("fast");
      assertThat(server.requests()).hasSize(2);
    }
  }

  @Test
  void shouldHonourRetryAfterAndSendSecretHeaders() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    try (StubHttpServer server =
        new StubHttpServer(
            r ->
                calls.incrementAndGet() == 1
                    ? Response.text(429, "slow down").withHeader("Retry-After", "2")
                    : Response.text(200, "ok"))) {
      http(Duration.ofSeconds(5))
          .getBytes(URI.create(server.url() + "/x"), Map.of("apiKey", Secret.of("k-123")));

      assertThat(sleeps).containsExactly(Duration.ofSeconds(2));
      assertThat(server.requests().get(1).header("apiKey")).isEqualTo("k-123");
    }
  }

  @Test
  void shouldGiveUpWithTheStatusAfterTheLastRetry() {
    try (StubHttpServer server = new StubHttpServer(r -> Response.text(500, "down"))) {
      assertThatThrownBy(
              () -> http(Duration.ofSeconds(5)).getBytes(URI.create(server.url() + "/x"), Map.of()))
          .isInstanceOf(FeedHttp.FeedHttpException.class)
          .hasMessageContaining("after 4 attempts")
          .hasMessageContaining("HTTP 500");
      assertThat(server.requests()).hasSize(4);
    }
  }

  @Test
  void shouldNotRetryA404AndReportAbsenceForOptionalFiles() throws Exception {
    try (StubHttpServer server = new StubHttpServer(r -> Response.text(404, "no"))) {
      assertThat(http(Duration.ofSeconds(5)).getIfExists(URI.create(server.url() + "/x")))
          .isEmpty();
      assertThatThrownBy(
              () -> http(Duration.ofSeconds(5)).getBytes(URI.create(server.url() + "/x"), Map.of()))
          .isInstanceOf(FeedHttp.FeedHttpException.class)
          .hasMessageContaining("HTTP 404");
      assertThat(server.requests()).hasSize(2);
    }
  }
}
