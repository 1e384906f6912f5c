package io.vigil.sbom;

import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.internal.v1.InventoryPage;
import io.vigil.internal.v1.ProjectContextState;
import io.vigil.internal.v1.ProjectInventory;
import io.vigil.sbom.context.ProjectContextProcessor;
import io.vigil.sbom.triage.AnalysisView;
import io.vigil.sbom.triage.CurrentDecisions;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * ingest-sbom's stream processing: every submission (from the HTTP API or from any Kafka producer)
 * is reassembled, parsed, validated and diffed against the project's current inventory, and the
 * differences are published as component events, all in one exactly-once transaction together with
 * the submission's status and, for a rejected document, its dead letter.
 *
 * <pre>
 * vigil.sbom.submissions.v1 ─ ingest_sbom_submission ─┬─ vigil.sbom.components.v1 (key project id)
 *   (key project)              [sbom-chunks-store,     ├─ vigil.sbom.status.v1     (key token)
 *                               sbom-inventory-pages-  ├─ vigil.dlq.ingest-sbom.v1 (rejected)
 *                               store, sbom-projects-  ├─ vigil.analyses.v1 (a VEX submission's
 *                               store]                 │    decisions)
 *                                                      └─ vigil.analyses.history.v1 (their trail)
 * vigil.projects.v1 ─ apply_project_context ─┬─ vigil.sbom.components.v1 (UPDATED: new context)
 *   (key project)      [sbom-project-context-store,  └─ vigil.dlq.ingest-sbom.v1 (bad records)
 *                       sbom-inventory-pages-store]
 * vigil.sbom.status.v1 ─ update_sbom_status_store ─ sbom-status-store (global: every instance)
 * </pre>
 *
 * Submissions are keyed by project, so one task owns all of a project's inventories and applies its
 * SBOMs in order; the project registry has the same key and partitions, so the same task applies
 * the project's context (both processors share {@code sbom-project-context-store}); the status
 * store is global, so any instance answers for any token.
 */
public final class SbomIngestTopology {
  public static final String CHUNKS_STORE = "sbom-chunks-store";
  public static final String INVENTORY_STORE = "sbom-inventory-pages-store";
  public static final String PROJECTS_STORE = "sbom-projects-store";
  public static final String STATUS_STORE = "sbom-status-store";
  public static final String CONTEXT_STORE = "sbom-project-context-store";

  static final String SOURCE = "consume_from_sbom_submissions_topic";
  static final String PROCESSOR = "ingest_sbom_submission";
  static final String COMPONENTS_SINK = "produce_to_sbom_components_topic";
  static final String STATUS_SINK = "produce_to_sbom_status_topic";
  static final String DLQ_SINK = "produce_to_ingest_sbom_dlq_topic";
  static final String ANALYSES_SINK = "produce_to_analyses_topic";
  static final String ANALYSIS_HISTORY_SINK = "produce_to_analysis_history_topic";
  static final String STATUS_SOURCE = "consume_from_sbom_status_topic";
  static final String STATUS_PROCESSOR = "update_sbom_status_store";
  static final String PROJECTS_SOURCE = "consume_from_projects_topic";
  static final String CONTEXT_PROCESSOR = "apply_project_context";

  private SbomIngestTopology() {}

  /** Told about every status change, on every instance (from the global status store). */
  @FunctionalInterface
  public interface StatusListener {
    /**
     * @param status the new status, or null when it was deleted
     */
    void onStatus(String submissionId, SbomStatus status);

    StatusListener NONE = (id, s) -> {};
  }

  /** With {@link Safeguards#defaults()} and no decisions yet. */
  public static Topology build(
      TopicCatalog topics,
      SerdeFactory serdes,
      IngestSbomConfig config,
      StatusListener listener,
      SubmissionProcessor.Outcomes outcomes) {
    return build(topics, serdes, config, listener, outcomes, Safeguards.defaults());
  }

  /** With no decisions yet (tests). */
  public static Topology build(
      TopicCatalog topics,
      SerdeFactory serdes,
      IngestSbomConfig config,
      StatusListener listener,
      SubmissionProcessor.Outcomes outcomes,
      Safeguards safeguards) {
    return build(
        topics,
        serdes,
        config,
        listener,
        outcomes,
        safeguards,
        CurrentDecisions.of(new AnalysisView()));
  }

