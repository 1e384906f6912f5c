package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.sbom.SbomLimits;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13, item 7: the uploads that killed ingest-sbom at the heap the shipped Kubernetes manifest
 * gives it ({@value IngestSbomChild#SHIPPED_HEAP}: 60 % of the 768 MiB container, with {@code
 * -XX:+ExitOnOutOfMemoryError}) now get a clear 400, and the largest SBOM the default limits accept
 * is ingested, twice at once, by the same process, which stays alive and ready throughout.
 * ingest-sbom runs in a child JVM with exactly that heap; the broker stays in the test's JVM.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SbomHeapIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  @Test
  void shouldAnswerEveryHostileUploadWith400AndIngestTheLargestAcceptedSbomAtTheShippedHeap(
      KafkaBroker broker) throws Exception {
    String prefix = "heap" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(
            broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, dir.resolve("t"));
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
    }
    int maxComponents = SbomLimits.DEFAULT.maxComponents();
    try (IngestSbomChild.Running child =
        IngestSbomChild.start(
            IngestSbomChild.SHIPPED_HEAP,
            broker.bootstrapServers(),
            prefix,
            dir.resolve("state"),
            maxComponents,
            SbomLimits.DEFAULT.maxTokens(),
            dir.resolve("child.log"))) {

      // a 1.5 MB purl: its component event would have been ~4.6 MB
      assertRefused(
          child,
          Sboms.cyclonedxEscaped("big", List.of("pkg:npm/big@1.0?q=" + "x".repeat(1_500_000))),
          "$.components[0].purl: is 1500018 characters long, more than the 4096");

      // 3 MB of SPDX YAML: a million aliases
      StringBuilder yaml = new StringBuilder("spdxVersion: SPDX-2.3\nname: &a x\npackages: [*a");
      yaml.append(",*a".repeat(999_999)).append("]\n");
      byte[] aliases = yaml.toString().getBytes(StandardCharsets.UTF_8);
      assertThat(aliases.length).isGreaterThan(3_000_000);
      assertRefused(child, aliases, "too many YAML aliases: more than 1000");

      // 3 MB of CycloneDX: a million {} components (two schema violations each, once computed
      // before the first 1,000 were kept)
      byte[] empty = cyclonedx("{}", 1_000_000);
      assertThat(empty.length).isGreaterThan(3_000_000);
      assertRefused(child, empty, "more than " + maxComponents + " components");

      // under the component limit, every violation collected: stops at 1,000
      HttpResponse<String> capped =
          post(child.url(), "empty", Submissions.gzip(cyclonedx("{}", 90_000)));
      assertThat(capped.statusCode()).isEqualTo(400);
      JsonNode details = JSON.readTree(capped.body()).path("details");
      assertThat(details.path("violationCount").asInt()).isEqualTo(SbomIntake.MAX_REPORTED);
      assertThat(details.path("violations").get(SbomIntake.MAX_REPORTED).asText())
          .contains("more violations not listed");

      // a valid 37 MB SBOM of a million components
      byte[] million = cyclonedx("{\"type\":\"library\",\"name\":\"component\"}", 1_000_000);
      assertThat(million.length).isGreaterThan(30_000_000);
      assertRefused(child, million, "more than " + maxComponents + " components");

      // the largest SBOM the defaults accept, twice at once (16 MB each): both ingested
      byte[] largest = Submissions.gzip(Sboms.large(maxComponents));
      List<CompletableFuture<String>> uploads =
          List.of(
              CompletableFuture.supplyAsync(() -> ingest(child, "largest-a", largest)),
              CompletableFuture.supplyAsync(() -> ingest(child, "largest-b", largest)));
      for (CompletableFuture<String> upload : uploads) {
        assertThat(upload.join()).isEqualTo("COMPLETED");
      }

      assertThat(child.alive()).as("ingest-sbom survived every upload").isTrue();
      assertThat(get(child.url() + "/health/ready").statusCode()).isEqualTo(200);
    }
  }

  private void assertRefused(IngestSbomChild.Running child, byte[] document, String violation)
      throws Exception {
    HttpResponse<String> r = post(child.url(), "hostile", Submissions.gzip(document));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
    assertThat(JSON.readTree(r.body()).path("details").path("violations").get(0).asText())
        .contains(violation);
    assertThat(child.alive()).isTrue();
  }

  /** Uploads and waits for the final state. */
  private String ingest(IngestSbomChild.Running child, String project, byte[] gzipped) {
    try {
      HttpResponse<String> r = post(child.url(), project, gzipped);
      assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
      String token = JSON.readTree(r.body()).path("token").asText();
      String[] state = {JSON.readTree(r.body()).path("state").asText()};
      await()
          .atMost(Duration.ofMinutes(10))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                if (!state[0].equals("PROCESSING")) {
                  return true;
                }
                HttpResponse<String> s = get(child.url() + "/api/v1/sbom/" + token);
                state[0] = JSON.readTree(s.body()).path("state").asText();
                return !state[0].equals("PROCESSING");
              });
      return state[0];
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> post(String url, String project, byte[] gzipped) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/api/v1/sbom?project=" + project))
            .header("Content-Encoding", "gzip")
            .timeout(Duration.ofMinutes(5))
            .POST(HttpRequest.BodyPublishers.ofByteArray(gzipped))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(url)).GET().build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** A CycloneDX 1.5 JSON document of {@code count} copies of {@code component}. */
  private static byte[] cyclonedx(String component, int count) {
    byte[] one = component.getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream out = new ByteArrayOutputStream(count * (one.length + 1) + 100);
    out.writeBytes(
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":["
            .getBytes(StandardCharsets.UTF_8));
    for (int i = 0; i < count; i++) {
      if (i > 0) {
        out.write(',');
      }
      out.writeBytes(one);
    }
    out.writeBytes("]}".getBytes(StandardCharsets.UTF_8));
    return out.toByteArray();
  }
}
