package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.ProjectContext;
import io.vigil.events.v1.ProjectContextEntry;
import io.vigil.events.v1.ProjectExposure;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Project context in ingest-sbom's topology: what an SBOM declares and what the registry sets end
 * up on the component events, and a change of the effective context re-emits the project's
 * components as UPDATED (never as ADDED/REMOVED).
 */
class ProjectContextTopologyTest {
  private static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  private static final String CORE = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String API = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
  private static final String LANG = "pkg:maven/org.apache.commons/commons-lang3@3.12.0";

  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, SbomSubmission> submissions;
  private TestInputTopic<String, ProjectContextEntry> registry;
  private TestOutputTopic<String, ComponentEvent> components;
  private TestOutputTopic<String, SbomStatus> statuses;
  private TestOutputTopic<String, DeadLetter> deadLetters;
  private int tokens;

  @AfterEach
  void close() {
    if (driver != null) {
      driver.close();
    }
  }

  @Test
  void shouldPutTheContextAnSbomDeclaresOnItsAddedEventsAndItsStatus() {
    start(IngestSbomConfig.defaults());

    String token =
        submit(
            "shop",
            "1.0",
            sbom(List.of(CORE, API), "mission-essential", "internet-facing", "checkout"),
            List.of("PCI"));

    List<ComponentEvent> events = components.readValuesToList();
    assertThat(events).hasSize(2);
    assertThat(events)
        .allSatisfy(
            e -> {
              assertThat(e.getChange()).isEqualTo(ComponentChange.ADDED);
              assertThat(e.getProjectContext())
                  .isEqualTo(
                      context(
                          "checkout",
                          List.of("pci"),
                          Criticality.MISSION_ESSENTIAL,
                          ProjectExposure.INTERNET_FACING));
            });
    SbomStatus status = lastStatus(token);
    assertThat(status.getDeclaredContext()).isEqualTo(events.get(0).getProjectContext());
    assertThat(status.getCoverage().getComponents()).isEqualTo(2);
    assertThat(status.getCoverage().getComponentsWithoutPurl()).isZero();
    assertThat(status.getCoverage().getWithVersion()).isEqualTo(2);
    assertThat(status.getCoverage().getHasTimestamp()).isFalse();
  }

  @Test
  void
      shouldReEmitEveryComponentAsUpdatedWhenTheRegistryChangesTheContextAndNothingWhenItDoesNot() {
    start(IngestSbomConfig.defaults());
    String token = submit("shop", "1.0", sbom(List.of(CORE, API), "support", null, "checkout"));
    components.readValuesToList();

    setInRegistry("shop", context(null, List.of(), Criticality.MISSION_ESSENTIAL, null));
    List<KeyValue<String, ComponentEvent>> updated = components.readKeyValuesToList();
    setInRegistry("shop", context(null, List.of(), Criticality.MISSION_ESSENTIAL, null));

    ProjectContext expected =
        context("checkout", List.of(), Criticality.MISSION_ESSENTIAL, null); // team from the SBOM
    assertThat(updated).extracting(kv -> kv.key).containsOnly("shop");
    assertThat(updated)
        .extracting(kv -> kv.value.getEventId())
        .containsExactlyInAnyOrder(token + ":UPDATED#2:" + CORE, token + ":UPDATED#2:" + API);
    assertThat(updated)
        .allSatisfy(
            kv -> {
              assertThat(kv.value.getChange()).isEqualTo(ComponentChange.UPDATED);
              assertThat(kv.value.getProjectContext()).isEqualTo(expected);
              assertThat(kv.value.getInitialInventory()).isFalse();
              assertThat(kv.value.getSubmissionId()).isEqualTo(token);
            });
    assertThat(components.isEmpty()).as("the same registry record again changes nothing").isTrue();
    assertThat(deadLetters.isEmpty()).isTrue();
  }