  /**
   * @param decisions the current triage decisions, which the decisions of a VEX submission replace
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static Topology build(
      TopicCatalog topics,
      SerdeFactory serdes,
      IngestSbomConfig config,
      StatusListener listener,
      SubmissionProcessor.Outcomes outcomes,
      Safeguards safeguards,
      CurrentDecisions decisions) {
    var submissionSerde = serdes.value(topics.sbomSubmissions());
    var componentSerde = serdes.value(topics.components());
    var statusSerde = serdes.value(topics.sbomStatus());
    var deadLetterSerde = serdes.value(topics.deadLetters(VigilService.INGEST_SBOM));
    Map<String, String> changelog =
        Map.of("max.message.bytes", Integer.toString(TopicCatalog.MAX_MESSAGE_BYTES));

    StoreBuilder<KeyValueStore<String, SbomSubmission>> chunks =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CHUNKS_STORE),
                Serdes.String(),
                serdes.internal(SbomSubmission.class))
            .withCachingDisabled()
            .withLoggingEnabled(changelog);
    // value: a page of the inventory, each entry the ADDED event as published (InventoryPages)
    StoreBuilder<KeyValueStore<String, InventoryPage>> inventory =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(INVENTORY_STORE),
                Serdes.String(),
                serdes.internal(InventoryPage.class))
            .withCachingDisabled()
            .withLoggingEnabled(changelog);
    StoreBuilder<KeyValueStore<String, ProjectInventory>> projects =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(PROJECTS_STORE),
                Serdes.String(),
                serdes.internal(ProjectInventory.class))
            .withCachingDisabled()
            .withLoggingEnabled(changelog);
    StoreBuilder<KeyValueStore<String, ProjectContextState>> contexts =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(CONTEXT_STORE),
                Serdes.String(),
                serdes.internal(ProjectContextState.class))
            .withCachingDisabled()
            .withLoggingEnabled(changelog);
    StoreBuilder<KeyValueStore<String, SbomStatus>> status =
        Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(STATUS_STORE), Serdes.String(), statusSerde)
            .withCachingDisabled()
            .withLoggingDisabled(); // a global store restores from its source topic

    Topology t = new Topology();
    t.addSource(
        SOURCE,
        Serdes.String().deserializer(),
        submissionSerde.deserializer(),
        topics.sbomSubmissions().name());
    t.addProcessor(
        PROCESSOR,
        () ->
            new SubmissionProcessor(
                config,
                topics.deadLetters(VigilService.INGEST_SBOM).name(),
                topics.components().name(),
                componentSerde,
                outcomes,
                safeguards,
                decisions),
        SOURCE);
    t.addSource(
        PROJECTS_SOURCE,
        Serdes.String().deserializer(),
        serdes.value(topics.projects()).deserializer(),
        topics.projects().name());
    t.addProcessor(
        CONTEXT_PROCESSOR,
        () ->
            new ProjectContextProcessor(
                CONTEXT_STORE,
                INVENTORY_STORE,
                componentSerde,
                topics.components().name(),
                COMPONENTS_SINK,
                DLQ_SINK),
        PROJECTS_SOURCE);
    t.addStateStore(chunks, PROCESSOR);
    t.addStateStore(inventory, PROCESSOR, CONTEXT_PROCESSOR);
    t.addStateStore(projects, PROCESSOR);
    t.addStateStore(contexts, PROCESSOR, CONTEXT_PROCESSOR);
    t.addSink(
        COMPONENTS_SINK,
        topics.components().name(),
        Serdes.String().serializer(),
        Serdes.ByteArray().serializer(), // serialized by the processor (once, also for the store)
        PROCESSOR,
        CONTEXT_PROCESSOR);
    t.addSink(
        STATUS_SINK,
        topics.sbomStatus().name(),
        Serdes.String().serializer(),
        (Serializer) statusSerde.serializer(),
        PROCESSOR);
    t.addSink(
        DLQ_SINK,
        topics.deadLetters(VigilService.INGEST_SBOM).name(),
        Serdes.String().serializer(),
        (Serializer) deadLetterSerde.serializer(),
        PROCESSOR,
        CONTEXT_PROCESSOR);
    t.addSink(
        ANALYSES_SINK,
        topics.analyses().name(),
        Serdes.String().serializer(),
        (Serializer) serdes.value(topics.analyses()).serializer(),
        PROCESSOR);
    t.addSink(
        ANALYSIS_HISTORY_SINK,
        topics.analysisHistory().name(),
        Serdes.String().serializer(),
        (Serializer) serdes.value(topics.analysisHistory()).serializer(),
        PROCESSOR);
    t.addGlobalStore(
        status,
        STATUS_SOURCE,
        Serdes.String().deserializer(),
        statusSerde.deserializer(),
        topics.sbomStatus().name(),
        STATUS_PROCESSOR,
        () -> new StatusStoreUpdater(listener));
    return t;
  }

  /** Keeps the global status store current and tells the listener (waiting uploads). */
  static final class StatusStoreUpdater
      implements org.apache.kafka.streams.processor.api.Processor<String, SbomStatus, Void, Void> {
    private final StatusListener listener;
    private KeyValueStore<String, SbomStatus> store;

    StatusStoreUpdater(StatusListener listener) {
      this.listener = listener;
    }

    @Override
    public void init(org.apache.kafka.streams.processor.api.ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STATUS_STORE);
    }

    @Override
    public void process(org.apache.kafka.streams.processor.api.Record<String, SbomStatus> r) {
      if (r.key() == null) {
        return;
      }
      if (r.value() == null) {
        store.delete(r.key());
      } else {
        store.put(r.key(), r.value());
      }
      listener.onStatus(r.key(), r.value());
    }
  }
}
