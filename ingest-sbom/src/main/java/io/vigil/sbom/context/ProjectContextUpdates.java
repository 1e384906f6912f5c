package io.vigil.sbom.context;

import io.vigil.core.project.ProjectContext;
import io.vigil.core.project.ProjectContexts;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.internal.v1.InventoryEntry;
import io.vigil.internal.v1.InventoryPage;
import io.vigil.internal.v1.ProjectContextState;
import io.vigil.sbom.StoreKeys;
import io.vigil.schemas.serde.AvroSerde;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A project's context inside ingest-sbom's stream task: what the registry set, what its latest SBOM
 * declared, and the effective context (core's {@link ProjectContexts#effective}) that its component
 * events carry. When the effective context changes, every component of every inventory of the
 * project is re-emitted as {@code UPDATED} with the new one (the components themselves unchanged:
 * no NEW/RESOLVED downstream), so the correlator can re-evaluate the project's open exposures.
 *
 * <p>Used by {@code InventoryUpdate} (an accepted SBOM) and {@link ProjectContextProcessor} (a
 * registry record), which share the stores: both run in the task that owns the project (the
 * submissions and the registry are keyed by project name and co-partitioned).
 *
 * <p>An {@code UPDATED} event's id is {@code <submission that brought the component>:UPDATED#<n>:
 * <identity>}, {@code n} the project's context revision (incremented at each change of the
 * effective context): the same change always has the same id, and a later change back to an earlier
 * context has another.
 */
public final class ProjectContextUpdates {
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, ProjectContextState> states;
  private final KeyValueStore<String, InventoryPage> inventory;
  private final AvroSerde<ComponentEvent> serde;
  private final String componentsTopic;
  private final String componentsSink;

  public ProjectContextUpdates(
      KeyValueStore<String, ProjectContextState> states,
      KeyValueStore<String, InventoryPage> inventory,
      AvroSerde<ComponentEvent> serde,
      String componentsTopic,
      String componentsSink) {
    this.states = states;
    this.inventory = inventory;
    this.serde = serde;
    this.componentsTopic = componentsTopic;
    this.componentsSink = componentsSink;
  }

  /**
   * The effective context after a change, as the wire form (null while nothing is known).
   *
   * @param effective the context component events carry from now on
   * @param changed true when it differs from what the project's events carried before
   * @param revision the project's context revision (ids of re-emitted events)
   */
  public record Change(
      io.vigil.events.v1.ProjectContext effective, boolean changed, long revision) {}

  /**
   * An SBOM of the project was accepted: remembers what it declared and its inventory.
   *
   * @param declared what the SBOM (and its upload's tags) declared
   */
  public Change onSbom(String project, String inventoryId, ProjectContext declared) {
    ProjectContextState state = load(project);
    ProjectContextState.Builder next = ProjectContextState.newBuilder(state);
    next.setDeclared(ContextAvro.toAvro(declared));
    if (!state.getInventories().contains(inventoryId)) {
      List<String> inventories = new ArrayList<>(state.getInventories());
      inventories.add(inventoryId);
      next.setInventories(inventories);
    }
    return apply(state, next);
  }

  /**
   * The registry's record of the project changed.
   *
   * @param registry its context, or null when the record was removed
   */
  public Change onRegistry(String project, ProjectContext registry) {
    ProjectContextState state = load(project);
    ProjectContextState.Builder next =
        ProjectContextState.newBuilder(state).setRegistry(ContextAvro.toAvro(registry));
    return apply(state, next);
  }

  private Change apply(ProjectContextState before, ProjectContextState.Builder next) {
    io.vigil.events.v1.ProjectContext effective =
        ContextAvro.toAvro(
            ProjectContexts.effective(
                next.getRegistry() == null ? null : ContextAvro.fromAvro(next.getRegistry()),
                ContextAvro.fromAvro(next.getDeclared())));
    boolean changed = !Objects.equals(effective, before.getEffective());
    next.setEffective(effective);
    if (changed) {
      next.setRevision(before.getRevision() + 1);
    }
    ProjectContextState after = next.build();
    states.put(after.getProject(), after);
    return new Change(effective, changed, after.getRevision());
  }

  /** The events with the effective context on them (ADDED ones; REMOVED carry none). */
  public static List<ComponentEvent> withContext(List<ComponentEvent> events, Change change) {
    if (change.effective() == null) {
      return events;
    }
    List<ComponentEvent> out = new ArrayList<>(events.size());
    for (ComponentEvent e : events) {
      out.add(
          e.getChange() == ComponentChange.REMOVED
              ? e
              : ComponentEvent.newBuilder(e).setProjectContext(change.effective()).build());
    }
    return out;
  }

  /**
   * Re-emits every component of the project's inventories as UPDATED with the changed context,
   * except the {@code skip} identities of inventory {@code skipInventory} (the components an SBOM
   * just added, which carry it already).
   *
   * @return how many events were forwarded
   */
  public int reemit(
      ProcessorContext<String, Object> context,
      String project,
      Change change,
      Instant receivedAt,
      long timestamp,
      String skipInventory,
      Set<String> skip) {
    if (!change.changed()) {
      return 0;
    }
    List<String> inventories = new ArrayList<>(load(project).getInventories());
    if (inventories.isEmpty()) {
      inventories.add(project); // state from before the registry: the default inventory id
    }
    int forwarded = 0;
    for (String inventoryId : inventories) {
      boolean current = inventoryId.equals(skipInventory);
      for (InventoryEntry entry : entries(inventoryId)) {
        if (current && skip.contains(entry.getIdentity())) {
          continue;
        }
        ComponentEvent stored = serde.deserialize(componentsTopic, bytes(entry.getEvent()));
        ComponentEvent updated =
            ComponentEvent.newBuilder(stored)
                .setEventId(
                    stored.getSubmissionId()
                        + ":UPDATED#"
                        + change.revision()
                        + ":"
                        + entry.getIdentity())
                .setChange(ComponentChange.UPDATED)
                .setReplaces(null)
                .setInitialInventory(false)
                .setReceivedAt(receivedAt)
                .setProjectContext(change.effective())
                .build();
        context.forward(
            new Record<String, Object>(
                stored.getProjectId(), serde.serialize(componentsTopic, updated), timestamp),
            componentsSink);
        forwarded++;
      }
    }
    return forwarded;
  }

  private List<InventoryEntry> entries(String inventoryId) {
    List<InventoryEntry> out = new ArrayList<>();
    try (KeyValueIterator<String, InventoryPage> it =
        inventory.prefixScan(StoreKeys.inventoryPrefix(inventoryId), KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, InventoryPage> page = it.next();
        out.addAll(page.value.getEntries());
      }
    }
    return out;
  }

  private ProjectContextState load(String project) {
    ProjectContextState s = states.get(project);
    return s != null
        ? s
        : ProjectContextState.newBuilder()
            .setProject(project)
            .setRegistry(null)
            .setDeclared(null)
            .setEffective(null)
            .setInventories(List.of())
            .setRevision(0L)
            .build();
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
