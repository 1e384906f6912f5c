package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.AnalysisChange;
import io.vigil.events.v1.AnalysisChangeType;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.Roles;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.sbom.dt.DependencyTrackConfig;
import io.vigil.testkit.SharedData;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Triage on a real broker, through ingest-sbom's HTTP API: a decision set with a triage key lands
 * on the analyses topic with its history entry (one transaction), a read key cannot triage, the
 * project's VEX reflects the decision, and importing that VEX through the Dependency-Track route
 * gives the same decision back; an invalid document keeps nothing. A VEX document on the
 * submissions topic becomes the project's decision the same way; an invalid one is dead-lettered.
 * The correlator's query API is a stand-in serving the project's exposures as the correlator lists
 * them (with the decision the correlator resolved for each, once it has applied it).
 */
@ExtendWith(KafkaBrokerExtension.class)
class TriageIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORE = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String ONCALL = "oncall-key-0123456789abcdef";
  private static final String AUDITOR = "auditor-key-0123456789abcdef";
  private static final String CI = "ci-key-0123456789abcdefghij";

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path stateDir;

  @Test
  void shouldRecordADecisionWithItsHistoryAndGiveItBackThroughAVexRoundTrip(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker);
    AtomicReference<Map<String, Object>> applied = new AtomicReference<>();
    HttpServer queryApi = exposuresOfShop(applied);
    HttpSecurity security =
        new HttpSecurity(
            Map.of("oncall", Secret.of(ONCALL), "auditor", Secret.of(AUDITOR), "ci", Secret.of(CI)),
            false,
            null,
            null,
            Roles.of(Map.of("oncall", List.of("read", "triage"), "auditor", List.of("read"))));
    IngestSbomConfig cfg =
        IngestSbomConfig.defaults()
            .withHttpPort(0)
            .withDependencyTrack(
                DependencyTrackConfig.defaults()
                    .withQueryApi("http://127.0.0.1:" + queryApi.getAddress().getPort(), null));
    try (SbomIngestService svc = new SbomIngestService(kafka, cfg, null, security);
        Trail trail = new Trail(kafka)) {
      await().atMost(Duration.ofSeconds(60)).until(() -> svc.health().up());
      String url = svc.url();
      // the project exists (for Dependency-Track's VEX route) once its SBOM is in
      var upload =
          send(
              "POST",
              url + "/api/v1/sbom?project=shop&version=1.0",
              CI,
              Sboms.cyclonedx(List.of(CORE)));
      assertThat(upload.statusCode()).as(upload.body()).isEqualTo(202);
      String decision =
          """
          {"component": "pkg:maven/org.apache.logging.log4j/log4j-core",
           "vulnerability": "CVE-2021-44228", "state": "not_affected",
           "justification": "vulnerable_code_not_in_execute_path",
           "detail": "JNDI lookups are disabled", "comment": "SEC-12"}
          """;

      var byAuditor =
          await503(() -> send("PUT", url + "/api/v1/analyses", AUDITOR, bytes(decision)));
      var byCi = send("PUT", url + "/api/v1/analyses", CI, bytes(decision));
      var set = send("PUT", url + "/api/v1/analyses", ONCALL, bytes(decision));

      assertThat(byAuditor.statusCode()).isEqualTo(403);
      assertThat(byAuditor.body()).contains("'auditor'").contains("'triage'");
      assertThat(byCi.statusCode()).isEqualTo(403);
      assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
      String key = JSON.readTree(set.body()).path("analysis").path("key").asText();
      assertThat(key)
          .isEqualTo("portfolio|CVE-2021-44228|pkg:maven/org.apache.logging.log4j/log4j-core");
      trail.await(1, 1);
      Analysis onTopic = trail.analyses.get(0).value();
      assertThat(trail.analyses.get(0).key()).isEqualTo(key);
      assertThat(onTopic.getState().name()).isEqualTo("NOT_AFFECTED");
      assertThat(onTopic.getAuthor()).isEqualTo("oncall");
      AnalysisChange change = trail.history.get(0).value();
      assertThat(change.getType()).isEqualTo(AnalysisChangeType.SET);
      assertThat(change.getChangedBy()).isEqualTo("oncall");
      assertThat(change.getPrevious()).isNull();

      // the correlator applies it to the log4j-core exposure (its query API's item says so), and
      // the project's VEX states it as recorded
      JsonNode recorded = JSON.readTree(set.body()).path("analysis");
      applied.set(
          Map.of(
              "key", key,
              "vulnerability", "CVE-2021-44228",
              "scope", "PORTFOLIO",
              "state", "not_affected",
              "justification", "vulnerable_code_not_in_execute_path",
              "responses", List.of(),
              "author", "oncall",
              "source", "MANUAL",
              "decidedAt", recorded.path("decidedAt").asText()));
      var exported =
          send("GET", url + "/api/v1/projects/shop/vex?version=1.0&format=openvex", AUDITOR, null);
      assertThat(exported.statusCode()).as(exported.body()).isEqualTo(200);
      JsonNode statement = JSON.readTree(exported.body()).path("statements").get(0);
      assertThat(statement.path("vulnerability").path("name").asText()).isEqualTo("CVE-2021-44228");
      assertThat(statement.path("status").asText()).isEqualTo("not_affected");
      assertThat(statement.path("justification").asText())
          .isEqualTo("vulnerable_code_not_in_execute_path");

      var deleted =
          send(
              "DELETE",
              url + "/api/v1/analyses?key=" + enc(key) + "&reason=" + enc("re-decided by VEX"),
              ONCALL,
              null);
      assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
      trail.await(2, 2);
      assertThat(trail.analyses.get(1).value()).as("a tombstone").isNull();
      assertThat(trail.history.get(1).value().getType()).isEqualTo(AnalysisChangeType.DELETED);
      assertThat(trail.history.get(1).value().getReason()).isEqualTo("re-decided by VEX");

      // Dependency-Track's VEX upload of the export records the same decision for the project
      String dtBody =
          JSON.writeValueAsString(
              Map.of(
                  "projectName", "shop",
                  "projectVersion", "1.0",
                  "vex",
                      Base64.getEncoder()
                          .encodeToString(exported.body().getBytes(StandardCharsets.UTF_8))));
      var imported = send("PUT", url + "/api/v1/vex", ONCALL, bytes(dtBody));
      assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
      assertThat(JSON.readTree(imported.body()).path("token").asText()).isNotBlank();
      trail.await(3, 3);
      Analysis back = trail.analyses.get(2).value();
      assertThat(back.getScope().getKind().name()).isEqualTo("COMPONENT");
      assertThat(back.getScope().getProject()).isEqualTo("shop");
      assertThat(back.getScope().getComponent()).isEqualTo(CORE);
      assertThat(back.getState()).isEqualTo(onTopic.getState());
      assertThat(back.getJustification()).isEqualTo(onTopic.getJustification());
      assertThat(back.getSource().name()).isEqualTo("VEX");

      var listed = send("GET", url + "/api/v1/analyses?project=shop&history=true", AUDITOR, null);
      JsonNode list = JSON.readTree(listed.body());
      assertThat(list.path("items")).hasSize(1);
      assertThat(list.path("items").get(0).path("history")).hasSize(1);
      assertThat(list.path("deleted")).isEmpty(); // the deleted one was a portfolio decision
      assertThat(
              JSON.readTree(
                      send("GET", url + "/api/v1/analyses?history=true", AUDITOR, null).body())
                  .path("deleted")
                  .get(0)
                  .path("history"))
          .hasSize(2);

      // an invalid document: every problem, nothing kept
      Path invalid = SharedData.require("vex", "TriageIT").resolve("invalid/trivy-unknown.json");
      var rejected =
          send(
              "POST",
              url + "/api/v1/analyses/vex?project=shop",
              ONCALL,
              Files.readAllBytes(invalid));
      assertThat(rejected.statusCode()).as(rejected.body()).isEqualTo(400);
      assertThat(JSON.readTree(rejected.body()).path("error").asText()).isEqualTo("invalid_vex");
      assertThat(JSON.readTree(rejected.body()).path("details").path("problems")).isNotEmpty();
      assertThat(trail.poll(Duration.ofSeconds(2))).as("nothing written").isZero();

      // a VEX document on the submissions topic, as a producer (vigil vex publish) writes it: the
      // project's decision, authored by the submission's principal
      String openVex =
          """
          {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/shop-1",
           "timestamp": "2024-02-01T00:00:00Z", "version": 1,
           "statements": [
             {"vulnerability": {"name": "CVE-2021-45046"},
              "products": [{"@id": "pkg:maven/org.apache.logging.log4j/log4j-core"}],
              "status": "not_affected", "justification": "vulnerable_code_not_present"}]}
          """;
      try (SubmissionPublisher producer = new SubmissionPublisher(kafka, "vex-producer");
          DeadLetters deadLetters = new DeadLetters(kafka)) {
        producer.publish(vexSubmission("release-bot"), bytes(openVex), null, 768 * 1024);
        trail.await(4, 4);
        Analysis fromTopic = trail.analyses.get(3).value();
        assertThat(trail.analyses.get(3).key())
            .isEqualTo(
                "component|CVE-2021-45046|shop|1.0|pkg:maven/org.apache.logging.log4j/log4j-core");
        assertThat(fromTopic.getState().name()).isEqualTo("NOT_AFFECTED");
        assertThat(fromTopic.getSource().name()).isEqualTo("VEX");
        assertThat(fromTopic.getAuthor()).isEqualTo("release-bot");
        assertThat(trail.history.get(3).value().getAnalysis()).isEqualTo(fromTopic);

        // an invalid one over the same topic: dead-lettered with its problems, nothing kept
        producer.publish(
            vexSubmission("release-bot"), Files.readAllBytes(invalid), null, 768 * 1024);
        String reason = deadLetters.awaitOne();
        assertThat(reason).startsWith("invalid VEX document").contains("$: not a VEX document");
        assertThat(trail.poll(Duration.ofSeconds(2))).as("nothing written").isZero();
      }
    } finally {
      queryApi.stop(0);
    }
  }

  private static Submissions.Envelope vexSubmission(String submittedBy) {
    return new Submissions.Envelope(
            UUID.randomUUID().toString(),
            "shop",
            "1.0",
            null,
            false,
            false,
            "kafka",
            submittedBy,
            java.time.Instant.now())
        .withKind(io.vigil.events.v1.SubmissionKind.VEX);
  }

  /** ingest-sbom's dead-letter topic, read committed from the beginning. */
  private static final class DeadLetters implements AutoCloseable {
    private final KafkaConsumer<String, io.vigil.events.v1.DeadLetter> consumer;

    DeadLetters(KafkaSettings kafka) {
      var topic = kafka.catalog().deadLetters(io.vigil.schemas.VigilService.INGEST_SBOM);
      consumer =
          new KafkaConsumer<>(
              kafka.consumer("dlq-" + UUID.randomUUID(), "dlq"),
              new StringDeserializer(),
              kafka.serdeFactory().value(topic).deserializer());
      consumer.subscribe(List.of(topic.name()));
    }

    /** The reason of the one dead letter that arrives. */
    String awaitOne() {
      List<String> reasons = new ArrayList<>();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                consumer
                    .poll(Duration.ofMillis(200))
                    .forEach(r -> reasons.add(r.value().getReason()));
                return !reasons.isEmpty();
              });
      assertThat(reasons).hasSize(1);
      return reasons.get(0);
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  /**
   * The correlator's query API, as far as the export reads it: shop 1.0 ships log4j-core, with the
   * decision the correlator applied to it once {@code applied} holds one.
   */
  private static HttpServer exposuresOfShop(AtomicReference<Map<String, Object>> applied)
      throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    s.createContext(
        "/api/v1/projects/shop/exposures",
        ex -> {
          Map<String, Object> item = new LinkedHashMap<>();
          item.put("project", "shop");
          item.put("projectVersion", "1.0");
          item.put("purl", CORE);
          item.put("advisory", "GHSA-jfh8-c2jp-5v3q");
          item.put("aliases", List.of("CVE-2021-44228"));
          item.put("vulnerability", "CVE-2021-44228");
          item.put("smallestFix", "2.15.0");
          if (applied.get() != null) {
            item.put("analysis", applied.get());
          }
          byte[] page = JSON.writeValueAsBytes(Map.of("items", List.of(item)));
          ex.getResponseHeaders().set("Content-Type", "application/json");
          ex.sendResponseHeaders(200, page.length);
          ex.getResponseBody().write(page);
          ex.close();
        });
    s.start();
    return s;
  }

  private KafkaSettings settings(KafkaBroker broker) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, stateDir);
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
    }
    return kafka;
  }

  /** Retries while the decisions are still being read (503), then answers the last response. */
  private static HttpResponse<String> await503(Call call) {
    @SuppressWarnings("unchecked")
    HttpResponse<String>[] last = new HttpResponse[1];
    await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () -> {
              last[0] = call.send();
              return last[0].statusCode() != 503;
            });
    return last[0];
  }

  private interface Call {
    HttpResponse<String> send() throws Exception;
  }

  private HttpResponse<String> send(String method, String url, String key, byte[] body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .method(
                method, body == null ? BodyPublishers.noBody() : BodyPublishers.ofByteArray(body))
            .header("X-Api-Key", key);
    return http.send(b.build(), BodyHandlers.ofString());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String enc(String s) {
    return java.net.URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** Both analyses topics, read committed, in order. */
  private static final class Trail implements AutoCloseable {
    final List<ConsumerRecord<String, Analysis>> analyses = new ArrayList<>();
    final List<ConsumerRecord<String, AnalysisChange>> history = new ArrayList<>();
    private final KafkaConsumer<String, byte[]> consumer;
    private final KafkaSettings kafka;

    Trail(KafkaSettings kafka) {
      this.kafka = kafka;
      consumer =
          new KafkaConsumer<>(
              kafka.consumer("trail-" + UUID.randomUUID(), "trail"),
              new StringDeserializer(),
              new ByteArrayDeserializer());
      consumer.assign(
          List.of(
              new TopicPartition(kafka.catalog().analyses().name(), 0),
              new TopicPartition(kafka.catalog().analyses().name(), 1),
              new TopicPartition(kafka.catalog().analyses().name(), 2),
              new TopicPartition(kafka.catalog().analysisHistory().name(), 0),
              new TopicPartition(kafka.catalog().analysisHistory().name(), 1),
              new TopicPartition(kafka.catalog().analysisHistory().name(), 2)));
    }

    void await(int analysisCount, int historyCount) {
      org.awaitility.Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                poll(Duration.ofMillis(200));
                return analyses.size() >= analysisCount && history.size() >= historyCount;
              });
      assertThat(analyses).hasSize(analysisCount);
      assertThat(history).hasSize(historyCount);
    }

    int poll(Duration d) {
      int n = 0;
      var analysesSerde = kafka.serdeFactory().value(kafka.catalog().analyses());
      var historySerde = kafka.serdeFactory().value(kafka.catalog().analysisHistory());
      for (ConsumerRecord<String, byte[]> r : consumer.poll(d)) {
        n++;
        if (r.topic().equals(kafka.catalog().analyses().name())) {
          analyses.add(
              new ConsumerRecord<>(
                  r.topic(),
                  r.partition(),
                  r.offset(),
                  r.key(),
                  r.value() == null ? null : analysesSerde.deserialize(r.topic(), r.value())));
        } else {
          history.add(
              new ConsumerRecord<>(
                  r.topic(),
                  r.partition(),
                  r.offset(),
                  r.key(),
                  historySerde.deserialize(r.topic(), r.value())));
        }
      }
      return n;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
