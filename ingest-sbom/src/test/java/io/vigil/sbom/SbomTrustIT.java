package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.schemas.Topic;
import io.vigil.schemas.VigilService;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 13 on a real broker: one upload cannot stop the service, validation cannot be skipped by a
 * producer, lenient uploads return their warnings, control characters stay out of identifiers.
 * Awaitility must not catch uncaught exceptions here: the stream threads that fail on a refused
 * record (and are replaced) are part of what is tested.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SbomTrustIT {
  private static final String API = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
  private static final String A = "pkg:npm/sep-pkg@1.5.0?a=x";
  private static final String B = A + "\u001fFAKE";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SCHEMA_INVALID =
      ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":["
              + "{\"name\":\"log4j-api\",\"purl\":\""
              + API
              + "\"}]}")
          .getBytes(StandardCharsets.UTF_8);

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path stateDir;

  @Test
  void shouldRefuseAHugePurlWith400AndKeepTakingUploadsOfThatPartition(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    byte[] huge =
        Sboms.cyclonedxEscaped("big", List.of("pkg:npm/big@1.0?q=" + "x".repeat(1_500_000)));
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0));
        SubmissionPublisher producer = new SubmissionPublisher(kafka, "it-producer")) {
      HttpResponse<String> refused = post(svc.url(), "shop", huge, false);

      assertThat(refused.statusCode()).isEqualTo(400);
      JsonNode details = JSON.readTree(refused.body()).path("details");
      assertThat(details.path("violations").get(0).asText())
          .startsWith("$.components[0].purl: is 1500018 characters long, more than the 4096");
      assertThat(refused.body().length()).isLessThan(2_000);

      // the same document straight onto the submissions topic, marked prevalidated
      Submissions.Envelope bypass = envelope("shop", false, true);
      producer.publish(bypass, huge, null, 768 * 1024);
      HttpResponse<String> next = post(svc.url(), "shop", Sboms.cyclonedx(List.of(API)), false);

      assertThat(awaitState(svc.url(), bypass.submissionId(), "REJECTED").toString())
          .contains("$.components[0].purl: is 1500018 characters long");
      assertThat(next.statusCode()).isEqualTo(202);
      assertThat(JSON.readTree(next.body()).path("state").asText()).isEqualTo("COMPLETED");
      assertThat(svc.health().up()).isTrue();
    }
  }

  @Test
  void shouldValidateTheSchemaOfAProducersPrevalidatedSubmission(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0));
        SubmissionPublisher producer = new SubmissionPublisher(kafka, "it-producer")) {
      Submissions.Envelope forged = envelope("shop", false, true);
      producer.publish(forged, SCHEMA_INVALID, null, 768 * 1024);

      JsonNode status = awaitState(svc.url(), forged.submissionId(), "REJECTED");

      assertThat(status.path("violations").toString())
          .contains("required property 'type' not found");
    }
  }

  @Test
  void shouldAnswerALenientUploadWithItsWarnings(KafkaBroker broker) throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0))) {
      HttpResponse<String> r = post(svc.url(), "shop", SCHEMA_INVALID, true);

      assertThat(r.statusCode()).isEqualTo(202);
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("state").asText()).isEqualTo("COMPLETED");
      assertThat(body.path("warnings").toString()).contains("required property 'type' not found");
    }
  }

  @Test
  void shouldKeepTheSeparatorPurlOfTheIssueOutOfTheInventoryEndToEnd(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0));
        Events events = new Events(kafka)) {
      byte[] both = Sboms.cyclonedxEscaped("sep-pkg", List.of(A, B));
      byte[] onlyB = Sboms.cyclonedxEscaped("sep-pkg", List.of(B));

      HttpResponse<String> strict = post(svc.url(), "sep", both, false);
      HttpResponse<String> lenientBoth = post(svc.url(), "sep", both, true);
      HttpResponse<String> lenientOnlyB = post(svc.url(), "sep", onlyB, true);

      assertThat(strict.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(strict.body()).path("details").path("violations").get(0).asText())
          .isEqualTo(
              "$.components[1].purl: 'pkg:npm/sep-pkg@1.5.0?a=x\\u001fFAKE' contains the control"
                  + " character U+001F at index 25 (identifiers must not contain control"
                  + " characters)");
      JsonNode first = JSON.readTree(lenientBoth.body());
      assertThat(first.path("components").asInt()).isOne();
      assertThat(first.path("warnings").toString())
          .contains("$.components[1].purl")
          .contains("the component is left out");
      assertThat(JSON.readTree(lenientOnlyB.body()).path("components").asInt()).isZero();
      assertThat(events.awaitCount(2))
          .extracting(e -> e.getChange() + " " + e.getComponent().getPurl())
          .containsExactly(ComponentChange.ADDED + " " + A, ComponentChange.REMOVED + " " + A);
    }
  }

  @Test
  void shouldDeadLetterAnOutputTheBrokerRefusesAndGoOnWithThePartition(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    // the components topic takes record batches of at most 2,000 bytes (after compression): the
    // event of a purl of 3,900 random characters (within the intake's bounds) is refused by the
    // broker, inside the transaction
    maxMessageBytes(kafka, kafka.catalog().components().name(), 2_000);
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0));
        SubmissionPublisher producer = new SubmissionPublisher(kafka, "it-producer");
        Events events = new Events(kafka)) {
      Submissions.Envelope refused = envelope("shop", false, false);
      producer.publish(
          refused,
          Sboms.cyclonedxEscaped("long", List.of("pkg:npm/long@1.0?q=" + random(3_900))),
          null,
          768 * 1024);
      Submissions.Envelope next = envelope("shop", false, false);
      producer.publish(next, Sboms.cyclonedx(List.of(API)), null, 768 * 1024);

      JsonNode rejected = awaitState(svc.url(), refused.submissionId(), "REJECTED");
      awaitState(svc.url(), next.submissionId(), "COMPLETED");

      assertThat(rejected.path("violations").get(0).asText())
          .contains("could not be produced: RecordTooLargeException");
      assertThat(events.awaitCount(1))
          .extracting(e -> e.getComponent().getPurl())
          .containsExactly(API);
      DeadLetter dead = readOne(kafka, kafka.catalog().deadLetters(VigilService.INGEST_SBOM));
      assertThat(dead.getReason()).contains("could not be produced");
      assertThat(dead.getSourceTopic()).isEqualTo(kafka.catalog().sbomSubmissions().name());
      await()
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofMinutes(2))
          .until(() -> svc.health().up());
    }
  }

  @Test
  void shouldReportAStuckPartitionInReadinessWhenNothingOfAnInputCanBeProduced(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    // nothing can be written: the component event, the dead letter, not even the status
    for (Topic<String, ?> t :
        List.of(
            kafka.catalog().components(),
            kafka.catalog().sbomStatus(),
            kafka.catalog().deadLetters(VigilService.INGEST_SBOM))) {
      maxMessageBytes(kafka, t.name(), 100);
    }
    IngestSbomConfig cfg =
        IngestSbomConfig.defaults().withHttpPort(0).withRecovery(null, Duration.ofSeconds(5));
    try (SbomIngestService svc = start(kafka, cfg);
        SubmissionPublisher producer = new SubmissionPublisher(kafka, "it-producer")) {
      producer.publish(envelope("shop", false, false), Sboms.cyclonedx(List.of(API)), null, 1024);

      String[] partitions = {""};
      await()
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofMinutes(5))
          .pollInterval(Duration.ofSeconds(1))
          .until(
              () -> {
                HttpResponse<String> ready =
                    http.send(
                        HttpRequest.newBuilder(URI.create(svc.url() + "/health/ready"))
                            .GET()
                            .build(),
                        HttpResponse.BodyHandlers.ofString());
                partitions[0] =
                    JSON.readTree(ready.body()).path("checks").path("partitions").asText();
                return ready.statusCode() == 503 && partitions[0].startsWith("DOWN");
              });

      assertThat(partitions[0])
          .startsWith("DOWN (" + kafka.catalog().sbomSubmissions().name() + "-0 stuck")
          .contains("RecordTooLargeException");
    }
  }

  @Test
  void shouldApplyTheIntakeRulesAndLimitsToEveryDependencyTrackUploadRoute(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    // a small component limit and document size, so that only the configured limits refuse
    IngestSbomConfig cfg = new IngestSbomConfig(0, 200_000L, null).withLimits(2, 4_000_000L);
    byte[] separator = Sboms.cyclonedxEscaped("sep-pkg", List.of(A, B));
    byte[] three =
        Sboms.cyclonedx(List.of("pkg:npm/a@1.0.0", "pkg:npm/b@1.0.0", "pkg:npm/c@1.0.0"));
    byte[] bomb = Submissions.gzip(" ".repeat(300_000).getBytes(StandardCharsets.UTF_8));
    try (SbomIngestService svc = start(kafka, cfg)) {
      HttpResponse<String> putSeparator = dependencyTrackPut(svc.url(), "dt-sep", separator);
      HttpResponse<String> postSeparator = dependencyTrackPost(svc.url(), "dt-sep", separator);
      HttpResponse<String> putThree = dependencyTrackPut(svc.url(), "dt-three", three);
      HttpResponse<String> postThree = dependencyTrackPost(svc.url(), "dt-three", three);
      HttpResponse<String> putBomb = dependencyTrackPut(svc.url(), "dt-bomb", bomb);
      HttpResponse<String> postBomb = dependencyTrackPost(svc.url(), "dt-bomb", bomb);
      HttpResponse<String> valid =
          dependencyTrackPut(svc.url(), "dt-ok", Sboms.cyclonedx(List.of(API)));

      for (HttpResponse<String> r : List.of(putSeparator, postSeparator)) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(JSON.readTree(r.body()).path("details").path("violations").get(0).asText())
            .startsWith("$.components[1].purl: 'pkg:npm/sep-pkg@1.5.0?a=x\\u001fFAKE' contains");
      }
      for (HttpResponse<String> r : List.of(putThree, postThree)) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.body()).contains("more than 2 components (the limit per SBOM)");
      }
      for (HttpResponse<String> r : List.of(putBomb, postBomb)) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(413);
        assertThat(r.body()).contains("exceeds the limit of 200000 bytes (after decompression)");
      }
      assertThat(valid.statusCode()).as(valid.body()).isEqualTo(200);
      assertThat(
              awaitState(svc.url(), JSON.readTree(valid.body()).path("token").asText(), "COMPLETED")
                  .path("components")
                  .asInt())
          .isOne();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static KafkaSettings settings(KafkaBroker broker, Path stateDir) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    // a stream thread that fails on a refused output is replaced, and the dead thread stays a
    // member
    // of the group until its session times out (Streams never leaves on a thread replacement): 10 s
    // here instead of Kafka's 45 s, so the replacement gets the partition back sooner
    Map<String, String> client = Map.of("main.consumer.session.timeout.ms", "10000");
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), client, prefix, (short) 1, null, stateDir);
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
    }
    return kafka;
  }

  /** Characters that compress badly. */
  private static String random(int length) {
    java.util.Random r = new java.util.Random(13);
    StringBuilder b = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      b.append("abcdefghijklmnopqrstuvwxyz0123456789".charAt(r.nextInt(36)));
    }
    return b.toString();
  }

  private static void maxMessageBytes(KafkaSettings kafka, String topic, int bytes)
      throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, topic),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", Integer.toString(bytes)),
                          AlterConfigOp.OpType.SET))))
          .all()
          .get();
    }
  }

  private static SbomIngestService start(KafkaSettings kafka, IngestSbomConfig cfg) {
    SbomIngestService svc = new SbomIngestService(kafka, cfg, null);
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofSeconds(60))
        .until(() -> svc.health().up());
    return svc;
  }

  private static Submissions.Envelope envelope(
      String project, boolean lenient, boolean prevalidated) {
    return new Submissions.Envelope(
        UUID.randomUUID().toString(),
        project,
        null,
        null,
        lenient,
        prevalidated,
        "kafka",
        null,
        Instant.now());
  }

  private HttpResponse<String> post(String url, String project, byte[] body, boolean lenient)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(url + "/api/v1/sbom?project=" + project + "&lenient=" + lenient))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Dependency-Track's {@code PUT /api/v1/bom}: JSON with the document base64-encoded. */
  private HttpResponse<String> dependencyTrackPut(String url, String project, byte[] bom)
      throws Exception {
    String json =
        JSON.writeValueAsString(
            Map.of(
                "projectName",
                project,
                "autoCreate",
                true,
                "bom",
                java.util.Base64.getEncoder().encodeToString(bom)));
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/api/v1/bom"))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(json))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Dependency-Track's {@code POST /api/v1/bom}: multipart, the document as a file part. */
  private HttpResponse<String> dependencyTrackPost(String url, String project, byte[] bom)
      throws Exception {
    String boundary = "----vigil" + UUID.randomUUID();
    byte[] head =
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"projectName\"\r\n\r\n"
                + project
                + "\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"autoCreate\"\r\n\r\ntrue\r\n--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"bom\"; filename=\"bom.json\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
    body.writeBytes(head);
    body.writeBytes(bom);
    body.writeBytes(tail);
    return http.send(
        HttpRequest.newBuilder(URI.create(url + "/api/v1/bom"))
            .header("Content-Type", "multipart/form-data; boundary=" + boundary)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitState(String url, String token, String state) {
    JsonNode[] last = new JsonNode[1];
    // a refused output costs a replaced stream thread and a rebalance before the retry
    await()
        .dontCatchUncaughtExceptions()
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofMillis(500))
        .until(
            () -> {
              HttpResponse<String> r =
                  http.send(
                      HttpRequest.newBuilder(URI.create(url + "/api/v1/sbom/" + token))
                          .GET()
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              if (r.statusCode() != 200) {
                return false;
              }
              last[0] = JSON.readTree(r.body());
              return state.equals(last[0].path("state").asText());
            });
    return last[0];
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> V readOne(
      KafkaSettings kafka, Topic<String, V> topic) {
    try (KafkaConsumer<String, V> c =
        new KafkaConsumer<>(
            kafka.consumer("one-" + UUID.randomUUID(), "one"),
            new StringDeserializer(),
            kafka.serdeFactory().value(topic))) {
      c.subscribe(List.of(topic.name()));
      List<V> got = new ArrayList<>();
      await()
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                return !got.isEmpty();
              });
      return got.get(0);
    }
  }

  /** Reads the component events (read_committed), in order per project. */
  private static final class Events implements AutoCloseable {
    private final KafkaConsumer<String, ComponentEvent> consumer;
    private final List<ComponentEvent> got = new ArrayList<>();

    Events(KafkaSettings kafka) {
      var topic = kafka.catalog().components();
      consumer =
          new KafkaConsumer<>(
              kafka.consumer("events-" + UUID.randomUUID(), "events"),
              new StringDeserializer(),
              kafka.serdeFactory().value(topic));
      consumer.subscribe(List.of(topic.name()));
    }

    List<ComponentEvent> awaitCount(int count) {
      await()
          .dontCatchUncaughtExceptions()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                return got.size() >= count;
              });
      assertThat(got).hasSize(count);
      return List.copyOf(got);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
