package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.attestation.SchemaAttestation;
import io.vigil.sbom.recovery.UnproducibleInputs;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the processor does whoever produced the submission: the schema is skipped only for an
 * attested document, Vigil's component rules always apply, and nothing it forwards exceeds the
 * record limit.
 */
class SubmissionSafeguardsTest {
  private static final Instant START = Instant.parse("2024-03-01T12:00:00Z");
  private static final String API = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
  private static final String A = "pkg:npm/sep-pkg@1.5.0?a=x";
  private static final String B = A + "\u001fFAKE";

  /** Valid JSON, but the schema requires each component's {@code type}. */
  private static final byte[] SCHEMA_INVALID =
      ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":["
              + "{\"name\":\"log4j-api\",\"purl\":\""
              + API
              + "\"}]}")
          .getBytes(StandardCharsets.UTF_8);

  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  private final SchemaAttestation attestation =
      SchemaAttestation.of(Secret.of("the key of every ingest-sbom instance"));
  private final UnproducibleInputs unproducible = new UnproducibleInputs();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, SbomSubmission> submissions;
  private TestOutputTopic<String, ComponentEvent> components;
  private TestOutputTopic<String, SbomStatus> statuses;
  private TestOutputTopic<String, DeadLetter> deadLetters;
  private int tokens;

  private void start(int maxRecordBytes) {
    var topology =
        SbomIngestTopology.build(
            topics,
            serdes,
            IngestSbomConfig.defaults(),
            SbomIngestTopology.StatusListener.NONE,
            SubmissionProcessor.Outcomes.NONE,
            new Safeguards(attestation, unproducible, maxRecordBytes));
    driver =
        new TopologyTestDriver(
            topology,
            KafkaSettings.local("unused:9092").withStateDir(stateDir).streams("safeguards-test"),
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
  void shouldValidateTheSchemaWhenAProducerSetsPrevalidatedWithoutTheAttestation() {
    start(TopicCatalog.MAX_MESSAGE_BYTES);

    Submissions.Envelope e = envelope("shop", false, true);
    pipe(e, SCHEMA_INVALID, null);

    SbomStatus status = lastStatus(e.submissionId());
    assertThat(status.getState()).isEqualTo(SbomProcessingState.REJECTED);
    assertThat(status.getViolations())
        .anySatisfy(v -> assertThat(v).contains("required property 'type' not found"));
    assertThat(components.readValuesToList()).isEmpty();
    assertThat(deadLetters.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldCheckThePurlsWhenAProducerSetsPrevalidated() {
    start(TopicCatalog.MAX_MESSAGE_BYTES);

    Submissions.Envelope e = envelope("shop", false, true);
    pipe(e, Sboms.cyclonedx(List.of("pkg:pypi/")), null);

    assertThat(lastStatus(e.submissionId()).getViolations())
        .anySatisfy(v -> assertThat(v).contains("'pkg:pypi/' is not a valid package URL"));
  }

  @Test
  void shouldSkipOnlyTheSchemaWhenTheHttpApiAttestsTheDocument() {
    start(TopicCatalog.MAX_MESSAGE_BYTES);

    Submissions.Envelope ok = envelope("shop", false, true);
    pipe(ok, SCHEMA_INVALID, sign(ok, SCHEMA_INVALID));
    Submissions.Envelope badPurl = envelope("shop", false, true);
    byte[] doc = Sboms.cyclonedx(List.of("pkg:pypi/"));
    pipe(badPurl, doc, sign(badPurl, doc));
    Submissions.Envelope replayed = envelope("shop", false, true);
    pipe(replayed, SCHEMA_INVALID, sign(ok, SCHEMA_INVALID)); // another submission's attestation

    assertThat(lastStatus(ok.submissionId()).getState())
        .as("schema skipped: the attestation proves the HTTP API validated it")
        .isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(lastStatus(badPurl.submissionId()).getState())
        .as("purls are checked even when attested")
        .isEqualTo(SbomProcessingState.REJECTED);
    assertThat(lastStatus(replayed.submissionId()).getState())
        .isEqualTo(SbomProcessingState.REJECTED);
  }

  @Test
  void shouldReportTheSchemaViolationsAsWarningsWhenALenientDocumentIsAccepted() {
    start(TopicCatalog.MAX_MESSAGE_BYTES);

    Submissions.Envelope e = envelope("shop", true, true);
    pipe(e, SCHEMA_INVALID, null);

    SbomStatus status = lastStatus(e.submissionId());
    assertThat(status.getState()).isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(status.getWarnings())
        .anySatisfy(w -> assertThat(w).contains("required property 'type' not found"));
  }

  @Test
  void shouldRejectAHugePurlFromAProducerAndGoOnWithTheNextSubmission() {
    start(TopicCatalog.MAX_MESSAGE_BYTES);
    byte[] huge =
        Sboms.cyclonedxEscaped("big", List.of("pkg:npm/big@1.0?q=" + "x".repeat(1_500_000)));

    Submissions.Envelope bad = envelope("shop", false, true);
    pipe(bad, huge, null);
    Submissions.Envelope next = envelope("shop", false, false);
    pipe(next, Sboms.cyclonedx(List.of(API)), null);

    SbomStatus rejected = lastStatus(bad.submissionId());
    assertThat(rejected.getState()).isEqualTo(SbomProcessingState.REJECTED);
    assertThat(rejected.getViolations())
        .singleElement()
        .asString()
        .startsWith("$.components[0].purl: is 1500018 characters long, more than the 4096");
    assertThat(lastStatus(next.submissionId()).getState()).isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(components.readValuesToList())
        .extracting(c -> c.getComponent().getPurl())
        .containsExactly(API);
    DeadLetter dead = deadLetters.readValuesToList().get(0);
    assertThat(dead.getReason()).contains("$.components[0].purl");
    assertThat(dead.getValueTruncated())
        .as("the gzip-compressed document fits: kept whole")
        .isFalse();
  }

  @Test
  void shouldRejectTheSubmissionWhenOneComponentEventWouldNotFitARecord() {
    start(Rejections.ENVELOPE_BYTES + 2_000);
    String longPurl = "pkg:npm/long@1.0?q=" + "x".repeat(3_000);

    Submissions.Envelope e = envelope("shop", false, false);
    pipe(e, Sboms.cyclonedxEscaped("long", List.of(API, longPurl)), null);

    SbomStatus status = lastStatus(e.submissionId());
    assertThat(status.getState()).isEqualTo(SbomProcessingState.REJECTED);
    assertThat(status.getViolations())
        .singleElement()
        .asString()
        .startsWith("component 'pkg:npm/long@1.0?q=xxx")
        .contains("its ADDED event is ")
        .contains("more than the 2000 a record may have");
    assertThat(components.readValuesToList()).as("nothing of it is forwarded").isEmpty();
    DeadLetter dead = deadLetters.readValuesToList().get(0);
    assertThat(dead.getValueTruncated()).isTrue();
  }

  @Test
  void shouldRejectAnInputWhoseOutputTheBrokerRefusedAndForwardNothingOfIt() {
    start(TopicCatalog.MAX_MESSAGE_BYTES);
    String refused =
        "a record of 3100 bytes for " + topics.components().name() + " could not be produced";
    unproducible.mark(topics.sbomSubmissions().name(), 0, 0, topics.components().name(), refused);
    unproducible.mark(topics.sbomSubmissions().name(), 0, 1, topics.components().name(), refused);
    unproducible.mark(
        topics.sbomSubmissions().name(),
        0,
        1,
        topics.deadLetters(VigilService.INGEST_SBOM).name(),
        "the dead letter was refused");

    Submissions.Envelope first = envelope("shop", false, false); // offset 0
    pipe(first, Sboms.cyclonedx(List.of(API)), null);
    Submissions.Envelope second = envelope("shop", false, false); // offset 1
    pipe(second, Sboms.cyclonedx(List.of(API)), null);
    Submissions.Envelope third = envelope("shop", false, false); // offset 2
    pipe(third, Sboms.cyclonedx(List.of(API)), null);

    assertThat(lastStatus(first.submissionId()).getViolations())
        .singleElement()
        .asString()
        .isEqualTo("$: " + refused);
    assertThat(lastStatus(second.submissionId()).getState())
        .as("its dead letter was refused: the status alone")
        .isEqualTo(SbomProcessingState.REJECTED);
    assertThat(lastStatus(third.submissionId()).getState())
        .isEqualTo(SbomProcessingState.COMPLETED);
    assertThat(deadLetters.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).contains(refused));
    assertThat(components.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldDropTheSeparatorPurlOfTheIssueWhenLenientAndRejectItWhenStrict() {
    start(TopicCatalog.MAX_MESSAGE_BYTES);

    Submissions.Envelope strict = envelope("sep", false, false);
    pipe(strict, Sboms.cyclonedxEscaped("sep-pkg", List.of(A, B)), null);
    Submissions.Envelope lenient = envelope("sep", true, false);
    pipe(lenient, Sboms.cyclonedxEscaped("sep-pkg", List.of(A, B)), null);

    assertThat(lastStatus(strict.submissionId()).getViolations())
        .singleElement()
        .asString()
        .startsWith("$.components[1].purl: 'pkg:npm/sep-pkg@1.5.0?a=x\\u001fFAKE' contains");
    SbomStatus accepted = lastStatus(lenient.submissionId());
    assertThat(accepted.getComponents()).isOne();
    assertThat(accepted.getWarnings())
        .anySatisfy(w -> assertThat(w).endsWith("; the component is left out"));
    assertThat(components.readValuesToList())
        .extracting(c -> c.getComponent().getPurl())
        .containsExactly(A);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private byte[] sign(Submissions.Envelope e, byte[] document) {
    return attestation.sign(e.submissionId(), e.project(), e.projectVersion(), document);
  }

  private void pipe(Submissions.Envelope e, byte[] document, byte[] attestationHeader) {
    for (SbomSubmission chunk : Submissions.encode(e, document, 768 * 1024)) {
      RecordHeaders headers = new RecordHeaders();
      if (attestationHeader != null) {
        headers.add(SchemaAttestation.HEADER, attestationHeader);
      }
      submissions.pipeInput(new TestRecord<>(e.project(), chunk, headers, START));
    }
  }

  private Submissions.Envelope envelope(String project, boolean lenient, boolean prevalidated) {
    tokens++;
    return new Submissions.Envelope(
        "token-" + tokens, project, null, null, lenient, prevalidated, "kafka", null, START);
  }

  private final java.util.Map<String, SbomStatus> seen = new java.util.HashMap<>();

  private SbomStatus lastStatus(String token) {
    statuses.readKeyValuesToList().forEach(kv -> seen.put(kv.key, kv.value));
    assertThat(seen).as("a status for " + token).containsKey(token);
    return seen.get(token);
  }
}
