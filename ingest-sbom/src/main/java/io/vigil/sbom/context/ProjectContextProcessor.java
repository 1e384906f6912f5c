package io.vigil.sbom.context;

import io.vigil.core.project.ProjectContext;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.ProjectContextEntry;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.AvroSerde;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies the project registry ({@code vigil.projects.v1}) to the project's component events: a
 * registry record (or its tombstone) that changes the project's effective context re-emits every
 * component of the project as UPDATED with the new context ({@link ProjectContextUpdates}). A
 * record whose key is not its project, or whose values break the registry's limits (another
 * producer than ingest-sbom's API wrote it), goes to the dead-letter topic with the reason and
 * changes nothing.
 */
public final class ProjectContextProcessor
    implements Processor<String, ProjectContextEntry, String, Object> {
  private static final Logger log = LoggerFactory.getLogger(ProjectContextProcessor.class);

  private final String stateStore;
  private final String inventoryStore;
  private final AvroSerde<ComponentEvent> componentSerde;
  private final String componentsTopic;
  private final String componentsSink;
  private final String deadLetterSink;
  private ProcessorContext<String, Object> context;
  private ProjectContextUpdates updates;

  public ProjectContextProcessor(
      String stateStore,
      String inventoryStore,
      AvroSerde<ComponentEvent> componentSerde,
      String componentsTopic,
      String componentsSink,
      String deadLetterSink) {
    this.stateStore = stateStore;
    this.inventoryStore = inventoryStore;
    this.componentSerde = componentSerde;
    this.componentsTopic = componentsTopic;
    this.componentsSink = componentsSink;
    this.deadLetterSink = deadLetterSink;
  }

  @Override
  public void init(ProcessorContext<String, Object> context) {
    this.context = context;
    this.updates =
        new ProjectContextUpdates(
            context.getStateStore(stateStore),
            context.getStateStore(inventoryStore),
            componentSerde,
            componentsTopic,
            componentsSink);
  }

  @Override
  public void process(Record<String, ProjectContextEntry> record) {
    String project = record.key();
    ProjectContextEntry entry = record.value();
    if (project == null || project.isBlank()) {
      deadLetter(record, "a registry record needs the project name as its key");
      return;
    }
    ProjectContext registry = null;
    if (entry != null) {
      if (!project.equals(entry.getProject())) {
        deadLetter(
            record,
            "the key '" + project + "' is not the record's project '" + entry.getProject() + "'");
        return;
      }
      registry = ContextAvro.fromAvro(entry.getContext());
      List<String> problems =
          ProjectContext.validate(
              entry.getContext().getOwner(),
              entry.getContext().getTeam(),
              entry.getContext().getTags());
      if (!problems.isEmpty()) {
        deadLetter(record, "invalid project context: " + String.join("; ", problems));
        return;
      }
    }
    ProjectContextUpdates.Change change = updates.onRegistry(project, registry);
    Instant at = entry == null ? Instant.ofEpochMilli(record.timestamp()) : entry.getUpdatedAt();
    int n = updates.reemit(context, project, change, at, record.timestamp(), null, Set.of());
    if (change.changed()) {
      log.info(
          "project {}: context {} ({}), {} component events re-emitted",
          project,
          entry == null ? "removed from the registry" : "set in the registry",
          ContextAvro.json(ContextAvro.fromAvro(change.effective())),
          n);
    }
  }

  private void deadLetter(Record<String, ProjectContextEntry> record, String reason) {
    RecordMetadata source = context.recordMetadata().orElse(null);
    DeadLetter d =
        DeadLetters.fromRecord(
            VigilService.INGEST_SBOM,
            "project-context",
            reason,
            null,
            source == null ? null : source.topic(),
            source == null ? -1 : source.partition(),
            source == null ? -1 : source.offset(),
            record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8),
            record.value() == null
                ? null
                : record.value().toString().getBytes(StandardCharsets.UTF_8),
            Instant.now());
    log.warn("project registry record for '{}' dead-lettered: {}", record.key(), reason);
    context.forward(
        new Record<String, Object>(record.key(), d, record.timestamp()), deadLetterSink);
  }
}
