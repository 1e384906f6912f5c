package io.vigil.correlator;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The query API's answers from this instance's own stores, one partition at a time: a partition is
 * read only from the local active copy of its task, so a partition that is not (or no longer) this
 * instance's is reported missing ({@link PartitionsUnavailable}), never answered empty. Reads
 * resume after the page's cursor and stop after {@link QueryPage#fetch()} results, so paging
 * through a large shard reads it about once in all, not once per page.
 */
final class LocalQueries {
  /** How the stores of this instance are reached (Kafka Streams; a map in tests). */
  interface Stores {
    /** The partition a key of a store lives in (Streams' default partitioning). */
    int partitionOf(String store, String key);

    /**
     * The local active copy of one partition of a store. Reads throw {@link
     * InvalidStateStoreException} when this instance does not own the partition.
     */
    <V> ReadOnlyKeyValueStore<String, V> partition(String store, int partition);
  }

  /** Partitions of a store that this instance was asked for and does not own. */
  static final class PartitionsUnavailable extends RuntimeException {
    private final String store;
    private final SortedSet<Integer> partitions;

    PartitionsUnavailable(String store, SortedSet<Integer> partitions, String reason) {
      super("partitions " + partitions + " of " + store + " are not available here: " + reason);
      this.store = store;
      this.partitions = partitions;
    }

    String store() {
      return store;
    }

    SortedSet<Integer> partitions() {
      return partitions;
    }
  }

  private final Stores stores;

  LocalQueries(Stores stores) {
    this.stores = stores;
  }

  /** The project's exposures in the given partitions of {@code exposures-store}. */
  List<Item> projectExposures(String project, Collection<Integer> partitions, QueryPage page) {
    Missing missing = new Missing(CorrelatorTopology.EXPOSURES_STORE);
    List<Item> out = new ArrayList<>();
    for (int p : partitions) {
      try {
        ReadOnlyKeyValueStore<String, ExposureEvent> store =
            stores.partition(CorrelatorTopology.EXPOSURES_STORE, p);
        out.addAll(projectExposuresIn(store, project, page));
      } catch (InvalidStateStoreException e) {
        missing.add(p, e);
      }
    }
    missing.check();
    return page.trim(out);
  }

  /** The project's components in the given partitions (their package shards' tasks). */
  List<Item> projectComponents(
      String project,
      ComponentIndex.Filter filter,
      Collection<Integer> partitions,
      QueryPage page) {
    Missing missing = new Missing(CorrelatorTopology.COMPONENTS_STORE);
    List<Item> out = new ArrayList<>();
    for (int p : partitions) {
      try {
        out.addAll(
            ComponentIndex.read(
                stores.partition(CorrelatorTopology.COMPONENT_INDEX_STORE, p),
                stores.partition(CorrelatorTopology.COMPONENTS_STORE, p),
                stores.partition(CorrelatorTopology.EXPOSURES_STORE, p),
                project,
                filter,
                page));
      } catch (InvalidStateStoreException e) {
        missing.add(p, e);
      }
    }
    missing.check();
    return page.trim(out);
  }

  /** The package keys an advisory lists (empty: unknown or withdrawn). */
  List<Item> advisoryPackages(String advisoryId) {
    String store = CorrelatorTopology.ADVISORY_LINKS_STORE;
    int p = stores.partitionOf(store, advisoryId);
    Missing missing = new Missing(store);
    List<Item> out = new ArrayList<>();
    try {
      ReadOnlyKeyValueStore<String, AdvisoryLinks> links = stores.partition(store, p);
      AdvisoryLinks l = links.get(advisoryId);
      if (l != null) {
        l.packageKeys().forEach(k -> out.add(new Item(k, JsonNodeFactory.instance.textNode(k))));
      }
    } catch (InvalidStateStoreException e) {
      missing.add(p, e);
    }
    missing.check();
    return out;
  }

