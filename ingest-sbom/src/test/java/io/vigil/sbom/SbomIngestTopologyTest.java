package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SbomIngestTopologyTest {
  private static final Instant START = Instant.parse("2024-03-01T12:00:00Z");
  private static final String CORE_14 = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String CORE_17 = "pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1";
  private static final String API = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
  private static final String LANG = "pkg:maven/org.apache.commons/commons-lang3@3.12.0";
  private static final String JACKSON =
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.13.0";

  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  private final Map<String, SbomStatus> globalStatuses = new ConcurrentHashMap<>();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, SbomSubmission> submissions;
  private TestOutputTopic<String, ComponentEvent> components;
  private TestOutputTopic<String, SbomStatus> statuses;
  private TestOutputTopic<String, DeadLetter> deadLetters;
  private int tokens;
  private final List<KeyValue<String, SbomStatus>> statusLog = new ArrayList<>();

  private void start(IngestSbomConfig config) {
    Topology topology =
        SbomIngestTopology.build(
            topics,
            serdes,
            config,
            (id, s) -> {
              if (s == null) {
                globalStatuses.remove(id);
              } else {
                globalStatuses.put(id, s);
              }
            },
            SubmissionProcessor.Outcomes.NONE);
    driver =
        new TopologyTestDriver(
            topology,
            KafkaSettings.local("unused:9092").withStateDir(stateDir).streams("ingest-sbom-test"),
            START);
    submissions = DriverTopics.input(driver, serdes, topics.sbomSubmissions());
    components = DriverTopics.output(driver, serdes, topics.components());
    statuses = DriverTopics.output(driver, serdes, topics.sbomStatus());
    var dlq = topics.deadLetters(VigilService.INGEST_SBOM);
    deadLetters = DriverTopics.output(driver, serdes, dlq);
  }

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void shouldPublishEveryComponentAsAnInitialAdditionWhenAProjectSendsItsFirstSbom() {
    start(IngestSbomConfig.defaults());

    String twice =
        new String(Sboms.cyclonedx(List.of(CORE_14, API)), StandardCharsets.UTF_8)
            .replace(
                "]}",
                ",{\"type\":\"library\",\"name\":\"log4j-core\",\"scope\":\"optional\","
                    + "\"purl\":\""
                    + CORE_14
                    + "\"}]}");
    String token = submit("shop", "1.0", twice.getBytes(StandardCharsets.UTF_8), false);

    List<KeyValue<String, ComponentEvent>> events = components.readKeyValuesToList();
    assertThat(events).extracting(kv -> kv.key).containsOnly("shop");
    assertThat(events)
        .extracting(kv -> kv.value.getComponent().getPurl())
        .containsExactly(CORE_14, API);
    assertThat(events)
        .allSatisfy(
            kv -> {
              assertThat(kv.value.getChange()).isEqualTo(ComponentChange.ADDED);
              assertThat(kv.value.getInitialInventory()).isTrue();
              assertThat(kv.value.getSubmissionId()).isEqualTo(token);
              assertThat(kv.value.getProjectVersion()).isEqualTo("1.0");
              assertThat(kv.value.getComponent().getPackageKey())
                  .startsWith("Maven/org.apache.logging.log4j:");
            });
    SbomStatus status = lastStatus(token);
    assertThat(status.getState()).isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(status.getComponents()).isEqualTo(2);
    assertThat(status.getAdded()).isEqualTo(2);
    assertThat(status.getInitialInventory()).isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldPublishExactlyTheUpgradeAndTheRemovalWhenTheNextSbomChangesTwoComponents() {
    start(IngestSbomConfig.defaults());
    submit("shop", "1.0", Sboms.cyclonedx(List.of(CORE_14, API, LANG)), false);
    components.readKeyValuesToList();

    String second = submit("shop", "1.1", Sboms.cyclonedx(List.of(CORE_17, API)), false);

    List<ComponentEvent> events = components.readValuesToList();
    assertThat(events)
        .extracting(
            e -> e.getChange() + " " + e.getComponent().getPurl() + " replaces " + e.getReplaces())
        .containsExactly(
            "REMOVED " + LANG + " replaces null",
            "REMOVED " + CORE_14 + " replaces null",
            "ADDED " + CORE_17 + " replaces 2.14.1");
    assertThat(events).allSatisfy(e -> assertThat(e.getInitialInventory()).isFalse());
    SbomStatus status = lastStatus(second);
    assertThat(status.getAdded()).isOne();
    assertThat(status.getRemoved()).isEqualTo(2);
    assertThat(status.getUnchanged()).isOne();
    assertThat(status.getInitialInventory()).isFalse();
  }

  @Test
  void shouldPublishNoComponentEventWhenAnIdenticalSbomIsSubmittedAgain() {
    start(IngestSbomConfig.defaults());
    byte[] doc = Sboms.cyclonedx(List.of(CORE_14, API));
    submit("shop", "1.0", doc, false);
    components.readKeyValuesToList();

    String again = submit("shop", "1.0", doc, false);

    assertThat(components.isEmpty()).isTrue();
    assertThat(lastStatus(again).getState()).isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(lastStatus(again).getUnchanged()).isEqualTo(2);
  }

  @Test
  void shouldRejectToTheDeadLetterTopicWithEveryViolationWhenPurlsDoNotParse() {
    start(IngestSbomConfig.defaults());
    byte[] doc = Sboms.cyclonedx(List.of(CORE_14)).clone();
    String json =
        new String(doc, StandardCharsets.UTF_8)
            .replace(
                "]}",
                ",{\"type\":\"library\",\"name\":\"x\",\"purl\":\"pkg:pypi/\"},"
                    + "{\"type\":\"library\",\"name\":\"y\",\"purl\":\"pkg:///\"}]}");

    String token = submit("shop", null, json.getBytes(StandardCharsets.UTF_8), false);

    assertThat(components.isEmpty()).isTrue();
    SbomStatus status = lastStatus(token);
    assertThat(status.getState()).isEqualTo(SbomProcessingState.REJECTED);
    assertThat(status.getViolations())
        .hasSize(2)
        .anySatisfy(v -> assertThat(v).contains("$.components[1]").contains("'pkg:pypi/'"))
        .anySatisfy(v -> assertThat(v).contains("$.components[2]").contains("'pkg:///'"));
    KeyValue<String, DeadLetter> dead = deadLetters.readKeyValue();
    assertThat(dead.key).isEqualTo("shop");
    assertThat(dead.value.getService()).isEqualTo("ingest-sbom");
    assertThat(dead.value.getSourceTopic()).isEqualTo(topics.sbomSubmissions().name());
    assertThat(dead.value.getReason())
        .contains("2 violations")
        .contains("pkg:pypi/")
        .contains("pkg:///");
    assertThat(StandardCharsets.UTF_8.decode(dead.value.getValue()).toString()).isEqualTo(json);
  }

  @Test
  void shouldAcceptWithWarningsWhenTheSubmissionAsksForLenientMode() {
    start(IngestSbomConfig.defaults());
    String json =
        new String(Sboms.cyclonedx(List.of(CORE_14)), StandardCharsets.UTF_8)
            .replace(
                "]}",
                ",{\"type\":\"library\",\"name\":\"x\",\"version\":\"1\",\"purl\":\"pkg:pypi/\"}]}");

    String token = submit("shop", null, json.getBytes(StandardCharsets.UTF_8), true);

    List<ComponentEvent> events = components.readValuesToList();
    assertThat(events).hasSize(2);
    assertThat(events.get(1).getComponent().getPurl()).isEqualTo("pkg:pypi/");
    assertThat(events.get(1).getComponent().getPackageKey()).isNull();
    SbomStatus status = lastStatus(token);
    assertThat(status.getState()).isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(status.getComponentsWithoutPurl()).isOne();
    assertThat(status.getWarnings()).anySatisfy(w -> assertThat(w).contains("pkg:pypi/"));
  }

  @Test
  void shouldReassembleTheDocumentWhenItsChunksArriveInterleavedWithAnotherSubmission() {
    start(IngestSbomConfig.defaults());
    byte[] big = Sboms.large(2_000);
    var bigChunks = Submissions.encode(envelope("big", null, false), big, 8 * 1024);
    var small =
        Submissions.encode(envelope("small", null, false), Sboms.cyclonedx(List.of(API)), 8 * 1024);
    assertThat(bigChunks.size()).isGreaterThan(2);

    submissions.pipeInput("big", bigChunks.get(0));
    submissions.pipeInput("small", small.get(0));
    for (int i = bigChunks.size() - 1; i >= 1; i--) {
      submissions.pipeInput("big", bigChunks.get(i));
    }

    Map<String, List<ComponentEvent>> byProject = new java.util.HashMap<>();
    components
        .readKeyValuesToList()
        .forEach(kv -> byProject.computeIfAbsent(kv.key, k -> new ArrayList<>()).add(kv.value));
    assertThat(byProject.get("small")).hasSize(1);
    assertThat(byProject.get("big")).hasSize(2_000);
    assertThat(lastStatus(bigChunks.get(0).getSubmissionId()).getComponents()).isEqualTo(2_000);
  }

  @Test
  void shouldRejectASubmissionWhenItsRemainingChunksNeverArrive() {
    start(
        new IngestSbomConfig(
            null, null, null, null, null, null, null, null, null, Duration.ofMinutes(10), null));
    var chunks = Submissions.encode(envelope("big", null, false), Sboms.large(2_000), 8 * 1024);
    submissions.pipeInput("big", chunks.get(0), START);

    driver.advanceWallClockTime(Duration.ofMinutes(11));

    SbomStatus status = lastStatus(chunks.get(0).getSubmissionId());
    assertThat(status.getState()).isEqualTo(SbomProcessingState.REJECTED);
    assertThat(status.getViolations())
        .singleElement()
        .asString()
        .contains("incomplete: 1 of " + chunks.size() + " chunks arrived");
    assertThat(deadLetters.readValue().getReason()).contains("incomplete");
    assertThat(components.isEmpty()).isTrue();
  }

  @Test
  void shouldRejectWithoutInflatingEverythingWhenAChunkedDocumentExceedsTheLimit() {
    start(new IngestSbomConfig(null, 100_000L, null));
    String token = submit("shop", null, Sboms.large(5_000), false);

    assertThat(lastStatus(token).getViolations())
        .singleElement()
        .asString()
        .contains("exceeds the limit of 100000 bytes");
    assertThat(components.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepOneInventoryPerVersionWhenVersionsAreSeparateInventories() {
    start(IngestSbomConfig.defaults().withVersionsAreSeparateInventories(true));
    submit("shop", "1.0", Sboms.cyclonedx(List.of(CORE_14)), false);
    submit("shop", "2.0", Sboms.cyclonedx(List.of(CORE_17)), false);

    List<KeyValue<String, ComponentEvent>> events = components.readKeyValuesToList();

    assertThat(events)
        .extracting(
            kv -> kv.key + " " + kv.value.getChange() + " " + kv.value.getComponent().getPurl())
        .containsExactly("shop@1.0 ADDED " + CORE_14, "shop@2.0 ADDED " + CORE_17);
    assertThat(events).allSatisfy(kv -> assertThat(kv.value.getInitialInventory()).isTrue());
  }

  @Test
  void shouldDeleteTheOldestStatusWhenTheProjectHistoryIsFull() {
    start(new IngestSbomConfig(null, null, null, null, null, null, null, null, null, null, 2));
    String first = submit("shop", null, Sboms.cyclonedx(List.of(CORE_14)), false);
    submit("shop", null, Sboms.cyclonedx(List.of(CORE_17)), false);
    submit("shop", null, Sboms.cyclonedx(List.of(API)), false);

    List<KeyValue<String, SbomStatus>> written = statuses.readKeyValuesToList();

    assertThat(written)
        .filteredOn(kv -> kv.key.equals(first))
        .last()
        .satisfies(kv -> assertThat(kv.value).isNull());
    assertThat(written).filteredOn(kv -> kv.value == null).hasSize(1);
  }

  @Test
  void shouldRejectAnEnvelopeWhenTheProjectNameHasControlCharacters() {
    start(IngestSbomConfig.defaults());
    String token = submit("sh\u0000op", null, Sboms.cyclonedx(List.of(CORE_14)), false);

    assertThat(lastStatus(token).getState()).isEqualTo(SbomProcessingState.REJECTED);
    assertThat(lastStatus(token).getViolations())
        .singleElement()
        .asString()
        .contains("control characters");
    assertThat(components.isEmpty()).isTrue();
  }

  @Test
  void shouldKeepTheGlobalStatusStoreCurrentWhenStatusesAreWritten() {
    start(IngestSbomConfig.defaults());
    String token = submit("shop", null, Sboms.cyclonedx(List.of(CORE_14)), false);
    TestInputTopic<String, SbomStatus> statusIn =
        DriverTopics.input(driver, serdes, topics.sbomStatus());

    for (KeyValue<String, SbomStatus> kv : statuses.readKeyValuesToList()) {
      statusIn.pipeInput(kv.key, kv.value);
    }

    var store = driver.<String, SbomStatus>getKeyValueStore(SbomIngestTopology.STATUS_STORE);
    assertThat(store.get(token).getState()).isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(globalStatuses.get(token).getState()).isEqualTo(SbomProcessingState.COMPLETED);
  }

  @Test
  void shouldReportOnlyTheChangesWhenAnInventorySpansSeveralPages() {
    // Given a 3,000-component inventory: more events than one store page holds
    start(IngestSbomConfig.defaults());
    String big = new String(Sboms.large(3_000), StandardCharsets.UTF_8);
    submit("monolith", null, big.getBytes(StandardCharsets.UTF_8), false);
    assertThat(components.readKeyValuesToList()).hasSize(3_000);
    var pages = driver.<String, Object>getKeyValueStore(SbomIngestTopology.INVENTORY_STORE);
    try (var all = pages.all()) {
      assertThat(all).toIterable().hasSizeGreaterThan(1);
    }

    // When lib-1500 is upgraded, lib-7 removed, then the same SBOM sent again
    String next =
        big.replace("lib-1500@1.0.1500", "lib-1500@2.0.0")
            .replace(
                ",{\"type\":\"library\",\"bom-ref\":\"c7\",\"group\":\"com.example.g7\","
                    + "\"name\":\"lib-7\",\"version\":\"1.0.7\","
                    + "\"purl\":\"pkg:maven/com.example.g7/lib-7@1.0.7\"}",
                "");
    submit("monolith", null, next.getBytes(StandardCharsets.UTF_8), false);
    List<ComponentEvent> changes = components.readValuesToList();
    submit("monolith", null, next.getBytes(StandardCharsets.UTF_8), false);

    // Then exactly those changes, with the removed components as they were added
    assertThat(changes)
        .extracting(e -> e.getChange() + " " + e.getComponent().getPurl() + " " + e.getReplaces())
        .containsExactly(
            "REMOVED pkg:maven/com.example.g45/lib-1500@1.0.1500 null",
            "REMOVED pkg:maven/com.example.g7/lib-7@1.0.7 null",
            "ADDED pkg:maven/com.example.g45/lib-1500@2.0.0 1.0.1500");
    assertThat(changes.get(1).getComponent().getBomRef()).isEqualTo("c7");
    assertThat(components.isEmpty()).as("identical SBOM: no events").isTrue();
  }

  @Test
  void shouldMatchTheCommittedTopologySnapshotWhenBuilt() throws IOException {
    Topology topology =
        SbomIngestTopology.build(
            topics,
            serdes,
            IngestSbomConfig.defaults(),
            SbomIngestTopology.StatusListener.NONE,
            SubmissionProcessor.Outcomes.NONE);

    String described = topology.describe().toString();
    if (Boolean.getBoolean("vigil.updateSnapshots")) {
      java.nio.file.Files.writeString(
          java.nio.file.Path.of("src/test/resources/topology-snapshot.txt"), described);
      return;
    }
    assertThat(described)
        .as(
            "topology changed: review store/topic names, then re-run with"
                + " -Dvigil.updateSnapshots=true")
        .isEqualToIgnoringNewLines(resource("/topology-snapshot.txt"));
  }

  private String submit(String project, String version, byte[] document, boolean lenient) {
    Submissions.Envelope e = envelope(project, version, lenient);
    for (SbomSubmission chunk : Submissions.encode(e, document, 64 * 1024)) {
      submissions.pipeInput(project, chunk);
    }
    return e.submissionId();
  }

  private Submissions.Envelope envelope(String project, String version, boolean lenient) {
    tokens++;
    return new Submissions.Envelope(
        "token-" + tokens, project, version, null, lenient, false, "kafka", null, START);
  }

  private SbomStatus lastStatus(String token) {
    statusLog.addAll(statuses.readKeyValuesToList());
    SbomStatus last = null;
    for (KeyValue<String, SbomStatus> kv : statusLog) {
      if (kv.key.equals(token)) {
        last = kv.value;
      }
    }
    assertThat(last).as("a status for " + token).isNotNull();
    return last;
  }

  private static String resource(String name) throws IOException {
    try (InputStream in = SbomIngestTopologyTest.class.getResourceAsStream(name)) {
      return in == null
          ? "(missing " + name + ")"
          : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
