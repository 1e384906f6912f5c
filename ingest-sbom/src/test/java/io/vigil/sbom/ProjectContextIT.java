package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.ProjectExposure;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project registry and the coverage API on a real broker: Dependency-Track's projectTags kept
 * as declared context, context set over HTTP on either instance and read back from the other, the
 * components re-emitted as UPDATED, and every project's last SBOM with its score. (A context set
 * before the first SBOM is ProjectContextTopologyTest's: across two input topics the order is only
 * deterministic in the test driver.)
 */
@ExtendWith(KafkaBrokerExtension.class)
class ProjectContextIT {
  private static final String CORE = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String API = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path stateDir;

  @Test
  void shouldCarryTheRegistrysContextOnTheComponentsAndUpdateThemWhenItChanges(KafkaBroker broker)
      throws Exception {
    KafkaSettings a = settings(broker, stateDir.resolve("a"));
    KafkaSettings b = a.withStateDir(stateDir.resolve("b"));
    IngestSbomConfig cfg =
        IngestSbomConfig.defaults()
            .withHttpPort(0)
            .withApiKeys(
                List.of(
                    new IngestSbomConfig.ApiKey("ops", Secret.of("k-ops"), List.of("*")),
                    new IngestSbomConfig.ApiKey("ci-shop", Secret.of("k-shop"), List.of("shop"))));
    try (SbomIngestService one = start(a, cfg);
        SbomIngestService two = start(b, cfg);
        Events events = new Events(a)) {
      // the first SBOM declares the Dependency-Track tags only
      String token = dependencyTrackPut(one, "shop", "1.0", List.of(CORE, API), List.of("pci"));
      List<ComponentEvent> added = events.awaitCount(2);
      assertThat(added)
          .allSatisfy(
              e -> {
                assertThat(e.getChange()).isEqualTo(ComponentChange.ADDED);
                assertThat(e.getSubmissionId()).isEqualTo(token);
                assertThat(e.getProjectContext().getTags()).containsExactly("pci");
                assertThat(e.getProjectContext().getTeam()).isNull();
              });

      // the registry adds team, criticality and a tag: every component UPDATED with them
      HttpResponse<String> set =
          put(
              one.url() + "/api/v1/projects/shop/context",
              "k-ops",
              "{\"team\":\"checkout\",\"criticality\":\"mission-essential\",\"tags\":[\"Tier-1\"]}");
      assertThat(set.statusCode()).as(set.body()).isEqualTo(200);
      assertThat(JSON.readTree(set.body()).path("context").path("criticality").asText())
          .isEqualTo("mission-essential");
      List<ComponentEvent> registered = events.awaitCount(2);
      assertThat(registered)
          .allSatisfy(
              e -> {
                assertThat(e.getChange()).isEqualTo(ComponentChange.UPDATED);
                assertThat(e.getProjectContext().getTeam()).isEqualTo("checkout");
                assertThat(e.getProjectContext().getCriticality())
                    .isEqualTo(Criticality.MISSION_ESSENTIAL);
                assertThat(e.getProjectContext().getTags()).containsExactly("pci", "tier-1");
              });

      // the other instance answers too, with both layers and where each part comes from
      JsonNode view =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      JSON.readTree(
                          get(two.url() + "/api/v1/projects/shop/context", "k-shop").body()),
                  n ->
                      n.path("declared").path("tags").size() == 1
                          && n.path("registry").path("team").asText().equals("checkout"));
      assertThat(view.path("context").path("tags").toString()).isEqualTo("[\"pci\",\"tier-1\"]");
      assertThat(view.path("sources").path("tags").asText()).isEqualTo("registry,sbom");
      assertThat(view.path("registry").path("updatedBy").asText()).isEqualTo("ops");
      assertThat(view.path("declared").path("token").asText()).isEqualTo(token);

      // another change, from the other instance: UPDATED again, nothing else
      assertThat(
              put(
                      two.url() + "/api/v1/projects/shop/context",
                      "k-shop",
                      "{\"team\":\"checkout\",\"criticality\":\"mission-essential\","
                          + "\"exposure\":\"internet-facing\",\"tags\":[\"tier-1\"]}")
                  .statusCode())
          .isEqualTo(200);
      List<ComponentEvent> updated = events.awaitCount(2);
      assertThat(updated)
          .allSatisfy(
              e -> {
                assertThat(e.getChange()).isEqualTo(ComponentChange.UPDATED);
                assertThat(e.getProjectContext().getExposure())
                    .isEqualTo(ProjectExposure.INTERNET_FACING);
              });
      assertThat(events.poll(Duration.ofSeconds(2))).as("no NEW/REMOVED churn").isEmpty();

      // the coverage of every project's last SBOM
      JsonNode coverage =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () ->
                      JSON.readTree(
                          get(two.url() + "/api/v1/coverage?staleAfter=7d", "k-ops").body()),
                  n -> n.path("projectCount").asInt() == 1);
      JsonNode shop = coverage.path("projects").get(0);
      assertThat(shop.path("project").asText()).isEqualTo("shop");
      assertThat(shop.path("version").asText()).isEqualTo("1.0");
      assertThat(shop.path("stale").asBoolean()).isFalse();
      assertThat(shop.path("components").asInt()).isEqualTo(2);
      assertThat(shop.path("score").asInt()).isBetween(1, 99);
      assertThat(coverage.path("staleCount").asInt()).isZero();
    }
  }

  @Test
  void shouldRefuseAnInvalidContextWithEveryProblemAndAKeyOutsideItsProjects(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = settings(broker, stateDir);
    IngestSbomConfig cfg =
        IngestSbomConfig.defaults()
            .withHttpPort(0)
            .withApiKeys(
                List.of(
                    new IngestSbomConfig.ApiKey("ci-shop", Secret.of("k-shop"), List.of("shop"))));
    try (SbomIngestService svc = start(kafka, cfg)) {
      HttpResponse<String> invalid =
          put(
              svc.url() + "/api/v1/projects/shop/context",
              "k-shop",
              "{\"criticality\":\"high\",\"exposure\":\"dmz\",\"colour\":\"red\"}");
      HttpResponse<String> forbidden =
          put(svc.url() + "/api/v1/projects/billing/context", "k-shop", "{\"team\":\"x\"}");
      HttpResponse<String> unknown = get(svc.url() + "/api/v1/projects/shop/context", "k-shop");
      HttpResponse<String> noKey = get(svc.url() + "/api/v1/coverage", null);

      assertThat(invalid.statusCode()).isEqualTo(400);
      assertThat(JSON.readTree(invalid.body()).path("details").path("problems").toString())
          .contains("colour: unknown field")
          .contains("criticality: 'high' is not mission-essential, support or minimal")
          .contains("exposure: 'dmz' is not internet-facing or internal");
      assertThat(forbidden.statusCode()).isEqualTo(403);
      assertThat(unknown.statusCode()).isEqualTo(404);
      assertThat(noKey.statusCode()).isEqualTo(401);
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private static KafkaSettings settings(KafkaBroker broker, Path stateDir) throws Exception {
    String prefix = "ctx" + UUID.randomUUID().toString().substring(0, 8) + ".";
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

  private HttpResponse<String> put(String url, String key, String body) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .PUT(HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> get(String url, String key) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).GET();
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String dependencyTrackPut(
      SbomIngestService svc, String project, String version, List<String> purls, List<String> tags)
      throws Exception {
    List<Map<String, String>> projectTags = new ArrayList<>();
    tags.forEach(t -> projectTags.add(Map.of("name", t)));
    String json =
        JSON.writeValueAsString(
            Map.of(
                "projectName",
                project,
                "projectVersion",
                version,
                "autoCreate",
                true,
                "projectTags",
                projectTags,
                "bom",
                Base64.getEncoder().encodeToString(Sboms.cyclonedx(purls))));
    HttpResponse<String> resp =
        http.send(
            HttpRequest.newBuilder(URI.create(svc.url() + "/api/v1/bom"))
                .header("Content-Type", "application/json")
                .header("X-Api-Key", "k-ops")
                .PUT(HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
    return JSON.readTree(resp.body()).path("token").asText();
  }

  /** Component events from the start of the topic, in order. */
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
      await()
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
