package io.vigil.sbom;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.internal.v1.InventoryEntry;
import io.vigil.internal.v1.InventoryPage;
import io.vigil.internal.v1.ProjectInventory;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.sbom.context.DeclaredContexts;
import io.vigil.sbom.context.ProjectContextUpdates;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.intake.Violation;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.AvroSerde;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Handles one submission record: waits for all its chunks, reads the document ({@link SbomIntake}),
 * and either rejects it (status REJECTED + dead letter with every violation) or replaces the
 * project's inventory with the document's components, forwarding the difference as component events
 * (REMOVED first, then ADDED with {@code replaces} for upgrades) and the status COMPLETED.
 * Everything it forwards and every store write commits in the same transaction.
 */
public final class SubmissionProcessor
    implements Processor<String, SbomSubmission, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(SubmissionProcessor.class);
  private static final char SEP = '\u0000';
  private static final StringSerializer KEYS = new StringSerializer();
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
  private final AvroSerde<ComponentEvent> componentSerde;
  private final Outcomes outcomes;
  private ProcessorContext<String, Object> context;
  private KeyValueStore<String, SbomSubmission> chunks;
  private KeyValueStore<String, InventoryPage> inventory;
  private KeyValueStore<String, ProjectInventory> projects;
  private ProjectContextUpdates contexts;

  SubmissionProcessor(
      IngestSbomConfig config,
      String deadLetterTopic,
      String componentsTopic,
      AvroSerde<ComponentEvent> componentSerde,
      Outcomes outcomes) {
    this.config = config;
    this.deadLetterTopic = deadLetterTopic;
    this.componentsTopic = componentsTopic;
    this.componentSerde = componentSerde;
    this.outcomes = outcomes;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    chunks = context.getStateStore(SbomIngestTopology.CHUNKS_STORE);
    inventory = context.getStateStore(SbomIngestTopology.INVENTORY_STORE);
    projects = context.getStateStore(SbomIngestTopology.PROJECTS_STORE);
    contexts =
        new ProjectContextUpdates(
            context.getStateStore(SbomIngestTopology.CONTEXT_STORE),
            inventory,
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
    String problem = envelopeProblem(s);
    if (problem != null) {
      reject(List.of(s), null, List.of(new Violation("submission", problem)), record.timestamp());
      return;
    }
    List<SbomSubmission> parts = collect(s, record.timestamp());
    if (parts != null) {
      handle(parts, record.timestamp());
    }
  }

  /** Why the record cannot be a submission, or null. */
  static String envelopeProblem(SbomSubmission s) {
    if (s.getSubmissionId() == null || s.getSubmissionId().isBlank()) {
      return "submissionId is empty";
    }
    if (s.getProject() == null || s.getProject().isBlank()) {
      return "project is empty";
    }
    if (hasControl(s.getProject())
        || hasControl(s.getSubmissionId())
        || (s.getProjectVersion() != null && hasControl(s.getProjectVersion()))) {
      return "project, version and submissionId must not contain control characters";
    }
    if (s.getChunkCount() < 1 || s.getChunkCount() > MAX_CHUNKS) {
      return "chunkCount must be between 1 and " + MAX_CHUNKS + ", got " + s.getChunkCount();
    }
    if (s.getChunkIndex() < 0 || s.getChunkIndex() >= s.getChunkCount()) {
      return "chunkIndex " + s.getChunkIndex() + " is outside 0.." + (s.getChunkCount() - 1);
    }
    return null;
  }

  private static boolean hasControl(String s) {
    return s.chars().anyMatch(Character::isISOControl);
  }

  /** All chunks of the submission once the last arrived (in order), else null. */
  private List<SbomSubmission> collect(SbomSubmission s, long timestamp) {
    if (s.getChunkCount() == 1) {
      return List.of(s);
    }
    String prefix = s.getSubmissionId() + SEP;
    chunks.put(prefix + String.format("%06d", s.getChunkIndex()), s);
    List<KeyValue<String, SbomSubmission>> present = new ArrayList<>();
    try (KeyValueIterator<String, SbomSubmission> it = chunks.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(present::add);
    }
    for (KeyValue<String, SbomSubmission> kv : present) {
      if (kv.value.getChunkCount() != s.getChunkCount()) {
        present.forEach(p -> chunks.delete(p.key));
        reject(
            present.stream().map(p -> p.value).toList(),
            null,
            List.of(new Violation("submission", "its chunks disagree on chunkCount")),
            timestamp);
        return null;
      }
    }
    if (present.size() < s.getChunkCount()) {
      return null;
    }
    present.forEach(p -> chunks.delete(p.key));
    List<SbomSubmission> parts = new ArrayList<>();
    present.forEach(p -> parts.add(p.value));
    parts.sort(Comparator.comparingInt(SbomSubmission::getChunkIndex));
    return parts;
  }

  private void handle(List<SbomSubmission> parts, long timestamp) {
    long t0 = System.nanoTime();
    SbomSubmission head = parts.get(0);
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
    boolean lenient = head.getLenient() || config.lenient();
    // the HTTP API validated the schema and the purls already; the parse is needed in any case
    SbomIntake.Result result =
        SbomIntake.read(document, lenient, !head.getPrevalidated(), !head.getPrevalidated());
    if (!result.accepted()) {
      reject(parts, result, result.violations(), timestamp);
      return;
    }
    long read = System.nanoTime();
    accept(head, result, timestamp, t0, read);
  }

  private void accept(
      SbomSubmission head, SbomIntake.Result result, long timestamp, long t0, long read) {
    Submissions.Envelope e = envelope(head);
    String projectId = config.projectId(e.project(), e.projectVersion());
    String prefix = projectId + SEP;
    Map<Integer, List<InventoryPages.Entry>> pages = new HashMap<>();
    Map<String, byte[]> stored = new HashMap<>();
    try (KeyValueIterator<String, InventoryPage> it = inventory.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, InventoryPage> page = it.next();
        List<InventoryPages.Entry> entries = new ArrayList<>(page.value.getEntries().size());
        for (InventoryEntry entry : page.value.getEntries()) {
          byte[] event = bytes(entry.getEvent());
          entries.add(new InventoryPages.Entry(entry.getIdentity(), event));
          stored.put(entry.getIdentity(), event);
        }
        pages.put(Integer.parseInt(page.key.substring(prefix.length())), entries);
      }
    }

    List<ComponentEvents.Item> items = ComponentEvents.items(result.document());
    InventoryDiff.Diff diff =
        InventoryDiff.diff(
            stored.keySet(),
            id -> componentSerde.deserialize(componentsTopic, stored.get(id)).getComponent(),
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

    Set<String> removed = new HashSet<>();
    List<InventoryPages.Entry> added = new ArrayList<>(diff.added().size());
    for (ComponentEvent event : events) {
      byte[] bytes = componentSerde.serialize(componentsTopic, event);
      if (event.getChange() == ComponentChange.ADDED) {
        added.add(new InventoryPages.Entry(identity(event), bytes));
      } else {
        removed.add(identity(event));
      }
      context.forward(
          new Record<String, Object>(projectId, bytes, timestamp),
          SbomIngestTopology.COMPONENTS_SINK);
    }
    InventoryPages.Update update = InventoryPages.apply(pages, removed, added);
    update.delete().forEach(number -> inventory.delete(pageKey(prefix, number)));
    update
        .write()
        .forEach((number, entries) -> inventory.put(pageKey(prefix, number), page(entries)));
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

  private void reject(
      List<SbomSubmission> parts,
      SbomIntake.Result result,
      List<Violation> violations,
      long timestamp) {
    SbomSubmission head = parts.get(0);
    Submissions.Envelope e = envelope(head);
    String projectId =
        e.project() == null || e.project().isBlank()
            ? null
            : config.projectId(e.project(), e.projectVersion());
    Instant now = Instant.now();
    SbomStatus status =
        Statuses.rejected(e, projectId, result == null ? null : result.document(), violations, now);
    String reason =
        (result != null ? result.reason() : "invalid submission: " + violations.get(0))
            + "\n"
            + String.join("\n", status.getViolations());
    RecordMetadata source = context.recordMetadata().orElse(null);
    DeadLetter deadLetter =
        DeadLetters.fromRecord(
            VigilService.INGEST_SBOM,
            "validate",
            reason,
            null,
            source == null ? null : source.topic(),
            source == null ? -1 : source.partition(),
            source == null ? -1 : source.offset(),
            e.project() == null ? null : e.project().getBytes(StandardCharsets.UTF_8),
            Submissions.content(parts),
            now);
    if (e.submissionId() != null && !e.submissionId().isBlank()) {
      context.forward(
          new Record<String, Object>(e.submissionId(), status, timestamp),
          SbomIngestTopology.STATUS_SINK);
    }
    context.forward(
        new Record<String, Object>(e.project(), deadLetter, timestamp),
        SbomIngestTopology.DLQ_SINK);
    if (projectId != null && e.submissionId() != null && !e.submissionId().isBlank()) {
      remember(projectId, projects.get(projectId), e.submissionId(), null, 0, false, timestamp);
    }
    log.warn(
        "SBOM {} for {} rejected ({} violations; dead letter on {}): {}",
        e.submissionId(),
        e.project(),
        violations.size(),
        deadLetterTopic,
        violations.get(0));
    outcomes.outcome(status, head.getChannel());
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
    Map<String, List<KeyValue<String, SbomSubmission>>> expired = new LinkedHashMap<>();
    try (KeyValueIterator<String, SbomSubmission> it = chunks.all()) {
      int seen = 0;
      while (it.hasNext() && seen++ < 10_000) {
        KeyValue<String, SbomSubmission> kv = it.next();
        if (kv.value.getReceivedAt().isBefore(deadline)) {
          expired.computeIfAbsent(kv.value.getSubmissionId(), id -> new ArrayList<>()).add(kv);
        }
      }
    }
    expired.forEach(
        (id, kvs) -> {
          kvs.forEach(kv -> chunks.delete(kv.key));
          List<SbomSubmission> parts = new ArrayList<>();
          kvs.forEach(kv -> parts.add(kv.value));
          parts.sort(Comparator.comparingInt(SbomSubmission::getChunkIndex));
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
              now);
        });
  }

  private static String pageKey(String prefix, int number) {
    return prefix + String.format("%08d", number);
  }

  private static InventoryPage page(List<InventoryPages.Entry> entries) {
    List<InventoryEntry> out = new ArrayList<>(entries.size());
    for (InventoryPages.Entry e : entries) {
      out.add(new InventoryEntry(e.identity(), ByteBuffer.wrap(e.event())));
    }
    return new InventoryPage(out);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  /** The inventory identity an event is about (the suffix of its event id). */
  private static String identity(ComponentEvent event) {
    String id = event.getEventId();
    int second = id.indexOf(':', event.getSubmissionId().length() + 1);
    return id.substring(second + 1);
  }

  static Submissions.Envelope envelope(SbomSubmission s) {
    return new Submissions.Envelope(
        s.getSubmissionId(),
        s.getProject(),
        s.getProjectVersion(),
        s.getContentType(),
        s.getLenient(),
        s.getPrevalidated(),
        s.getChannel(),
        s.getSubmittedBy(),
        s.getReceivedAt());
  }
}
