package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.Reach;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.internal.v1.InventoryPage;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Dependency paths on component events, and UPDATED when only the graph changes. */
class SbomPathsTopologyTest {
  private static final Instant START = Instant.parse("2024-03-01T12:00:00Z");

  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, SbomSubmission> submissions;
  private TestOutputTopic<String, ComponentEvent> components;
  private TestOutputTopic<String, SbomStatus> statuses;
  private int tokens;

  @BeforeEach
  void start() {
    driver =
        new TopologyTestDriver(
            SbomIngestTopology.build(
                topics,
                serdes,
                IngestSbomConfig.defaults(),
                (id, s) -> {},
                SubmissionProcessor.Outcomes.NONE),
            KafkaSettings.local("unused:9092").withStateDir(stateDir).streams("paths-test"),
            START);
    submissions = DriverTopics.input(driver, serdes, topics.sbomSubmissions());
    components = DriverTopics.output(driver, serdes, topics.components());
    statuses = DriverTopics.output(driver, serdes, topics.sbomStatus());
  }

  @AfterEach
  void close() {
    driver.close();
  }

  /**
   * The demo shop: spring-boot-starter-log4j2 pulls in log4j-core, which pulls in log4j-api; the
   * graph is given as ref → dependsOn (refs: app, starter, core, api, lang).
   */
  private static byte[] shop(Map<String, List<String>> graph) {
    Map<String, String[]> c = new LinkedHashMap<>();
    c.put(
        "starter",
        new String[] {"org.springframework.boot", "spring-boot-starter-log4j2", "2.5.0"});
    c.put("core", new String[] {"org.apache.logging.log4j", "log4j-core", "2.14.1"});
    c.put("api", new String[] {"org.apache.logging.log4j", "log4j-api", "2.14.1"});
    c.put("lang", new String[] {"org.apache.commons", "commons-lang3", "3.12.0"});
    StringBuilder b =
        new StringBuilder(
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"metadata\":"
                + "{\"component\":{\"type\":\"application\",\"name\":\"shop\",\"bom-ref\":\"app\"}},"
                + "\"components\":[");
    c.forEach(
        (ref, gav) ->
            b.append(ref.equals("starter") ? "" : ",")
                .append("{\"type\":\"library\",\"bom-ref\":\"")
                .append(ref)
                .append("\",\"group\":\"")
                .append(gav[0])
                .append("\",\"name\":\"")
                .append(gav[1])
                .append("\",\"version\":\"")
                .append(gav[2])
                .append("\",\"purl\":\"pkg:maven/")
                .append(gav[0])
                .append('/')
                .append(gav[1])
                .append('@')
                .append(gav[2])
                .append("\"}"));
    b.append("],\"dependencies\":[");
    StringBuilder deps = new StringBuilder();
    graph.forEach(
        (from, to) ->
            deps.append(deps.length() == 0 ? "" : ",")
                .append("{\"ref\":\"")
                .append(from)
                .append("\",\"dependsOn\":[")
                .append(String.join(",", to.stream().map(t -> "\"" + t + "\"").toList()))
                .append("]}"));
    return b.append(deps).append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }

  private static final Map<String, List<String>> VIA_STARTER =
      Map.of(
          "app", List.of("starter", "lang"),
          "starter", List.of("core"),
          "core", List.of("api"));

  private static final Map<String, List<String>> CORE_DECLARED =
      Map.of(
          "app", List.of("starter", "lang", "core"),
          "starter", List.of("core"),
          "core", List.of("api"));

  private String submit(byte[] document) {
    tokens++;
    Submissions.Envelope e =
        new Submissions.Envelope(
            "token-" + tokens, "shop", "1.0", null, false, false, "kafka", null, START);
    for (SbomSubmission chunk : Submissions.encode(e, document, 64 * 1024)) {
      submissions.pipeInput("shop", chunk);
    }
    return e.submissionId();
  }

  private Map<String, ComponentEvent> byName(List<ComponentEvent> events) {
    Map<String, ComponentEvent> out = new LinkedHashMap<>();
    events.forEach(e -> out.put(e.getComponent().getName(), e));
    return out;
  }

