package io.vigil.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.platform.metrics.Health;
import io.vigil.platform.metrics.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.Map;
import org.junit.jupiter.api.Test;

class HttpServiceTest {
  private final HttpClient client = HttpClient.newHttpClient();

  private java.net.http.HttpResponse<String> get(String url) throws Exception {
    return client.send(
        java.net.http.HttpRequest.newBuilder(URI.create(url)).build(), BodyHandlers.ofString());
  }

  @Test
  void shouldRouteWithDecodedPathParametersAndAnswerJson() throws Exception {
    try (var svc =
        HttpService.builder("test")
            .port(0)
            .route(
                "GET",
                "/api/v1/packages/{purl}/projects",
                r ->
                    HttpResponse.ok(
                        Map.of("purl", r.pathParam("purl"), "page", r.query("page", "1"))))
            .start()) {
      var resp =
          get(
              svc.url()
                  + "/api/v1/packages/pkg%3Amaven%2Forg.apache%2Flog4j%402.14.1/projects?page=2");

      assertThat(resp.statusCode()).isEqualTo(200);
      assertThat(resp.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(resp.body())
          .contains("\"purl\":\"pkg:maven/org.apache/log4j@2.14.1\"")
          .contains("\"page\":\"2\"");
    }
  }

  @Test
  void shouldAnswerErrorsAsJsonWithTheirStatus() throws Exception {
    try (var svc =
        HttpService.builder("test")
            .port(0)
            .route(
                "POST",
                "/x",
                r -> {
                  throw HttpError.badRequest("field 'project' is required");
                })
            .route(
                "GET",
                "/boom",
                r -> {
                  throw new IllegalStateException("secret internals");
                })
            .start()) {
      var bad =
          client.send(
              java.net.http.HttpRequest.newBuilder(URI.create(svc.url() + "/x"))
                  .POST(BodyPublishers.noBody())
                  .build(),
              BodyHandlers.ofString());
      var wrongMethod = get(svc.url() + "/x");
      var missing = get(svc.url() + "/nowhere");
      var boom = get(svc.url() + "/boom");

      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body())
          .contains("\"error\":\"bad_request\"")
          .contains("field 'project' is required");
      assertThat(wrongMethod.statusCode()).isEqualTo(405);
      assertThat(missing.statusCode()).isEqualTo(404);
      assertThat(boom.statusCode()).isEqualTo(500);
      assertThat(boom.body()).doesNotContain("secret internals");
    }
  }

  @Test
  void shouldServeHealthAndPrometheusMetrics() throws Exception {
    try (Metrics metrics = new Metrics("test");
        var svc =
            HttpService.builder("test")
                .port(0)
                .metrics(metrics)
                .readiness(
                    () -> Health.of(Map.of("streams", false), Map.of("streams", "REBALANCING")))
                .start()) {
      metrics.registry().counter("vigil_things_total").increment();

      assertThat(get(svc.url() + "/health/live").statusCode()).isEqualTo(200);
      var ready = get(svc.url() + "/health/ready");
      assertThat(ready.statusCode()).isEqualTo(503);
      assertThat(ready.body()).contains("DOWN (REBALANCING)");
      var scrape = get(svc.url() + "/metrics");
      assertThat(scrape.body())
          .contains("vigil_things_total{service=\"test\"} 1.0")
          .contains("jvm_memory_used_bytes");
    }
  }

  @Test
  void shouldStreamABodyChunkByChunkUntilTheStreamReturns() throws Exception {
    java.util.concurrent.CountDownLatch firstRead = new java.util.concurrent.CountDownLatch(1);
    try (var svc =
        HttpService.builder("test")
            .port(0)
            .route(
                "GET",
                "/events",
                r ->
                    HttpResponse.stream(
                            200,
                            "text/event-stream",
                            out -> {
                              out.write("data: one\n\n".getBytes());
                              out.flush();
                              // the second chunk is written only once the client has the first
                              firstRead.await();
                              out.write("data: two\n\n".getBytes());
                            })
                        .withHeader("Cache-Control", "no-store"))
            .start()) {
      var resp =
          client.send(
              java.net.http.HttpRequest.newBuilder(URI.create(svc.url() + "/events")).build(),
              BodyHandlers.ofLines());
      var lines = resp.body().iterator();

      assertThat(resp.headers().firstValue("Content-Type")).hasValue("text/event-stream");
      assertThat(resp.headers().firstValue("Cache-Control")).hasValue("no-store");
      assertThat(lines.next()).isEqualTo("data: one");
      firstRead.countDown();
      assertThat(lines.next()).isEmpty();
      assertThat(lines.next()).isEqualTo("data: two");
    }
  }
}