  /** The open exposures of the given partitions of {@code exposures-store}, summed (one item). */
  List<Item> exposureSummary(Collection<Integer> partitions) {
    Missing missing = new Missing(CorrelatorTopology.EXPOSURES_STORE);
    PortfolioSummary summary = new PortfolioSummary();
    for (int p : partitions) {
      try {
        ReadOnlyKeyValueStore<String, ExposureEvent> store =
            stores.partition(CorrelatorTopology.EXPOSURES_STORE, p);
        try (KeyValueIterator<String, ExposureEvent> it = store.all()) {
          while (it.hasNext()) {
            summary.add(it.next().value);
          }
        }
      } catch (InvalidStateStoreException e) {
        missing.add(p, e);
      }
    }
    missing.check();
    return List.of(new Item("summary", summary.partial()));
  }

  /**
   * Every exposure stored in the given partitions of {@code exposures-store}, handed to {@code
   * each} (a fold for a portfolio query: every instance folds its partitions, the one asked
   * merges).
   */
  void forEachExposure(Collection<Integer> partitions, Consumer<ExposureEvent> each) {
    this.<ExposureEvent>forEach(
        CorrelatorTopology.EXPOSURES_STORE, partitions, (k, v) -> each.accept(v));
  }

  /**
   * The RESOLVED event of every exposure resolved in the given partitions ({@code
   * resolved-exposures-store}), handed to {@code each}.
   */
  void forEachResolvedExposure(Collection<Integer> partitions, Consumer<ExposureEvent> each) {
    this.<ExposureEvent>forEach(
        CorrelatorTopology.RESOLVED_EXPOSURES_STORE, partitions, (k, v) -> each.accept(v));
  }

  /** Every key and value of the given partitions of a package-shard-stage store. */
  <V> void forEach(String storeName, Collection<Integer> partitions, BiConsumer<String, V> each) {
    Missing missing = new Missing(storeName);
    for (int p : partitions) {
      try {
        ReadOnlyKeyValueStore<String, V> store = stores.partition(storeName, p);
        try (KeyValueIterator<String, V> it = store.all()) {
          while (it.hasNext()) {
            var kv = it.next();
            each.accept(kv.key, kv.value);
          }
        }
      } catch (InvalidStateStoreException e) {
        missing.add(p, e);
      }
    }
    missing.check();
  }

  /**
   * The given partitions of the SYSTEMIC stage's {@code package-reach-store} and the portfolio's
   * totals they hold ({@link RiskTop}).
   */
  List<Item> riskPartial(Collection<Integer> partitions) {
    Missing missing = new Missing(CorrelatorTopology.PACKAGE_REACH_STORE);
    RiskTop.Partial part = new RiskTop.Partial();
    for (int p : partitions) {
      try {
        ReadOnlyKeyValueStore<String, SystemicRecords.PackageCounts> store =
            stores.partition(CorrelatorTopology.PACKAGE_REACH_STORE, p);
        try (KeyValueIterator<String, SystemicRecords.PackageCounts> it = store.all()) {
          while (it.hasNext()) {
            var kv = it.next();
            part.add(kv.key, kv.value);
          }
        }
        ReadOnlyKeyValueStore<String, SystemicRecords.PortfolioTotals> totals =
            stores.partition(CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE, p);
        part.totals(totals.get(SystemicAdvisories.TOTALS_KEY));
      } catch (InvalidStateStoreException e) {
        missing.add(p, e);
      }
    }
    missing.check();
    return List.of(new Item("risk", part.json()));
  }

  /**
   * An advisory as the given package shards hold it (each trimmed to its package's affected
   * entries), keyed by package key; shards that do not hold it give nothing.
   */
  List<Item> shardAdvisories(List<String> shardKeys, String advisoryId) {
    String store = CorrelatorTopology.ADVISORIES_STORE;
    Missing missing = new Missing(store);
    List<Item> out = new ArrayList<>();
    for (String shardKey : shardKeys) {
      int p = stores.partitionOf(store, shardKey);
      try {
        ReadOnlyKeyValueStore<String, Advisory> advisories = stores.partition(store, p);
        Advisory a = advisories.get(StoreKeys.advisory(shardKey, advisoryId));
        if (a != null) {
          out.add(new Item(StoreKeys.packageOf(shardKey), AdvisoryJson.node(a)));
        }
      } catch (InvalidStateStoreException e) {
        missing.add(p, e);
      }
    }
    missing.check();
    return out;
  }

