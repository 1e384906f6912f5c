package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.AnalysisChange;
import io.vigil.events.v1.AnalysisChangeType;
import io.vigil.events.v1.AnalysisSource;
import io.vigil.events.v1.AnalysisState;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.events.v1.SubmissionKind;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.triage.AnalysisAvro;
import io.vigil.sbom.triage.AnalysisView;
import io.vigil.sbom.triage.CurrentDecisions;
import io.vigil.sbom.triage.VexImports;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A VEX document on the submissions topic ({@code kind} VEX) becomes the project's decisions as the
 * HTTP import makes them: CycloneDX (bom-ref resolved to the component's purl, or kept as a
 * bom-ref), OpenVEX (a purl without version for every version, a component not in any inventory
 * kept), CSAF (the product tree's purl helper); an invalid document is dead-lettered with the path
 * of each problem and nothing is kept.
 */
class VexSubmissionsTopologyTest {
  private static final Instant RECEIVED = Instant.parse("2024-03-01T12:00:00Z");
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

  static final String CYCLONEDX =
      """
      {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
       "metadata": {"component": {"bom-ref": "app", "type": "application", "name": "shop"}},
       "components": [
         {"bom-ref": "log4j", "type": "library", "name": "log4j-core", "version": "2.14.1",
          "purl": "%s"},
         {"bom-ref": "internal-lib", "type": "library", "name": "internal"}],
       "vulnerabilities": [
         {"id": "CVE-2021-44228",
          "analysis": {"state": "not_affected", "justification": "code_not_reachable",
                       "detail": "JndiLookup is removed at build time"},
          "affects": [{"ref": "log4j"}]},
         {"id": "CVE-2022-0001", "analysis": {"state": "false_positive"},
          "affects": [{"ref": "internal-lib"}]}]}
      """
          .formatted(LOG4J);

  static final String OPENVEX =
      """
      {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/2024-1",
       "author": "Supplier PSIRT", "timestamp": "2024-02-01T00:00:00Z", "version": 1,
       "statements": [
         {"vulnerability": {"name": "CVE-2023-1111"}, "products": [{"@id": "pkg:npm/left-pad"}],
          "status": "not_affected", "justification": "vulnerable_code_not_present"},
         {"vulnerability": {"name": "GHSA-aaaa-bbbb-cccc"},
          "products": [{"@id": "pkg:pypi/requests@2.31.0"}],
          "status": "affected", "action_statement": "upgrade to 2.32.0"}]}
      """;

  static final String CSAF =
      """
      {"document": {"category": "csaf_vex", "csaf_version": "2.0",
         "publisher": {"category": "vendor", "name": "ACME PSIRT", "namespace": "https://acme.example"},
         "title": "openssl in ACME images",
         "tracking": {"id": "ACME-2024-0001", "status": "final", "version": "1",
           "initial_release_date": "2024-01-10T00:00:00Z",
           "current_release_date": "2024-01-10T00:00:00Z",
           "revision_history": [{"date": "2024-01-10T00:00:00Z", "number": "1", "summary": "first"}]}},
       "product_tree": {"full_product_names": [
         {"product_id": "OPENSSL-3", "name": "openssl 3.0.7",
          "product_identification_helper": {"purl": "pkg:deb/debian/openssl@3.0.7"}}]},
       "vulnerabilities": [
         {"cve": "CVE-2023-0286",
          "product_status": {"known_not_affected": ["OPENSSL-3"]},
          "flags": [{"label": "vulnerable_code_not_in_execute_path", "product_ids": ["OPENSSL-3"]}]}]}
      """;

  /** Two problems: an unknown status, and a statement without vulnerability. */
  static final String INVALID_OPENVEX =
      """
      {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "https://example.com/vex/bad",
       "author": "someone", "timestamp": "2024-02-01T00:00:00Z", "version": 1,
       "statements": [
         {"vulnerability": {"name": "CVE-2023-1111"}, "products": [{"@id": "pkg:npm/left-pad"}],
          "status": "maybe"},
         {"products": [{"@id": "pkg:npm/left-pad"}], "status": "fixed"}]}
      """;

  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  private final AnalysisView view = new AnalysisView();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, SbomSubmission> submissions;
  private TestOutputTopic<String, Analysis> analyses;
  private TestOutputTopic<String, AnalysisChange> history;
  private TestOutputTopic<String, ComponentEvent> components;
  private TestOutputTopic<String, SbomStatus> statuses;
  private TestOutputTopic<String, DeadLetter> deadLetters;
  private int tokens;

  @BeforeEach
  void start() {
    var topology =
        SbomIngestTopology.build(
            topics,
            serdes,
            IngestSbomConfig.defaults(),
            SbomIngestTopology.StatusListener.NONE,
            SubmissionProcessor.Outcomes.NONE,
            Safeguards.defaults(),
            CurrentDecisions.of(view));
    driver =
        new TopologyTestDriver(
            topology,
            KafkaSettings.local("unused:9092").withStateDir(stateDir).streams("vex-test"),
            RECEIVED);
    submissions = DriverTopics.input(driver, serdes, topics.sbomSubmissions());
    analyses = DriverTopics.output(driver, serdes, topics.analyses());
    history = DriverTopics.output(driver, serdes, topics.analysisHistory());
    components = DriverTopics.output(driver, serdes, topics.components());
    statuses = DriverTopics.output(driver, serdes, topics.sbomStatus());
    var dlq = topics.deadLetters(VigilService.INGEST_SBOM);
    deadLetters = DriverTopics.output(driver, serdes, dlq);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  @Test
  void shouldRecordCycloneDxStatementsByPurlAndByBomRefWhenTheDocumentComesAsAVexSubmission()
      throws Exception {
    // When
    pipe("shop", "1.0", "ci-bot", CYCLONEDX, 1024 * 1024);

    // Then
    Map<String, Analysis> byKey = current();
    assertThat(byKey)
        .containsOnlyKeys(
            "component|CVE-2021-44228|shop|1.0|" + LOG4J,
            "component|CVE-2022-0001|shop|1.0|bom-ref:internal-lib");
    Analysis log4j = byKey.get("component|CVE-2021-44228|shop|1.0|" + LOG4J);
    assertThat(log4j.getState()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(log4j.getDetail()).isEqualTo("JndiLookup is removed at build time");
    assertThat(log4j.getSource()).isEqualTo(AnalysisSource.VEX);
    assertThat(log4j.getAuthor()).as("the submission's principal").isEqualTo("ci-bot");
    assertThat(log4j.getDecidedAt()).as("statements without timestamp").isEqualTo(RECEIVED);
    assertThat(byKey.get("component|CVE-2022-0001|shop|1.0|bom-ref:internal-lib").getState())
        .isEqualTo(AnalysisState.FALSE_POSITIVE);
    // the same decisions as the HTTP import of the document by the same author
    assertThat(byKey.values().stream().map(AnalysisAvro::fromAvro).toList())
        .containsExactlyInAnyOrderElementsOf(
            VexImports.read(
                    CYCLONEDX.getBytes(StandardCharsets.UTF_8), "shop", "1.0", "ci-bot", RECEIVED)
                .result()
                .analyses()
                .stream()
                .map(AnalysisAvro::onTheWire)
                .toList());
    List<KeyValue<String, AnalysisChange>> trail = history.readKeyValuesToList();
    assertThat(trail).hasSize(2);
    assertThat(trail)
        .allSatisfy(
            kv -> {
              assertThat(kv.value.getType()).isEqualTo(AnalysisChangeType.SET);
              assertThat(kv.value.getPrevious()).isNull();
              assertThat(kv.value.getAnalysis()).isEqualTo(byKey.get(kv.key));
            });
    // a VEX document is not an SBOM: no inventory change, no SBOM status, no dead letter
    assertThat(components.readValuesToList()).isEmpty();
    assertThat(statuses.readValuesToList()).isEmpty();
    assertThat(deadLetters.readValuesToList()).isEmpty();
  }

  @Test
  void shouldKeepOpenVexStatementsAboutComponentsNoInventoryHasWithTheDocumentsAuthor() {
    // When: a project with no SBOM at all
    pipe("shop", null, null, OPENVEX, 1024 * 1024);

    // Then
    Map<String, Analysis> byKey = current();
    assertThat(byKey)
        .containsOnlyKeys(
            "component|CVE-2023-1111|shop||pkg:npm/left-pad",
            "component|GHSA-aaaa-bbbb-cccc|shop||pkg:pypi/requests@2.31.0");
    Analysis leftPad = byKey.get("component|CVE-2023-1111|shop||pkg:npm/left-pad");
    assertThat(leftPad.getState()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(leftPad.getAuthor()).isEqualTo("Supplier PSIRT");
    assertThat(leftPad.getSourceRef()).isEqualTo("https://example.com/vex/2024-1");
    assertThat(leftPad.getDecidedAt()).isEqualTo(Instant.parse("2024-02-01T00:00:00Z"));
    assertThat(byKey.get("component|GHSA-aaaa-bbbb-cccc|shop||pkg:pypi/requests@2.31.0").getState())
        .isEqualTo(AnalysisState.EXPLOITABLE);
  }

  @Test
  void shouldRecordCsafProductsByTheirPurlHelperWhenTheSubmissionIsChunked() {
    // When: chunks of 300 bytes (gzip-compressed and split, as vigil vex publish does when large)
    pipe("images", "2024.1", null, CSAF, 300);

    // Then
    Map<String, Analysis> byKey = current();
    assertThat(byKey)
        .containsOnlyKeys("component|CVE-2023-0286|images|2024.1|pkg:deb/debian/openssl@3.0.7");
    Analysis openssl = byKey.values().iterator().next();
    assertThat(openssl.getState()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(openssl.getAuthor()).isEqualTo("ACME PSIRT");
    assertThat(openssl.getSourceRef()).isEqualTo("ACME-2024-0001");
  }

  @Test
  void shouldWriteNothingWhenTheSameDocumentComesAgainAndNameTheReplacedDecisionWhenItChanges() {
    // Given: the first import, as the instance's reader would see it once committed
    pipe("shop", "1.0", "ci-bot", CYCLONEDX, 1024 * 1024);
    history
        .readValuesToList()
        .forEach(
            c -> {
              view.put(c.getKey(), AnalysisAvro.fromAvro(c.getAnalysis()));
              view.record(c.getChangeId(), AnalysisAvro.fromAvro(c));
            });
    analyses.readRecordsToList();

    // When: the same document again, then one that changes one statement
    pipe("shop", "1.0", "ci-bot", CYCLONEDX, 1024 * 1024);
    List<KeyValue<String, Analysis>> again = analyses.readKeyValuesToList();
    pipe(
        "shop",
        "1.0",
        "ci-bot",
        CYCLONEDX.replace("\"state\": \"false_positive\"", "\"state\": \"exploitable\""),
        1024 * 1024);

    // Then
    assertThat(again).isEmpty();
    List<AnalysisChange> changes = history.readValuesToList();
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).getAnalysis().getState()).isEqualTo(AnalysisState.EXPLOITABLE);
    assertThat(changes.get(0).getPrevious().getState()).isEqualTo(AnalysisState.FALSE_POSITIVE);
  }

  @Test
  void shouldDeadLetterAnInvalidVexDocumentWithThePathOfEachProblemAndKeepNothing() {
    // When
    String token = pipe("shop", "1.0", "ci-bot", INVALID_OPENVEX, 1024 * 1024);

    // Then
    assertThat(analyses.readValuesToList()).isEmpty();
    assertThat(history.readValuesToList()).isEmpty();
    assertThat(statuses.readValuesToList()).as("a VEX submission has no SBOM status").isEmpty();
    List<KeyValue<String, DeadLetter>> letters = deadLetters.readKeyValuesToList();
    assertThat(letters).hasSize(1);
    DeadLetter letter = letters.get(0).value;
    assertThat(letters.get(0).key).isEqualTo("shop");
    assertThat(letter.getReason())
        .startsWith("invalid VEX document (2 problems); nothing was kept")
        .contains("$.statements[0].status: ")
        .contains("$.statements[1].vulnerability: ");
    assertThat(letter.getSourceTopic()).isEqualTo(topics.sbomSubmissions().name());
    assertThat(new String(letter.getValue().array(), StandardCharsets.UTF_8))
        .as("the document as submitted, %s", token)
        .isEqualTo(INVALID_OPENVEX);
  }

  @Test
  void shouldDeadLetterAnSbomSentAsVex() {
    // When
    pipe(
        "shop",
        null,
        null,
        new String(Sboms.cyclonedx(List.of(LOG4J)), StandardCharsets.UTF_8),
        1024 * 1024);

    // Then
    assertThat(analyses.readValuesToList()).isEmpty();
    assertThat(components.readValuesToList()).isEmpty();
    assertThat(deadLetters.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).startsWith("invalid VEX document"));
  }

  private Map<String, Analysis> current() {
    return analyses.readKeyValuesToList().stream()
        .collect(Collectors.toMap(kv -> kv.key, kv -> kv.value, (a, b) -> b));
  }

  /** Publishes a VEX submission as a producer would; returns its token. */
  private String pipe(
      String project, String version, String submittedBy, String document, int chunkBytes) {
    tokens++;
    Submissions.Envelope e =
        new Submissions.Envelope(
                "vex-" + tokens,
                project,
                version,
                null,
                false,
                false,
                "kafka",
                submittedBy,
                RECEIVED)
            .withKind(SubmissionKind.VEX);
    for (SbomSubmission chunk :
        Submissions.encode(e, document.getBytes(StandardCharsets.UTF_8), chunkBytes)) {
      submissions.pipeInput(project, chunk, RECEIVED);
    }
    return e.submissionId();
  }
}