  @Test
  void shouldCarryHowTheProjectReachesEachComponentOnItsAddedEvent() {
    submit(shop(VIA_STARTER));

    Map<String, ComponentEvent> events = byName(components.readValuesToList());

    ComponentPaths core = events.get("log4j-core").getPaths();
    assertThat(core.getReach()).isEqualTo(Reach.TRANSITIVE);
    assertThat(core.getVia())
        .containsExactly("org.springframework.boot/spring-boot-starter-log4j2@2.5.0");
    assertThat(core.getPaths())
        .containsExactly(List.of("org.springframework.boot/spring-boot-starter-log4j2@2.5.0"));
    assertThat(events.get("log4j-api").getPaths().getDepth()).isEqualTo(3);
    assertThat(events.get("commons-lang3").getPaths().getReach()).isEqualTo(Reach.DIRECT);
    assertThat(events.values()).allMatch(e -> e.getChange() == ComponentChange.ADDED);
  }

  @Test
  void shouldEmitOnlyUpdatedEventsForTheComponentsWhosePathsChangedWhenOnlyTheGraphChanges() {
    submit(shop(VIA_STARTER));
    components.readValuesToList();

    // the project now declares log4j-core itself: core becomes direct, api one step closer
    String token = submit(shop(CORE_DECLARED));
    List<ComponentEvent> events = components.readValuesToList();

    assertThat(events)
        .extracting(e -> e.getChange() + " " + e.getComponent().getName())
        .containsExactlyInAnyOrder("UPDATED log4j-core", "UPDATED log4j-api");
    Map<String, ComponentEvent> updated = byName(events);
    assertThat(updated.get("log4j-core").getPaths().getReach()).isEqualTo(Reach.DIRECT);
    assertThat(updated.get("log4j-core").getPaths().getVia())
        .containsExactly("org.springframework.boot/spring-boot-starter-log4j2@2.5.0");
    assertThat(updated.get("log4j-api").getPaths().getDepth()).isEqualTo(2);
    assertThat(updated.get("log4j-api").getEventId())
        .isEqualTo(token + ":UPDATED:" + purlOf(updated.get("log4j-api")));
    assertThat(updated.values()).noneMatch(ComponentEvent::getInitialInventory);
    SbomStatus status = statusOf(token);
    assertThat(status.getState()).isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(List.of(status.getAdded(), status.getRemoved(), status.getUnchanged()))
        .containsExactly(0, 0, 4);
  }

  @Test
  void shouldEmitNothingWhenTheSameGraphComesAgainAfterAnUpdate() {
    submit(shop(VIA_STARTER));
    submit(shop(CORE_DECLARED));
    components.readValuesToList();

    submit(shop(CORE_DECLARED));

    assertThat(components.readValuesToList()).isEmpty();
  }

  @Test
  void shouldRemoveAComponentAsTheLastUpdateStatedItWhenItLeavesLater() {
    submit(shop(VIA_STARTER));
    submit(shop(CORE_DECLARED));
    components.readValuesToList();

    // log4j-api disappears (and so does its edge)
    String withoutApi =
        new String(
                shop(Map.of("app", List.of("starter", "lang", "core"), "starter", List.of("core"))),
                StandardCharsets.UTF_8)
            .replaceAll(",\\{\"type\":\"library\",\"bom-ref\":\"api\"[^}]*\\}", "");
    submit(withoutApi.getBytes(StandardCharsets.UTF_8));
    List<ComponentEvent> events = components.readValuesToList();

    assertThat(events)
        .extracting(e -> e.getChange() + " " + e.getComponent().getName())
        .containsExactly("REMOVED log4j-api");
    assertThat(events.get(0).getPaths()).isNull();
    assertThat(events.get(0).getComponent().getVersion()).isEqualTo("2.14.1");
  }

  @Test
  void shouldKeepEachComponentsPathsHashInTheInventoryStore() {
    submit(shop(VIA_STARTER));
    List<ComponentEvent> events = components.readValuesToList();

    KeyValueStore<String, InventoryPage> store =
        driver.getKeyValueStore(SbomIngestTopology.INVENTORY_STORE);
    Map<String, Long> stored = new LinkedHashMap<>();
    try (KeyValueIterator<String, InventoryPage> it = store.all()) {
      it.forEachRemaining(
          kv -> kv.value.getEntries().forEach(e -> stored.put(e.getIdentity(), e.getPathsHash())));
    }

    assertThat(stored).hasSize(4);
    for (ComponentEvent e : events) {
      assertThat(stored.get(e.getComponent().getPurl()))
          .isEqualTo(PathsOnTheWire.hash(e.getPaths()));
    }
  }

  private static String purlOf(ComponentEvent e) {
    return e.getComponent().getPurl();
  }

  private SbomStatus statusOf(String token) {
    SbomStatus last = null;
    for (KeyValue<String, SbomStatus> kv : statuses.readKeyValuesToList()) {
      if (kv.key.equals(token)) {
        last = kv.value;
      }
    }
    assertThat(last).isNotNull();
    return last;
  }
}
