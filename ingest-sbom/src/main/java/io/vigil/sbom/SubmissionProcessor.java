package io.vigil.sbom;

import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.events.v1.SubmissionKind;
import io.vigil.sbom.attestation.SchemaAttestation;
import io.vigil.sbom.intake.DocumentBudget;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.intake.Violation;
import io.vigil.sbom.recovery.UnproducibleInputs;
import io.vigil.sbom.triage.CurrentDecisions;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one submission record: waits for all its chunks, reads the document ({@link SbomIntake}),
 * and either rejects it ({@link SubmissionRejections}: status REJECTED + dead letter with every
 * violation) or replaces the project's inventory with the document's components ({@link
 * InventoryUpdate}: the difference as component events, the status COMPLETED). A submission of kind
 * VEX is imported as the project's decisions instead ({@link VexSubmissions}). Everything it
 * forwards and every store write commits in the same transaction.
 *
 * <p>Whoever produced the submission, Vigil's component rules always apply; the schema step is
 * skipped only for a document ingest-sbom's HTTP API attests it validated ({@link
 * SchemaAttestation}). Nothing it forwards exceeds the record limit: a component event that would
 * is a rejection, and an input whose output the broker refused before ({@link UnproducibleInputs})
 * is rejected instead of being tried again.
 */