  /**
   * The exposures to an advisory in the partitions of the given package shards: from each
   * partition's {@link ExposureIndex} (only the exposed rows are read), or, in a partition whose
   * index is not built yet, from a scan of its shards' components.
   */
  List<Item> shardExposures(List<String> shardKeys, String advisoryId, QueryPage page) {
    return byPartition(
        shardKeys,
        page,
        (p, keys) -> {
          ReadOnlyKeyValueStore<String, ExposureEvent> exposures =
              stores.partition(CorrelatorTopology.EXPOSURES_STORE, p);
          List<Item> indexed =
              ExposureIndex.read(
                  stores.partition(CorrelatorTopology.EXPOSURE_INDEX_STORE, p),
                  exposures,
                  advisoryId,
                  page);
          if (indexed != null) {
            return indexed;
          }
          ReadOnlyKeyValueStore<String, ComponentEvent> components =
              stores.partition(CorrelatorTopology.COMPONENTS_STORE, p);
          List<Item> out = new ArrayList<>();
          for (String shardKey : keys) {
            out.addAll(shardExposuresIn(components, exposures, shardKey, advisoryId, page));
          }
          return out;
        });
  }

  /** Who ships the packages of the given shards, at which versions. */
  List<Item> shardComponents(List<String> shardKeys, QueryPage page) {
    return byPartition(
        shardKeys,
        page,
        (p, keys) -> {
          ReadOnlyKeyValueStore<String, ComponentEvent> components =
              stores.partition(CorrelatorTopology.COMPONENTS_STORE, p);
          List<Item> out = new ArrayList<>();
          for (String shardKey : keys) {
            out.addAll(shardComponentsIn(components, shardKey, page));
          }
          return out;
        });
  }

  /** A read of one partition, for the given shard keys that live in it. */
  private interface PartitionRead {
    List<Item> read(int partition, List<String> shardKeys);
  }

  private List<Item> byPartition(List<String> shardKeys, QueryPage page, PartitionRead read) {
    String store = CorrelatorTopology.COMPONENTS_STORE;
    Map<Integer, List<String>> byPartition = new TreeMap<>();
    for (String k : shardKeys) {
      byPartition.computeIfAbsent(stores.partitionOf(store, k), x -> new ArrayList<>()).add(k);
    }
    Missing missing = new Missing(store);
    List<Item> out = new ArrayList<>();
    for (var e : byPartition.entrySet()) {
      try {
        out.addAll(read.read(e.getKey(), e.getValue()));
      } catch (InvalidStateStoreException ex) {
        missing.add(e.getKey(), ex);
      }
    }
    missing.check();
    return page.trim(out);
  }

  // ------------------------------------------------------------------ one store partition

  /** A project's exposures in one store, keyed (and sorted) by their store key. */
  static List<Item> projectExposuresIn(
      ReadOnlyKeyValueStore<String, ExposureEvent> store, String project, QueryPage page) {
    String prefix = StoreKeys.prefix(project);
    String from =
        page.cursor() != null && QueryPage.ORDER.compare(page.cursor(), prefix) > 0
            ? page.cursor()
            : prefix;
    List<Item> out = new ArrayList<>();
    try (KeyValueIterator<String, ExposureEvent> it = range(store, from, prefix)) {
      while (it.hasNext() && out.size() < page.fetch()) {
        var kv = it.next();
        if (kv.key.startsWith(prefix) && page.after(kv.key)) {
          out.add(new Item(kv.key, ExposureJson.node(kv.value)));
        }
      }
    }
    return out;
  }

