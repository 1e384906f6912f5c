package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.schemas.Topic;
import io.vigil.schemas.VigilService;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** ingest-sbom on a real broker: HTTP and Kafka paths, several instances, limits, security. */
@ExtendWith(KafkaBrokerExtension.class)
class SbomIngestIT {
  private static final String CORE_14 = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String CORE_17 = "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1";
  private static final String API = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
  private static final String LANG = "pkg:maven/org.apache.commons/commons-lang3@3.12.0";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int BROKER_DEFAULT_LIMIT = 1024 * 1024;

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path stateDir;

  @Test
  void shouldReportExactlyTheUpgradeAndTheRemovalWhenASecondSbomComesThroughTheDependencyTrackApi(
      KafkaBroker broker) throws Exception {
    KafkaSettings kafka = settings(broker, stateDir.resolve("a"));
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0));
        Events events = new Events(kafka)) {
      String first =
          dependencyTrackPut(svc, "shop", "1.0", Sboms.cyclonedx(List.of(CORE_14, API, LANG)));
      awaitState(svc.url(), first, "COMPLETED");
      String second =
          dependencyTrackPut(svc, "shop", "1.1", Sboms.cyclonedx(List.of(CORE_17, API)));
      JsonNode status = awaitState(svc.url(), second, "COMPLETED");

      List<ComponentEvent> all = events.awaitCount(6);
      assertThat(all.subList(0, 3))
          .allSatisfy(
              e -> {
                assertThat(e.getChange()).isEqualTo(ComponentChange.ADDED);
                assertThat(e.getInitialInventory()).isTrue();
                assertThat(e.getSubmissionId()).isEqualTo(first);
              });
      assertThat(all.subList(3, 6))
          .extracting(
              e ->
                  e.getChange() + " " + e.getComponent().getPurl() + " replaces " + e.getReplaces())
          .containsExactly(
              "REMOVED " + LANG + " replaces null",
              "REMOVED " + CORE_14 + " replaces null",
              "ADDED " + CORE_17 + " replaces 2.14.1");
      assertThat(all.subList(3, 6))
          .allSatisfy(
              e -> {
                assertThat(e.getSubmissionId()).isEqualTo(second);
                assertThat(e.getProjectId()).isEqualTo("shop");
                assertThat(e.getInitialInventory()).isFalse();
              });
      assertThat(status.path("added").asInt()).isOne();
      assertThat(status.path("removed").asInt()).isEqualTo(2);
      assertThat(get(svc.url() + "/api/v1/bom/token/" + second, null).body())
          .isEqualTo("{\"processing\":false}");

      HttpResponse<String> again =
          postSbom(
              svc.url(), "shop", "1.1", Sboms.cyclonedx(List.of(CORE_17, API)), null, Map.of());
      assertThat(again.statusCode()).isEqualTo(202);
      assertThat(JSON.readTree(again.body()).path("added").asInt()).isZero();
      assertThat(events.poll(Duration.ofSeconds(2)))
          .as("an identical SBOM produces no event")
          .isEmpty();
    }
  }

  @Test
  void shouldAnswerFromEveryInstanceAndKeepTheInventoryWhenInstancesShareAndRestart(
      KafkaBroker broker) throws Exception {
    KafkaSettings a = settings(broker, stateDir.resolve("a"));
    KafkaSettings b = a.withStateDir(stateDir.resolve("b"));
    try (Events events = new Events(a)) {
      try (SbomIngestService one = start(a, IngestSbomConfig.defaults().withHttpPort(0));
          SbomIngestService two = start(b, IngestSbomConfig.defaults().withHttpPort(0))) {
        String token =
            dependencyTrackPost(one, "billing", "3.0", Sboms.cyclonedx(List.of(CORE_14, API)));

        JsonNode seenByTwo = awaitState(two.url(), token, "COMPLETED");

        assertThat(seenByTwo.path("components").asInt()).isEqualTo(2);
        assertThat(events.awaitCount(2))
            .extracting(e -> e.getComponent().getPurl())
            .containsExactly(CORE_14, API);
      }
      // both stopped; a new instance with an empty state directory restores the inventory
      try (SbomIngestService three =
          start(
              a.withStateDir(stateDir.resolve("c")), IngestSbomConfig.defaults().withHttpPort(0))) {
        HttpResponse<String> upgrade =
            postSbom(
                three.url(),
                "billing",
                "3.1",
                Sboms.cyclonedx(List.of(CORE_17, API)),
                null,
                Map.of());

        assertThat(upgrade.statusCode()).isEqualTo(202);
        assertThat(events.awaitCount(2))
            .extracting(e -> e.getChange() + " " + e.getComponent().getPurl())
            .containsExactly("REMOVED " + CORE_14, "ADDED " + CORE_17);
      }
    }
  }

  @Test
  void shouldRequireAKeyAndItsProjectScopeWhenApiKeysAreConfigured(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    IngestSbomConfig cfg =
        IngestSbomConfig.defaults()
            .withHttpPort(0)
            .withApiKeys(
                List.of(
                    new IngestSbomConfig.ApiKey(
                        "ci-payments", Secret.of("k-pay"), List.of("payments-*")),
                    new IngestSbomConfig.ApiKey("ci-shop", Secret.of("k-shop"), List.of("shop"))));
    byte[] doc = Sboms.cyclonedx(List.of(API));
    try (SbomIngestService svc = start(kafka, cfg)) {
      assertThat(postSbom(svc.url(), "payments-api", null, doc, null, Map.of()).statusCode())
          .isEqualTo(401);
      assertThat(postSbom(svc.url(), "payments-api", null, doc, "wrong", Map.of()).statusCode())
          .isEqualTo(401);
      HttpResponse<String> forbidden = postSbom(svc.url(), "shop", null, doc, "k-pay", Map.of());
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(forbidden.body()).contains("ci-payments").doesNotContain("k-pay");

      HttpResponse<String> ok = postSbom(svc.url(), "payments-api", null, doc, "k-pay", Map.of());
      assertThat(ok.statusCode()).isEqualTo(202);
      String token = JSON.readTree(ok.body()).path("token").asText();

      assertThat(get(svc.url() + "/api/v1/sbom/" + token, null).statusCode()).isEqualTo(401);
      assertThat(get(svc.url() + "/api/v1/sbom/" + token, "k-shop").statusCode()).isEqualTo(403);
      HttpResponse<String> status = get(svc.url() + "/api/v1/sbom/" + token, "k-pay");
      assertThat(status.statusCode()).isEqualTo(200);
      assertThat(JSON.readTree(status.body()).path("submittedBy").asText())
          .isEqualTo("ci-payments");
      assertThat(get(svc.url() + "/api/openapi.json", null).statusCode()).isEqualTo(200);
    }
  }

  @Test
  void shouldRejectEveryViolationAndAnXxeDocumentWithoutAnySideEffect(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    AtomicInteger fetched = new AtomicInteger();
    HttpServer bait = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    bait.createContext(
        "/",
        ex -> {
          fetched.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    bait.start();
    try (SbomIngestService svc = start(kafka, new IngestSbomConfig(0, 200_000L, null));
        Admin admin = Admin.create(kafka.admin())) {
      String xxe =
          """
          <?xml version="1.0"?>
          <!DOCTYPE bom [<!ENTITY a SYSTEM "file:///etc/passwd"><!ENTITY b SYSTEM "http://127.0.0.1:%d/x">]>
          <bom xmlns="http://cyclonedx.org/schema/bom/1.5"><components>
          <component type="library"><name>&a;&b;</name></component></components></bom>
          """
              .formatted(bait.getAddress().getPort());

      HttpResponse<String> rejected =
          postSbom(svc.url(), "shop", null, xxe.getBytes(StandardCharsets.UTF_8), null, Map.of());
      String badPurls =
          new String(Sboms.cyclonedx(List.of(API)), StandardCharsets.UTF_8)
              .replace(
                  "]}",
                  ",{\"type\":\"library\",\"name\":\"x\",\"purl\":\"pkg:pypi/\"},{\"type\":\"library\",\"name\":\"y\",\"purl\":\"/\"}]}");
      HttpResponse<String> invalid =
          postSbom(
              svc.url(), "shop", null, badPurls.getBytes(StandardCharsets.UTF_8), null, Map.of());
      HttpResponse<String> tooLarge =
          postSbom(svc.url(), "shop", null, Sboms.large(5_000), null, Map.of());

      assertThat(rejected.statusCode()).isEqualTo(400);
      assertThat(rejected.body()).contains("DOCTYPE").doesNotContain("root:");
      assertThat(invalid.statusCode()).isEqualTo(400);
      JsonNode details = JSON.readTree(invalid.body()).path("details");
      assertThat(details.path("violationCount").asInt()).isEqualTo(2);
      assertThat(details.path("violations").toString())
          .contains("pkg:pypi/")
          .contains("$.components[2]");
      assertThat(tooLarge.statusCode()).isEqualTo(413);
      assertThat(fetched).hasValue(0);
      assertThat(endOffsets(admin, kafka.catalog().sbomSubmissions().name())).isZero();
      assertThat(endOffsets(admin, kafka.catalog().components().name())).isZero();
    } finally {
      bait.stop(0);
    }
  }

  @Test
  void shouldTreatAKafkaSubmissionLikeAnUploadAndDeadLetterAnInvalidOneWithItsViolations(
      KafkaBroker broker) throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0));
        SubmissionPublisher publisher = new SubmissionPublisher(kafka, "it-publisher");
        Events events = new Events(kafka)) {
      Submissions.Envelope ok = envelope("pipeline", "7");
      publisher.publish(ok, Sboms.cyclonedx(List.of(CORE_14)), null, 768 * 1024);
      Submissions.Envelope bad = envelope("pipeline", "8");
      byte[] badXml =
          ("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\"><components>"
                  + "<component type=\"library\"><name>x</name><purl>pkg:pypi/</purl></component>"
                  + "</components></bom>")
              .getBytes(StandardCharsets.UTF_8);
      publisher.publish(bad, badXml, null, 768 * 1024);

      assertThat(events.awaitCount(1))
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getComponent().getPurl()).isEqualTo(CORE_14);
                assertThat(e.getSubmissionId()).isEqualTo(ok.submissionId());
              });
      JsonNode rejected = awaitState(svc.url(), bad.submissionId(), "REJECTED");
      assertThat(rejected.path("violations").toString()).contains("pkg:pypi/");
      DeadLetter dead = readOne(kafka, kafka.catalog().deadLetters(VigilService.INGEST_SBOM));
      assertThat(dead.getReason()).contains("pkg:pypi/").contains("/bom/components/component[1]");
      assertThat(dead.getSourceTopic()).isEqualTo(kafka.catalog().sbomSubmissions().name());
    }
  }

  @Test
  void shouldIngestFiftyThousandComponentsWithoutARecordAboveTheBrokerLimit(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    byte[] huge = Sboms.large(50_000);
    assertThat(huge.length).isGreaterThan(5 * BROKER_DEFAULT_LIMIT);
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0));
        Events events = new Events(kafka)) {
      HttpResponse<String> resp =
          postSbom(
              svc.url(),
              "monolith",
              null,
              Submissions.gzip(huge),
              null,
              Map.of("Content-Encoding", "gzip"));

      assertThat(resp.statusCode()).isEqualTo(202);
      JsonNode body = JSON.readTree(resp.body());
      assertThat(body.path("state").asText()).isEqualTo("COMPLETED");
      assertThat(body.path("added").asInt()).isEqualTo(50_000);
      List<ComponentEvent> all = events.awaitCount(50_000);
      assertThat(all).extracting(e -> e.getComponent().getPurl()).doesNotHaveDuplicates();
      assertThat(maxRecordBytes(kafka, kafka.catalog().sbomSubmissions().name()))
          .isLessThan(BROKER_DEFAULT_LIMIT);
      assertThat(maxRecordBytes(kafka, kafka.catalog().components().name()))
          .isLessThan(BROKER_DEFAULT_LIMIT);
    }
  }

  @Test
  void shouldRebuildItsStatusStoreWhenTheStatusTopicWasRecreatedUnderItsCheckpoint(
      KafkaBroker broker) throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    byte[] doc = Sboms.cyclonedx(List.of(API));
    try (SbomIngestService svc = start(kafka, IngestSbomConfig.defaults().withHttpPort(0))) {
      for (int i = 0; i < 5; i++) {
        assertThat(postSbom(svc.url(), "p" + i, null, doc, null, Map.of()).statusCode())
            .isEqualTo(202);
      }
    }
    // the topics are deleted and created again (a reset dev cluster): the local checkpoint of the
    // global status store is now ahead of the empty status topic
    try (Admin admin = Admin.create(kafka.admin())) {
      List<String> names = kafka.catalog().all().stream().map(Topic::name).toList();
      admin.deleteTopics(names).all().get();
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                TopicAdmin.ensure(admin, kafka.catalog().all());
                return true;
              });
    }
    try (SbomIngestService svc =
        new SbomIngestService(kafka, IngestSbomConfig.defaults().withHttpPort(0), null)) {
      await().atMost(Duration.ofSeconds(120)).until(() -> svc.health().up());

      HttpResponse<String> r = postSbom(svc.url(), "after-reset", null, doc, null, Map.of());

      assertThat(r.statusCode()).isEqualTo(202);
      assertThat(JSON.readTree(r.body()).path("state").asText()).isEqualTo("COMPLETED");
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static KafkaSettings settings(KafkaBroker broker, Path stateDir) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, stateDir);
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
    }
    return kafka;
  }

  private static SbomIngestService start(KafkaSettings kafka, IngestSbomConfig cfg) {
    SbomIngestService svc = new SbomIngestService(kafka, cfg, null);
    await().atMost(Duration.ofSeconds(60)).until(() -> svc.health().up());
    return svc;
  }

  private static Submissions.Envelope envelope(String project, String version) {
    return new Submissions.Envelope(
        UUID.randomUUID().toString(),
        project,
        version,
        null,
        false,
        false,
        "kafka",
        null,
        Instant.now());
  }

  private HttpResponse<String> postSbom(
      String url,
      String project,
      String version,
      byte[] body,
      String key,
      Map<String, String> headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(
                URI.create(
                    url
                        + "/api/v1/sbom?project="
                        + project
                        + (version == null ? "" : "&version=" + version)))
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    headers.forEach(b::header);
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String dependencyTrackPut(
      SbomIngestService svc, String project, String version, byte[] bom) throws Exception {
    String json =
        JSON.writeValueAsString(
            Map.of(
                "projectName",
                project,
                "projectVersion",
                version,
                "autoCreate",
                true,
                "bom",
                Base64.getEncoder().encodeToString(bom)));
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(URI.create(svc.url() + "/api/v1/bom"))
                .header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    JsonNode body = JSON.readTree(resp.body());
    assertThat(body.size()).isOne();
    return body.path("token").asText();
  }

  private String dependencyTrackPost(
      SbomIngestService svc, String project, String version, byte[] bom) throws Exception {
    String boundary = "----vigil" + UUID.randomUUID();
    String head =
        "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"projectName\"\r\n\r\n"
            + project
            + "\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"projectVersion\"\r\n\r\n"
            + version
            + "\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"autoCreate\"\r\n\r\ntrue\r\n"
            + "--"
            + boundary
            + "\r\nContent-Disposition: form-data; name=\"bom\"; filename=\"bom.json\"\r\n"
            + "Content-Type: application/json\r\n\r\n";
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] h = head.getBytes(StandardCharsets.UTF_8);
    byte[] body = new byte[h.length + bom.length + tail.length];
    System.arraycopy(h, 0, body, 0, h.length);
    System.arraycopy(bom, 0, body, h.length, bom.length);
    System.arraycopy(tail, 0, body, h.length + bom.length, tail.length);
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(URI.create(svc.url() + "/api/v1/bom"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    return JSON.readTree(resp.body()).path("token").asText();
  }

  private HttpResponse<String> get(String url, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode awaitState(String url, String token, String state) {
    JsonNode[] last = new JsonNode[1];
    await()
        .atMost(Duration.ofSeconds(60))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              HttpResponse<String> r = get(url + "/api/v1/sbom/" + token, null);
              if (r.statusCode() != 200) {
                return false;
              }
              last[0] = JSON.readTree(r.body());
              return state.equals(last[0].path("state").asText());
            });
    return last[0];
  }

  private static long endOffsets(Admin admin, String topic) throws Exception {
    var parts = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions();
    Map<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec> specs =
        new java.util.HashMap<>();
    parts.forEach(
        p ->
            specs.put(
                new TopicPartition(topic, p.partition()),
                org.apache.kafka.clients.admin.OffsetSpec.latest()));
    long total = 0;
    for (var info : admin.listOffsets(specs).all().get().values()) {
      total += info.offset();
    }
    return total;
  }

  /**
   * The largest record of a topic, read up to its end offsets (not "until idle": a consumer that
   * never gets its partitions would read nothing and the size check would pass); fails when the
   * topic holds no record.
   */
  private static int maxRecordBytes(KafkaSettings kafka, String topic) {
    int[] max = {0};
    long[] read = {0};
    try (KafkaConsumer<byte[], byte[]> c =
        new KafkaConsumer<>(
            kafka.consumer("size-" + UUID.randomUUID(), "size"),
            new ByteArrayDeserializer(),
            new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      c.assign(parts);
      c.seekToBeginning(parts);
      Map<TopicPartition, Long> end = c.endOffsets(parts);
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                for (ConsumerRecord<byte[], byte[]> r : c.poll(Duration.ofMillis(200))) {
                  read[0]++;
                  max[0] = Math.max(max[0], r.serializedKeySize() + r.serializedValueSize());
                }
                return parts.stream().allMatch(tp -> c.position(tp) >= end.get(tp));
              });
    }
    assertThat(read[0]).as("records read from %s", topic).isPositive();
    return max[0];
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
      List<ComponentEvent> got = new ArrayList<>();
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
                return got.size() >= count;
              });
      assertThat(got).hasSize(count);
      return got;
    }

    List<ComponentEvent> poll(Duration d) {
      List<ComponentEvent> got = new ArrayList<>();
      long end = System.nanoTime() + d.toNanos();
      while (System.nanoTime() < end) {
        consumer.poll(Duration.ofMillis(200)).forEach(r -> got.add(r.value()));
      }
      return got;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