public final class SubmissionProcessor
    implements Processor<String, SbomSubmission, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(SubmissionProcessor.class);
  private static final int MAX_CHUNKS = 100_000;

  /** Told about each outcome (metrics, logs). */
  @FunctionalInterface
  public interface Outcomes {
    void outcome(SbomStatus status, String channel);

    Outcomes NONE = (s, c) -> {};
  }

  private final IngestSbomConfig config;
  private final String deadLetterTopic;
  private final String componentsTopic;
  private final io.vigil.schemas.serde.AvroSerde<ComponentEvent> componentSerde;
  private final Outcomes outcomes;
  private final Safeguards safeguards;
  private final CurrentDecisions decisions;
  private ProcessorContext<String, Object> context;
  private ChunkStore chunks;
  private SubmissionRejections rejections;
  private InventoryUpdate inventory;
  private VexSubmissions vex;

  SubmissionProcessor(
      IngestSbomConfig config,
      String deadLetterTopic,
      String componentsTopic,
      io.vigil.schemas.serde.AvroSerde<ComponentEvent> componentSerde,
      Outcomes outcomes,
      Safeguards safeguards,
      CurrentDecisions decisions) {
    this.config = config;
    this.deadLetterTopic = deadLetterTopic;
    this.componentsTopic = componentsTopic;
    this.componentSerde = componentSerde;
    this.outcomes = outcomes;
    this.safeguards = safeguards;
    this.decisions = decisions;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    chunks = new ChunkStore(context.getStateStore(SbomIngestTopology.CHUNKS_STORE));
    SubmissionHistory history =
        new SubmissionHistory(
            config, context, context.getStateStore(SbomIngestTopology.PROJECTS_STORE));
    rejections =
        new SubmissionRejections(
            config,
            deadLetterTopic,
            new Rejections(safeguards.maxRecordBytes()),
            outcomes,
            context,
            history);
    inventory =
        new InventoryUpdate(
            config,
            componentsTopic,
            componentSerde,
            safeguards.maxRecordBytes(),
            outcomes,
            context,
            history,
            rejections);
    vex = new VexSubmissions(decisions, context, rejections);
    Duration every = config.incompleteSubmissionTimeout().dividedBy(4);
    every = every.compareTo(Duration.ofMinutes(1)) > 0 ? Duration.ofMinutes(1) : every;
    every = every.compareTo(Duration.ofMillis(100)) < 0 ? Duration.ofMillis(100) : every;
    context.schedule(every, PunctuationType.WALL_CLOCK_TIME, this::expireIncomplete);
  }

  @Override
  public void process(Record<String, SbomSubmission> record) {
    SbomSubmission s = record.value();
    if (s == null) {
      return;
    }
    String problem = Submissions.envelopeProblem(s, MAX_CHUNKS);
    if (problem != null) {
      rejections.reject(
          List.of(s), null, List.of(new Violation("submission", problem)), record.timestamp());
      return;
    }
    List<SbomSubmission> parts = collect(s, record.timestamp());
    if (parts != null) {
      Header attestation = record.headers().lastHeader(SchemaAttestation.HEADER);
      handle(parts, attestation == null ? null : attestation.value(), record.timestamp());
    }
  }

  /** All chunks of the submission once the last arrived (in order), else null. */
  private List<SbomSubmission> collect(SbomSubmission s, long timestamp) {
    if (s.getChunkCount() == 1) {
      return List.of(s);
    }
    ChunkStore.Added added = chunks.add(s);
    if (added.inconsistent() != null) {
      rejections.reject(
          added.inconsistent(),
          null,
          List.of(new Violation("submission", "its chunks disagree on chunkCount")),
          timestamp);
    }
    return added.complete();
  }

  private void handle(List<SbomSubmission> parts, byte[] attestation, long timestamp) {
    long t0 = System.nanoTime();
    SbomSubmission head = parts.get(0);
    UnproducibleInputs.Failure failure = failureOfThisInput();
    if (failure != null) {
      rejections.rejectUnproducible(parts, failure, timestamp);
      return;
    }
    byte[] document;
    try {
      document = Submissions.decode(parts, config.maxDocumentBytes());
    } catch (Submissions.DocumentTooLargeException e) {
      rejections.reject(parts, null, List.of(new Violation("$", e.getMessage())), timestamp);
      return;
    } catch (IOException e) {
      rejections.reject(
          parts,
          null,
          List.of(new Violation("$", "the content is not valid gzip: " + e.getMessage())),
          timestamp);
      return;
    }
    try (DocumentBudget.Share share = budget(document.length, head.getSubmissionId())) {
      if (head.getKind() == SubmissionKind.VEX) {
        vex.importDocument(parts, document, timestamp);
      } else {
        read(parts, document, attestation, timestamp, t0);
      }
    }
  }

  /** A share of the document budget; null (logged) when it stayed busy for minutes. */
  private DocumentBudget.Share budget(long bytes, String submissionId) {
    try {
      DocumentBudget.Share share =
          safeguards.budget().acquire(bytes, Safeguards.PROCESSOR_BUDGET_WAIT);
      if (share == null) {
        log.warn("SBOM {}: the document budget stayed busy; processing it anyway", submissionId);
      }
      return share;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new org.apache.kafka.streams.errors.StreamsException("interrupted", e);
    }
  }

  private void read(
      List<SbomSubmission> parts, byte[] document, byte[] attestation, long timestamp, long t0) {
    SbomSubmission head = parts.get(0);
    boolean lenient = head.getLenient() || config.lenient();
    // the schema step is skipped only when ingest-sbom's HTTP API attests it passed; the
    // producer's prevalidated flag alone proves nothing
    boolean attested =
        safeguards
            .attestation()
            .verify(
                attestation,
                head.getSubmissionId(),
                head.getProject(),
                head.getProjectVersion(),
                document);
    SbomIntake.Result result =
        SbomIntake.read(document, new SbomIntake.Options(lenient, !attested, config.limits()));
    if (!result.accepted()) {
      rejections.reject(parts, result, result.violations(), timestamp);
      return;
    }
    long read = System.nanoTime();
    inventory.accept(parts, result, timestamp, t0, read);
  }

  /** The earlier production failure of the record being processed, or null. */
  private UnproducibleInputs.Failure failureOfThisInput() {
    RecordMetadata m = context.recordMetadata().orElse(null);
    return m == null
        ? null
        : safeguards.unproducible().failure(m.topic(), m.partition(), m.offset());
  }

  /** Rejects submissions whose chunks did not all arrive within the timeout. */
  private void expireIncomplete(long now) {
    Instant deadline = Instant.ofEpochMilli(now).minus(config.incompleteSubmissionTimeout());
    chunks
        .expire(deadline)
        .forEach(
            (id, parts) ->
                rejections.reject(
                    parts,
                    null,
                    List.of(
                        new Violation(
                            "submission",
                            "incomplete: "
                                + parts.size()
                                + " of "
                                + parts.get(0).getChunkCount()
                                + " chunks arrived within "
                                + config.incompleteSubmissionTimeout())),
                    now));
  }
}