  @Test
  void shouldUpdateOnlyTheKeptComponentsWhenANewSbomDeclaresAnotherContext() {
    start(IngestSbomConfig.defaults());
    submit("shop", "1.0", sbom(List.of(CORE, API), null, null, "checkout"));
    components.readValuesToList();

    String second = submit("shop", "1.1", sbom(List.of(CORE, LANG), null, null, "payments"));
    List<ComponentEvent> events = components.readValuesToList();

    ProjectContext payments = context("payments", List.of(), null, null);
    assertThat(events)
        .extracting(e -> e.getChange() + " " + e.getComponent().getPurl())
        .containsExactly("REMOVED " + API, "ADDED " + LANG, "UPDATED " + CORE);
    assertThat(events.get(0).getProjectContext()).as("REMOVED carries none").isNull();
    assertThat(events.get(1).getProjectContext()).isEqualTo(payments);
    assertThat(events.get(2).getProjectContext()).isEqualTo(payments);
    assertThat(events.get(2).getEventId()).startsWith("token-1:UPDATED#2:");
    assertThat(lastStatus(second).getDeclaredContext()).isEqualTo(payments);

    submit("shop", "1.2", sbom(List.of(CORE, LANG, API), null, null, "payments"));
    assertThat(components.readValuesToList())
        .as("the same declared context: only the new component, with it")
        .extracting(e -> e.getChange() + " " + e.getComponent().getPurl())
        .containsExactly("ADDED " + API);
  }

  @Test
  void shouldGiveAProjectRegisteredBeforeItsFirstSbomItsContextOnTheAddedEvents() {
    start(IngestSbomConfig.defaults());

    setInRegistry("shop", context("core-team", List.of("tier-1"), null, ProjectExposure.INTERNAL));
    assertThat(components.isEmpty()).as("no inventory yet: nothing to re-emit").isTrue();
    submit(
        "shop", "1.0", sbom(List.of(CORE), "minimal", "internet-facing", "checkout"), List.of("b"));

    List<ComponentEvent> events = components.readValuesToList();
    assertThat(events).extracting(ComponentEvent::getChange).containsExactly(ComponentChange.ADDED);
    assertThat(events.get(0).getProjectContext())
        .as("registry over SBOM part by part, tags united")
        .isEqualTo(
            context(
                "core-team",
                List.of("b", "tier-1"),
                Criticality.MINIMAL,
                ProjectExposure.INTERNAL));
  }

  @Test
  void shouldFallBackToTheDeclaredContextWhenTheRegistryEntryIsRemoved() {
    start(IngestSbomConfig.defaults());
    submit("shop", "1.0", sbom(List.of(CORE), "support", null, null));
    setInRegistry("shop", context(null, List.of(), Criticality.MISSION_ESSENTIAL, null));
    components.readValuesToList();

    registry.pipeInput("shop", null);

    List<ComponentEvent> events = components.readValuesToList();
    assertThat(events).hasSize(1);
    assertThat(events.get(0).getChange()).isEqualTo(ComponentChange.UPDATED);
    assertThat(events.get(0).getProjectContext())
        .isEqualTo(context(null, List.of(), Criticality.SUPPORT, null));
  }

  @Test
  void shouldReEmitEveryInventoryOfAProjectWhoseVersionsAreSeparateInventories() {
    start(IngestSbomConfig.defaults().withVersionsAreSeparateInventories(true));
    submit("shop", "1.0", sbom(List.of(CORE), null, null, null));
    submit("shop", "2.0", sbom(List.of(LANG), null, null, null));
    components.readValuesToList();

    setInRegistry("shop", context("t", List.of(), null, null));

    assertThat(components.readKeyValuesToList())
        .extracting(
            kv -> kv.key + " " + kv.value.getChange() + " " + kv.value.getComponent().getPurl())
        .containsExactly("shop@1.0 UPDATED " + CORE, "shop@2.0 UPDATED " + LANG);
  }

  @Test
  void shouldDeadLetterARegistryRecordWhoseKeyIsNotItsProjectOrWhoseValuesBreakTheLimits() {
    start(IngestSbomConfig.defaults());
    submit("shop", "1.0", sbom(List.of(CORE), null, null, null));
    components.readValuesToList();

    registry.pipeInput("shop", entry("other", context("t", List.of(), null, null)));
    registry.pipeInput("shop", entry("shop", context("x".repeat(201), List.of(), null, null)));

    assertThat(components.isEmpty()).isTrue();
    List<DeadLetter> dead = deadLetters.readValuesToList();
    assertThat(dead)
        .extracting(DeadLetter::getReason)
        .containsExactly(
            "the key 'shop' is not the record's project 'other'",
            "invalid project context: team: 201 characters, at most 200 are allowed");
  }

