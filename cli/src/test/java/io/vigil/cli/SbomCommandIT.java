package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.SbomIngestService;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil sbom submit}, {@code vigil sbom publish} and {@code vigil vex publish} against
 * ingest-sbom on a real broker.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SbomCommandIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DOC =
      """
      {"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[
        {"type":"library","name":"log4j-core","version":"2.14.1","purl":"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"}]}
      """;
  private static final String OPENVEX =
      """
      {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/1",
       "timestamp": "2024-02-01T00:00:00Z", "version": 1,
       "statements": [{"vulnerability": {"name": "CVE-2023-1111"},
         "products": [{"@id": "pkg:npm/left-pad"}], "status": "not_affected",
         "justification": "vulnerable_code_not_present"}]}
      """;
  private static final String BAD_XML =
      "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\"><components>"
          + "<component type=\"library\"><name>x</name><purl>pkg:pypi/</purl></component>"
          + "</components></bom>";

  @TempDir Path tmp;

  @Test
  void shouldSubmitOverHttpAndPublishOverKafkaWithTheServersVerdictAsExitCode(KafkaBroker broker)
      throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(
            broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, tmp.resolve("state"));
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
    }
    IngestSbomConfig cfg =
        IngestSbomConfig.defaults()
            .withHttpPort(0)
            .withApiKeys(
                List.of(new IngestSbomConfig.ApiKey("ci", Secret.of("s3cret"), List.of())));
    Path ok = Files.writeString(tmp.resolve("ok.cdx.json"), DOC);
    Path bad = Files.writeString(tmp.resolve("bad.cdx.xml"), BAD_XML);
    Path config =
        Files.writeString(
            tmp.resolve("vigil.yaml"),
            "kafka:\n  bootstrapServers: "
                + broker.bootstrapServers()
                + "\n  topicPrefix: \""
                + prefix
                + "\"\n");
    try (SbomIngestService svc = new SbomIngestService(kafka, cfg, null)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> svc.health().up());

      var accepted =
          SbomInspectTest.run(
              "sbom",
              "submit",
              "--url",
              svc.url(),
              "--api-key",
              "s3cret",
              "--project",
              "shop",
              "--version",
              "1",
              ok.toString());
      var rejected =
          SbomInspectTest.run(
              "sbom",
              "submit",
              "--url",
              svc.url(),
              "--api-key",
              "s3cret",
              "--project",
              "shop",
              bad.toString());
      var unauthorized =
          SbomInspectTest.run(
              "sbom",
              "submit",
              "--url",
              svc.url(),
              "--api-key",
              "nope",
              "--project",
              "shop",
              ok.toString());
      var published =
          SbomInspectTest.run(
              "sbom",
              "publish",
              "-c",
              config.toString(),
              "--project",
              "pipeline",
              "--wait",
              ok.toString());
      var publishedBad =
          SbomInspectTest.run(
              "sbom",
              "publish",
              "-c",
              config.toString(),
              "--project",
              "pipeline",
              "--wait",
              bad.toString());

      assertThat(accepted.exit()).as(accepted.err()).isZero();
      JsonNode body = JSON.readTree(accepted.out());
      assertThat(body.path("state").asText()).isEqualTo("COMPLETED");
      assertThat(body.path("components").asInt()).isOne();
      assertThat(rejected.exit()).isEqualTo(1);
      assertThat(rejected.err())
          .contains("rejected (HTTP 400)")
          .contains(
              "/bom/components/component[1]/purl (line 1): 'pkg:pypi/' is not a valid package URL");
      assertThat(unauthorized.exit()).isEqualTo(1);
      assertThat(unauthorized.err()).contains("HTTP 401").contains("not valid");
      assertThat(published.exit()).as(published.err()).isZero();
      assertThat(published.out()).contains("\"state\":\"COMPLETED\"").contains("\"chunks\":1");
      assertThat(publishedBad.exit()).isEqualTo(1);
      assertThat(publishedBad.err()).contains("rejected by ingest-sbom").contains("pkg:pypi/");

      // vigil vex publish: the project's decision, on the analyses topic
      Path vex = Files.writeString(tmp.resolve("shop.openvex.json"), OPENVEX);
      var vexPublished =
          SbomInspectTest.run(
              "vex",
              "publish",
              "-c",
              config.toString(),
              "--project",
              "shop",
              "--author",
              "release-bot",
              vex.toString());
      assertThat(vexPublished.exit()).as(vexPublished.err()).isZero();
      assertThat(vexPublished.out()).contains("\"kind\":\"VEX\"");
      var analyses = kafka.catalog().analyses();
      try (var consumer =
          new org.apache.kafka.clients.consumer.KafkaConsumer<>(
              kafka.consumer("analyses-" + UUID.randomUUID(), "analyses"),
              new org.apache.kafka.common.serialization.StringDeserializer(),
              kafka.serdeFactory().value(analyses).deserializer())) {
        consumer.subscribe(List.of(analyses.name()));
        List<String> keys = new java.util.ArrayList<>();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  consumer
                      .poll(Duration.ofMillis(200))
                      .forEach(
                          r -> {
                            keys.add(r.key());
                            assertThat(r.value().getAuthor()).isEqualTo("release-bot");
                          });
                  return !keys.isEmpty();
                });
        assertThat(keys).containsExactly("component|CVE-2023-1111|shop||pkg:npm/left-pad");
      }
    }
  }
}
