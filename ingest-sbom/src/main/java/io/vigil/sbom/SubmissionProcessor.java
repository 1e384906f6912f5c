package io.vigil.sbom;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.internal.v1.ProjectInventory;
import io.vigil.sbom.attestation.SchemaAttestation;
import io.vigil.sbom.context.DeclaredContexts;
import io.vigil.sbom.context.ProjectContextUpdates;
import io.vigil.sbom.intake.DocumentBudget;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.intake.Violation;
import io.vigil.sbom.recovery.UnproducibleInputs;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one submission record: waits for all its chunks, reads the document ({@link SbomIntake}),
 * and either rejects it (status REJECTED + dead letter with every violation) or replaces the
 * project's inventory with the document's components, forwarding the difference as component events
 * (REMOVED first, then ADDED with {@code replaces} for upgrades) and the status COMPLETED.
 * Everything it forwards and every store write commits in the same transaction.
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
  private final Rejections rejections;
  private ProcessorContext<String, Object> context;
  private ChunkStore chunks;
  private InventoryStore inventory;
  private KeyValueStore<String, ProjectInventory> projects;
  private ProjectContextUpdates contexts;

  SubmissionProcessor(
      IngestSbomConfig config,
      String deadLetterTopic,
      String componentsTopic,
      io.vigil.schemas.serde.AvroSerde<ComponentEvent> componentSerde,
      Outcomes outcomes,
      Safeguards safeguards) {
    this.config = config;
    this.deadLetterTopic = deadLetterTopic;
    this.componentsTopic = componentsTopic;
    this.componentSerde = componentSerde;
    this.outcomes = outcomes;
    this.safeguards = safeguards;
    this.rejections = new Rejections(safeguards.maxRecordBytes());
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    chunks = new ChunkStore(context.getStateStore(SbomIngestTopology.CHUNKS_STORE));
    inventory = new InventoryStore(context.getStateStore(SbomIngestTopology.INVENTORY_STORE));
    projects = context.getStateStore(SbomIngestTopology.PROJECTS_STORE);
    contexts =
        new ProjectContextUpdates(
            context.getStateStore(SbomIngestTopology.CONTEXT_STORE),
            context.getStateStore(SbomIngestTopology.INVENTORY_STORE),
            componentSerde,
            componentsTopic,
            SbomIngestTopology.COMPONENTS_SINK);
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
      reject(List.of(s), null, List.of(new Violation("submission", problem)), record.timestamp());
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
      reject(
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
      rejectUnproducible(parts, failure, timestamp);
      return;
    }
    byte[] document;
    try {
      document = Submissions.decode(parts, config.maxDocumentBytes());
    } catch (Submissions.DocumentTooLargeException e) {
      reject(parts, null, List.of(new Violation("$", e.getMessage())), timestamp);
      return;
    } catch (IOException e) {
      reject(
          parts,
          null,
          List.of(new Violation("$", "the content is not valid gzip: " + e.getMessage())),
          timestamp);
      return;
    }
    try (DocumentBudget.Share share = budget(document.length, head.getSubmissionId())) {
      read(parts, document, attestation, timestamp, t0);
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
      reject(parts, result, result.violations(), timestamp);
      return;
    }
    long read = System.nanoTime();
    accept(parts, result, timestamp, t0, read);
  }

  /** The earlier production failure of the record being processed, or null. */
  private UnproducibleInputs.Failure failureOfThisInput() {
    RecordMetadata m = context.recordMetadata().orElse(null);
    return m == null
        ? null
        : safeguards.unproducible().failure(m.topic(), m.partition(), m.offset());
  }

  private void accept(
      List<SbomSubmission> parts, SbomIntake.Result result, long timestamp, long t0, long read) {
    SbomSubmission head = parts.get(0);
    Submissions.Envelope e = Submissions.envelope(head);
    String projectId = config.projectId(e.project(), e.projectVersion());
    InventoryStore.Loaded current = inventory.load(projectId);
    List<ComponentEvents.Item> items = ComponentEvents.items(result.document());
    InventoryDiff.Diff diff =
        InventoryDiff.diff(
            current.events().keySet(),
            id ->
                componentSerde
                    .deserialize(componentsTopic, current.events().get(id))
                    .getComponent(),
            current.pathsHashes()::get,
            items);
    ProjectInventory state = projects.get(projectId);
    boolean initial = state == null || state.getSubmissions() == 0;
    DeclaredContexts.Declared declared = DeclaredContexts.declared(result, head.getTags());
    ProjectContextUpdates.Change projectContext =
        contexts.onSbom(e.project(), projectId, declared.context());
    List<ComponentEvent> events =
        ProjectContextUpdates.withContext(
            ComponentEvents.events(
                diff,
                projectId,
                e.project(),
                e.projectVersion(),
                e.submissionId(),
                e.receivedAt(),
                initial),
            projectContext);

    // serialize every event first: one that does not fit a record rejects the submission before
    // anything is forwarded or stored
    int keyBytes = projectId.getBytes(StandardCharsets.UTF_8).length;
    int budget = safeguards.maxRecordBytes() - Rejections.ENVELOPE_BYTES;
    List<byte[]> serialized = new ArrayList<>(events.size());
    for (ComponentEvent event : events) {
      byte[] bytes = componentSerde.serialize(componentsTopic, event);
      if (keyBytes + bytes.length > budget) {
        reject(
            parts,
            null,
            List.of(
                new Violation(
                    "component " + Violation.quote(identity(event)),
                    "its "
                        + event.getChange()
                        + " event is "
                        + bytes.length
                        + " bytes, more than the "
                        + budget
                        + " a record may have (max.request.size less room for the envelope)")),
            timestamp);
        return;
      }
      serialized.add(bytes);
    }

    Set<String> removed = new HashSet<>();
    List<InventoryPages.Entry> added = new ArrayList<>(diff.added().size());
    Map<String, Long> pathsHashes = ComponentEvents.pathsHashes(items);
    for (int i = 0; i < events.size(); i++) {
      ComponentEvent event = events.get(i);
      byte[] bytes = serialized.get(i);
      String identity = identity(event);
      // an UPDATED event replaces the stored one: out of its page, into the last
      if (event.getChange() != ComponentChange.ADDED) {
        removed.add(identity);
      }
      if (event.getChange() != ComponentChange.REMOVED) {
        added.add(new InventoryPages.Entry(identity, bytes, pathsHashes.get(identity)));
      }
      context.forward(
          new Record<String, Object>(projectId, bytes, timestamp),
          SbomIngestTopology.COMPONENTS_SINK);
    }
    inventory.apply(projectId, InventoryPages.apply(current.pages(), removed, added));
    int updated =
        contexts.reemit(
            context,
            e.project(),
            projectContext,
            e.receivedAt(),
            timestamp,
            projectId,
            DeclaredContexts.identities(added));
    remember(projectId, state, e.submissionId(), e.receivedAt(), items.size(), true, timestamp);
    SbomStatus status =
        DeclaredContexts.withDeclared(
            Statuses.completed(e, projectId, result, diff, items, initial, Instant.now()),
            declared);
    context.forward(
        new Record<String, Object>(e.submissionId(), status, timestamp),
        SbomIngestTopology.STATUS_SINK);
    long done = System.nanoTime();
    log.info(
        "SBOM {} for {}: {} components ({} without purl): {} added, {} removed, {} unchanged{}{}"
            + " (read {} ms, diff and publish {} ms)",
        e.submissionId(),
        projectId,
        items.size(),
        status.getComponentsWithoutPurl(),
        diff.added().size(),
        diff.removed().size(),
        diff.unchanged().size(),
        result.warnings().isEmpty() ? "" : ", " + result.warnings().size() + " warnings",
        updated == 0 ? "" : ", new project context: " + updated + " updated",
        (read - t0) / 1_000_000,
        (done - read) / 1_000_000);
    outcomes.outcome(status, head.getChannel());
  }

  /**
   * Rejects an input whose output the broker refused when it was processed before (that transaction
   * was aborted): the status REJECTED with the reason, and the dead letter unless the dead-letter
   * topic itself refused a record of this input.
   */
  private void rejectUnproducible(
      List<SbomSubmission> parts, UnproducibleInputs.Failure failure, long timestamp) {
    boolean deadLetter = !failure.failedTopics().contains(deadLetterTopic);
    if (!deadLetter) {
      log.error(
          "SBOM {}: the dead-letter topic refused its dead letter ({}); rejected without one",
          parts.get(0).getSubmissionId(),
          failure.reason());
    }
    reject(
        parts,
        null,
        List.of(new Violation("$", failure.reason())),
        false,
        timestamp,
        true,
        deadLetter);
  }

  private void reject(
      List<SbomSubmission> parts,
      SbomIntake.Result result,
      List<Violation> violations,
      long timestamp) {
    reject(
        parts,
        result,
        violations,
        result != null && result.violationsTruncated(),
        timestamp,
        true,
        true);
  }

  /**
   * Sends the REJECTED status and, unless {@code deadLetter} is false, the dead letter (with the
   * document as submitted when {@code keepDocument}).
   */
  private void reject(
      List<SbomSubmission> parts,
      SbomIntake.Result result,
      List<Violation> violations,
      boolean truncated,
      long timestamp,
      boolean keepDocument,
      boolean deadLetter) {
    SbomSubmission head = parts.get(0);
    Submissions.Envelope e = Submissions.envelope(head);
    String projectId =
        e.project() == null || e.project().isBlank()
            ? null
            : config.projectId(e.project(), e.projectVersion());
    String reason = result != null ? result.reason() : "invalid submission: " + violations.get(0);
    Rejections.Rejection r =
        rejections.of(
            e,
            projectId,
            result == null ? null : result.document(),
            violations,
            truncated,
            reason,
            source(),
            keepDocument ? Submissions.content(parts) : null,
            Instant.now());
    if (r.status() != null) {
      context.forward(
          new Record<String, Object>(e.submissionId(), r.status(), timestamp),
          SbomIngestTopology.STATUS_SINK);
    }
    if (deadLetter) {
      context.forward(
          new Record<String, Object>(e.project(), r.deadLetter(), timestamp),
          SbomIngestTopology.DLQ_SINK);
    }
    if (projectId != null && e.submissionId() != null && !e.submissionId().isBlank()) {
      remember(projectId, projects.get(projectId), e.submissionId(), null, 0, false, timestamp);
    }
    log.warn(
        "SBOM {} for {} rejected ({} violations{}): {}",
        e.submissionId(),
        e.project(),
        violations.size(),
        deadLetter ? "; dead letter on " + deadLetterTopic : "",
        violations.get(0));
    if (r.status() != null) {
      outcomes.outcome(r.status(), head.getChannel());
    }
  }

  private Rejections.Source source() {
    RecordMetadata m = context.recordMetadata().orElse(null);
    return m == null ? null : new Rejections.Source(m.topic(), m.partition(), m.offset());
  }

  /**
   * Records the submission in the inventory's state and deletes the statuses of submissions that
   * fall out of the history.
   */
  private void remember(
      String projectId,
      ProjectInventory state,
      String submissionId,
      Instant receivedAt,
      int components,
      boolean accepted,
      long timestamp) {
    List<String> recent = new ArrayList<>(state == null ? List.of() : state.getRecentSubmissions());
    recent.remove(submissionId);
    recent.add(submissionId);
    while (recent.size() > config.statusHistory()) {
      String old = recent.remove(0);
      context.forward(
          new Record<String, Object>(old, null, timestamp), SbomIngestTopology.STATUS_SINK);
    }
    ProjectInventory.Builder next =
        state == null
            ? ProjectInventory.newBuilder()
                .setProjectId(projectId)
                .setComponents(0)
                .setSubmissions(0L)
                .setLastSubmissionId("")
                .setLastReceivedAt(Instant.EPOCH)
            : ProjectInventory.newBuilder(state);
    next.setRecentSubmissions(recent);
    if (accepted) {
      next.setComponents(components)
          .setSubmissions(next.getSubmissions() + 1)
          .setLastSubmissionId(submissionId)
          .setLastReceivedAt(receivedAt);
    }
    projects.put(projectId, next.build());
  }

  /** Rejects submissions whose chunks did not all arrive within the timeout. */
  private void expireIncomplete(long now) {
    Instant deadline = Instant.ofEpochMilli(now).minus(config.incompleteSubmissionTimeout());
    chunks
        .expire(deadline)
        .forEach(
            (id, parts) ->
                reject(
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

  /** The inventory identity an event is about (the suffix of its event id). */
  private static String identity(ComponentEvent event) {
    String id = event.getEventId();
    int second = id.indexOf(':', event.getSubmissionId().length() + 1);
    return id.substring(second + 1);
  }
}