  // ------------------------------------------------------------------------------------------

  private void start(IngestSbomConfig config) {
    driver =
        new TopologyTestDriver(
            SbomIngestTopology.build(
                topics,
                serdes,
                config,
                SbomIngestTopology.StatusListener.NONE,
                SubmissionProcessor.Outcomes.NONE),
            KafkaSettings.local("unused:9092").withStateDir(stateDir).streams("context-test"),
            START);
    submissions = DriverTopics.input(driver, serdes, topics.sbomSubmissions());
    registry = DriverTopics.input(driver, serdes, topics.projects());
    components = DriverTopics.output(driver, serdes, topics.components());
    statuses = DriverTopics.output(driver, serdes, topics.sbomStatus());
    var dlq = topics.deadLetters(VigilService.INGEST_SBOM);
    deadLetters = DriverTopics.output(driver, serdes, dlq);
  }

  private String submit(String project, String version, byte[] document) {
    return submit(project, version, document, List.of());
  }

  private String submit(String project, String version, byte[] document, List<String> tags) {
    tokens++;
    Submissions.Envelope e =
        new Submissions.Envelope(
            "token-" + tokens, project, version, null, false, false, "kafka", null, START);
    for (SbomSubmission chunk : Submissions.encode(e, document, 64 * 1024)) {
      submissions.pipeInput(project, SbomSubmission.newBuilder(chunk).setTags(tags).build());
    }
    return e.submissionId();
  }

  private void setInRegistry(String project, ProjectContext context) {
    registry.pipeInput(project, entry(project, context));
  }

  private static ProjectContextEntry entry(String project, ProjectContext context) {
    return ProjectContextEntry.newBuilder()
        .setProject(project)
        .setContext(context)
        .setUpdatedBy("ops")
        .setUpdatedAt(START.plusSeconds(60))
        .build();
  }

  private static ProjectContext context(
      String team, List<String> tags, Criticality criticality, ProjectExposure exposure) {
    return ProjectContext.newBuilder()
        .setOwner(null)
        .setTeam(team)
        .setTags(tags)
        .setCriticality(criticality)
        .setExposure(exposure)
        .build();
  }

  private SbomStatus lastStatus(String token) {
    SbomStatus last = null;
    for (KeyValue<String, SbomStatus> kv : statuses.readKeyValuesToList()) {
      if (kv.key.equals(token)) {
        last = kv.value;
      }
    }
    assertThat(last).as("a status for " + token).isNotNull();
    return last;
  }

  /** A CycloneDX 1.6 document declaring criticality, exposure and team when given. */
  private static byte[] sbom(List<String> purls, String criticality, String exposure, String team) {
    List<String> properties = new ArrayList<>();
    if (criticality != null) {
      properties.add("{\"name\":\"vigil:criticality\",\"value\":\"" + criticality + "\"}");
    }
    if (exposure != null) {
      properties.add("{\"name\":\"vigil:exposure\",\"value\":\"" + exposure + "\"}");
    }
    if (team != null) {
      properties.add("{\"name\":\"vigil:team\",\"value\":\"" + team + "\"}");
    }
    StringBuilder b =
        new StringBuilder(
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"version\":1,\"metadata\":{"
                + "\"properties\":["
                + String.join(",", properties)
                + "],\"component\":{\"type\":\"application\",\"name\":\"app\"}},\"components\":[");
    for (int i = 0; i < purls.size(); i++) {
      String purl = purls.get(i);
      b.append(i > 0 ? "," : "")
          .append("{\"type\":\"library\",\"name\":\"c")
          .append(i)
          .append("\",\"version\":\"")
          .append(purl.substring(purl.lastIndexOf('@') + 1))
          .append("\",\"purl\":\"")
          .append(purl)
          .append("\"}");
    }
    return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
  }
}
