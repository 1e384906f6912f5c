package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.advisories.http.FeedHttp;
import io.vigil.advisories.limits.FeedLimitException;
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

  private FeedHttp limited(int maxResponseBytes, long maxFeedBytes) {
    IngestAdvisoriesConfig cfg =
        IngestAdvisoriesConfig.defaults()
            .withHttp(Duration.ofSeconds(2), Duration.ofSeconds(5), 3, Duration.ofMillis(10))
            .withReadLimits(4_000_000, maxResponseBytes, maxFeedBytes);
    return new FeedHttp(cfg, sleeps::add);
  }

  /** A server that streams {@code bytes} bytes with no Content-Length (chunked). */
  private static com.sun.net.httpserver.HttpServer chunked(long bytes, AtomicInteger calls)
      throws java.io.IOException {
    var server =
        com.sun.net.httpserver.HttpServer.create(new java.net.InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        ex -> {
          calls.incrementAndGet();
          ex.sendResponseHeaders(200, 0);
          byte[] chunk = new byte[64 * 1024];
          try (var out = ex.getResponseBody()) {
            for (long left = bytes; left > 0; left -= chunk.length) {
              out.write(chunk, 0, (int) Math.min(left, chunk.length));
            }
          } catch (java.io.IOException closedByTheClient) {
            // the client stopped reading at its limit
          }
        });
    server.start();
    return server;
  }

  @Test
  void shouldRefuseABodyAboveTheLimitWhenContentLengthDeclaresItWithoutRetrying() {
    try (StubHttpServer server =
        new StubHttpServer(r -> Response.text(200, "x".repeat(2_000_000)))) {
      assertThatThrownBy(
              () ->
                  limited(1_000_000, 16_000_000)
                      .getBytes(URI.create(server.url() + "/kev.json"), Map.of()))
          .isInstanceOf(FeedLimitException.class)
          .hasMessageContaining("/kev.json")
          .hasMessageContaining("2,000,000 bytes (Content-Length)")
          .hasMessageContaining("ingestAdvisories.maxResponseBytes");
      assertThat(server.requests()).hasSize(1);
      assertThat(sleeps).isEmpty();
    }
  }

  @Test
  void shouldStopReadingABodyThatGoesBeyondTheLimitWithoutDeclaringIt() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    var server = chunked(50_000_000, calls);
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/page";

      assertThatThrownBy(() -> limited(1_000_000, 16_000_000).getBytes(URI.create(url), Map.of()))
          .isInstanceOf(FeedLimitException.class)
          .hasMessageContaining("more than 1,000,000 bytes");
      assertThat(calls).hasValue(1);
    } finally {
      server.stop(0);
    }
  }

  @Test
  void shouldStopADownloadAtTheFeedBudgetAndDeleteThePartialFile() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    var server = chunked(50_000_000, calls);
    java.nio.file.Path tmpDir = java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
    java.util.Set<java.nio.file.Path> before = feedFiles(tmpDir);
    try {
      String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/all.zip";

      assertThatThrownBy(() -> limited(1_000_000, 5_000_000).download(URI.create(url), false))
          .isInstanceOf(FeedLimitException.class)
          .hasMessageContaining("/all.zip")
          .hasMessageContaining("more than 5,000,000 bytes")
          .hasMessageContaining("ingestAdvisories.maxFeedBytes");
      assertThat(calls).hasValue(1);
      assertThat(feedFiles(tmpDir)).isEqualTo(before);
    } finally {
      server.stop(0);
    }
  }

  private static java.util.Set<java.nio.file.Path> feedFiles(java.nio.file.Path dir)
      throws java.io.IOException {
    try (var s = java.nio.file.Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().startsWith("vigil-feed-"))
          .collect(java.util.stream.Collectors.toSet());
    }
  }
}
