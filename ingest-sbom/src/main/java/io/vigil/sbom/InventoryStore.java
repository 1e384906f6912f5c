package io.vigil.sbom;

import io.vigil.internal.v1.InventoryEntry;
import io.vigil.internal.v1.InventoryPage;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A project's inventory in {@code sbom-inventory-pages-store}: pages of (identity, last ADDED or
 * UPDATED event bytes, paths hash) under {@link StoreKeys#inventoryPage} keys, read with one prefix
 * scan and rewritten only where {@link InventoryPages} says so.
 */
final class InventoryStore {
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, InventoryPage> store;

  InventoryStore(KeyValueStore<String, InventoryPage> store) {
    this.store = store;
  }

  /**
   * A project's current inventory: its pages by number, each identity's event bytes and the hash of
   * that event's paths (null for an entry stored before paths existed).
   */
  record Loaded(
      Map<Integer, List<InventoryPages.Entry>> pages,
      Map<String, byte[]> events,
      Map<String, Long> pathsHashes) {}

  Loaded load(String projectId) {
    String prefix = StoreKeys.inventoryPrefix(projectId);
    Map<Integer, List<InventoryPages.Entry>> pages = new HashMap<>();
    Map<String, byte[]> events = new HashMap<>();
    Map<String, Long> pathsHashes = new HashMap<>();
    try (KeyValueIterator<String, InventoryPage> it = store.prefixScan(prefix, KEYS)) {
      while (it.hasNext()) {
        KeyValue<String, InventoryPage> page = it.next();
        List<InventoryPages.Entry> entries = new ArrayList<>(page.value.getEntries().size());
        for (InventoryEntry entry : page.value.getEntries()) {
          byte[] event = bytes(entry.getEvent());
          entries.add(new InventoryPages.Entry(entry.getIdentity(), event, entry.getPathsHash()));
          events.put(entry.getIdentity(), event);
          pathsHashes.put(entry.getIdentity(), entry.getPathsHash());
        }
        pages.put(StoreKeys.pageNumber(prefix, page.key), entries);
      }
    }
    return new Loaded(pages, events, pathsHashes);
  }

  /** Writes and deletes the pages an update changes. */
  void apply(String projectId, InventoryPages.Update update) {
    update.delete().forEach(number -> store.delete(StoreKeys.inventoryPage(projectId, number)));
    update
        .write()
        .forEach(
            (number, entries) ->
                store.put(StoreKeys.inventoryPage(projectId, number), page(entries)));
  }

  private static InventoryPage page(List<InventoryPages.Entry> entries) {
    List<InventoryEntry> out = new ArrayList<>(entries.size());
    for (InventoryPages.Entry e : entries) {
      out.add(new InventoryEntry(e.identity(), ByteBuffer.wrap(e.event()), e.pathsHash()));
    }
    return new InventoryPage(out);
  }

  private static byte[] bytes(ByteBuffer buffer) {
    ByteBuffer b = buffer.duplicate();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }
}
