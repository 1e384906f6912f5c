package io.vigil.sbom;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.internal.v1.ProjectInventory;
import io.vigil.sbom.context.DeclaredContexts;
import io.vigil.sbom.context.ProjectContextUpdates;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.intake.Violation;
import io.vigil.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An accepted SBOM replaces its inventory: the document's components are diffed with the stored
 * ones ({@link InventoryDiff}), the differences forwarded as component events (REMOVED first, then
 * ADDED with {@code replaces} for upgrades) carrying the project's context, the changed pages
 * stored, kept components re-emitted as UPDATED when the SBOM changed the context ({@link
 * ProjectContextUpdates}), and the status COMPLETED forwarded. Every event is serialized before
 * anything is forwarded: one that would not fit a record rejects the submission instead.
 */
final class InventoryUpdate {
  private static final Logger log = LoggerFactory.getLogger(InventoryUpdate.class);

  private final IngestSbomConfig config;
  private final String componentsTopic;
  private final AvroSerde<ComponentEvent> componentSerde;
  private final int maxRecordBytes;
  private final SubmissionProcessor.Outcomes outcomes;
  private final ProcessorContext<String, Object> context;
  private final InventoryStore inventory;
  private final ProjectContextUpdates contexts;
  private final SubmissionHistory history;
  private final SubmissionRejections rejections;

  InventoryUpdate(
      IngestSbomConfig config,
      String componentsTopic,
      AvroSerde<ComponentEvent> componentSerde,
      int maxRecordBytes,
      SubmissionProcessor.Outcomes outcomes,
      ProcessorContext<String, Object> context,
      SubmissionHistory history,
      SubmissionRejections rejections) {
    this.config = config;
    this.componentsTopic = componentsTopic;
    this.componentSerde = componentSerde;
    this.maxRecordBytes = maxRecordBytes;
    this.outcomes = outcomes;
    this.context = context;
    this.history = history;
    this.rejections = rejections;
    this.inventory = new InventoryStore(context.getStateStore(SbomIngestTopology.INVENTORY_STORE));
    this.contexts =
        new ProjectContextUpdates(
            context.getStateStore(SbomIngestTopology.CONTEXT_STORE),
            context.getStateStore(SbomIngestTopology.INVENTORY_STORE),
            componentSerde,
            componentsTopic,
            SbomIngestTopology.COMPONENTS_SINK);
  }

  /**
   * Applies an accepted document to its inventory.
   *
   * @param t0 when processing started, {@code read} when the document was read ({@link
   *     System#nanoTime}, for the log)
   */
  void accept(
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
    ProjectInventory state = history.get(projectId);
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
    List<byte[]> serialized = serialize(parts, projectId, events, timestamp);
    if (serialized == null) {
      return;
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
    history.remember(
        projectId, state, e.submissionId(), e.receivedAt(), items.size(), true, timestamp);
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

  /** Every event's bytes; null (the submission rejected) when one would not fit a record. */
  private List<byte[]> serialize(
      List<SbomSubmission> parts, String projectId, List<ComponentEvent> events, long timestamp) {
    int keyBytes = projectId.getBytes(StandardCharsets.UTF_8).length;
    int budget = maxRecordBytes - Rejections.ENVELOPE_BYTES;
    List<byte[]> serialized = new ArrayList<>(events.size());
    for (ComponentEvent event : events) {
      byte[] bytes = componentSerde.serialize(componentsTopic, event);
      if (keyBytes + bytes.length > budget) {
        rejections.reject(
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
        return null;
      }
      serialized.add(bytes);
    }
    return serialized;
  }

  /** The inventory identity an event is about (the suffix of its event id). */
  private static String identity(ComponentEvent event) {
    String id = event.getEventId();
    int second = id.indexOf(':', event.getSubmissionId().length() + 1);
    return id.substring(second + 1);
  }
}