  /**
   * The exposures to an advisory of one shard's components, keyed by the component's store key
   * within the shard (project, then purl): the scan starts at the cursor and stops at a page.
   */
  static List<Item> shardExposuresIn(
      ReadOnlyKeyValueStore<String, ComponentEvent> components,
      ReadOnlyKeyValueStore<String, ExposureEvent> exposures,
      String shardKey,
      String advisoryId,
      QueryPage page) {
    String prefix = StoreKeys.prefix(shardKey);
    List<Item> out = new ArrayList<>();
    try (KeyValueIterator<String, ComponentEvent> it = resume(components, prefix, page)) {
      while (it.hasNext() && out.size() < page.fetch()) {
        var kv = it.next();
        String sortKey = withinShard(kv.key, prefix);
        if (sortKey != null && page.after(sortKey)) {
          ComponentEvent c = kv.value;
          ExposureEvent e =
              exposures.get(
                  StoreKeys.exposure(c.getProjectId(), c.getComponent().getPurl(), advisoryId));
          if (e != null) {
            out.add(new Item(sortKey, ExposureJson.node(e)));
          }
        }
      }
    }
    return out;
  }

  /** One shard's components, keyed by their store key within the shard (project, then purl). */
  static List<Item> shardComponentsIn(
      ReadOnlyKeyValueStore<String, ComponentEvent> components, String shardKey, QueryPage page) {
    String prefix = StoreKeys.prefix(shardKey);
    List<Item> out = new ArrayList<>();
    try (KeyValueIterator<String, ComponentEvent> it = resume(components, prefix, page)) {
      while (it.hasNext() && out.size() < page.fetch()) {
        var kv = it.next();
        String sortKey = withinShard(kv.key, prefix);
        if (sortKey != null && page.after(sortKey)) {
          out.add(new Item(sortKey, componentJson(kv.value)));
        }
      }
    }
    return out;
  }

  static ObjectNode componentJson(ComponentEvent c) {
    ObjectNode n = JsonNodeFactory.instance.objectNode();
    n.put("project", c.getProject());
    n.put("projectId", c.getProjectId());
    n.put("projectVersion", c.getProjectVersion());
    n.put("purl", c.getComponent().getPurl());
    n.put("version", c.getComponent().getVersion());
    if (c.getComponent().getDirect() != null) {
      n.put("direct", c.getComponent().getDirect());
    }
    if (c.getComponent().getSourcePackage() != null) {
      // a distro binary, stored under its source package: which source (and version) it was built
      // from, so the users of a source package read as binaries of it
      n.put("sourcePackage", c.getComponent().getSourcePackage());
      if (c.getComponent().getSourceVersion() != null) {
        n.put("sourceVersion", c.getComponent().getSourceVersion());
      }
    }
    return n;
  }

  /** The keys under {@code prefix} from the cursor on (the cursor is a key within the prefix). */
  private static <V> KeyValueIterator<String, V> resume(
      ReadOnlyKeyValueStore<String, V> store, String prefix, QueryPage page) {
    return range(store, page.cursor() == null ? prefix : prefix + page.cursor(), prefix);
  }

  /** Keys from {@code from} to the last key that starts with {@code prefix}. */
  private static <V> KeyValueIterator<String, V> range(
      ReadOnlyKeyValueStore<String, V> store, String from, String prefix) {
    return store.range(from, afterPrefix(prefix));
  }

  /**
   * A key greater than every key that starts with {@code prefix}, and that none of them equals (its
   * last character is the prefix's plus one); keys in between that do not start with the prefix are
   * skipped by the readers.
   */
  static String afterPrefix(String prefix) {
    char last = prefix.charAt(prefix.length() - 1);
    if (last == Character.MAX_VALUE) {
      return prefix + Character.MAX_VALUE;
    }
    return prefix.substring(0, prefix.length() - 1) + (char) (last + 1);
  }

  private static String withinShard(String key, String prefix) {
    return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
  }

  /** Collects the partitions that could not be read. */
  private static final class Missing {
    private final String store;
    private final SortedSet<Integer> partitions = new TreeSet<>();
    private String reason;

    Missing(String store) {
      this.store = store;
    }

    void add(int partition, InvalidStateStoreException e) {
      partitions.add(partition);
      reason = e.getMessage();
    }

    void check() {
      if (!partitions.isEmpty()) {
        throw new PartitionsUnavailable(store, partitions, reason);
      }
    }
  }
}
