package io.vigil.correlator;

import io.vigil.correlator.QueryPage.Item;
import io.vigil.events.v1.ExposureEvent;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code exposures-by-advisory-store}: the open exposures of a package-shard task by advisory
 * ({@code advisory ␟ project ␟ purl} → {@code ""}), kept beside {@code exposures-store} in the same
 * task, so the blast radius of an advisory reads only the exposed rows of a partition instead of
 * every component of the advisory's packages (log4j-core: every user of it, exposed or not).
 *
 * <p>Correlation writes it whenever an exposure opens or ends (only {@code Correlation.apply}
 * changes which exposures exist; triage and path updates change values only). State built before
 * the index existed has open exposures and no index: the first input a task processes builds the
 * task's index from its {@code exposures-store} once and then writes {@link #BUILT}; until then a
 * partition without {@link #BUILT} is answered the old way (its components scanned), so an answer
 * is complete on every instance, upgraded or restoring.
 *
 * <p>A key's parts are the exposure key's, escaped alike ({@link StoreKeys}), reordered: the part
 * after the advisory ({@code project ␟ purl}) is the sort key the blast radius always paged by.
 */
final class ExposureIndex {
  /** Written once the task's index is complete; U+001D then 'i' is no escaped part's start. */
  static final String BUILT = StoreKeys.ESC + "index-built";

  private final KeyValueStore<String, String> index;
  private final KeyValueStore<String, ExposureEvent> exposures;
  private boolean built;

  ExposureIndex(
      KeyValueStore<String, String> index, KeyValueStore<String, ExposureEvent> exposures) {
    this.index = index;
    this.exposures = exposures;
  }

  /** Builds the index from {@code exposures-store} when this task's was never built. */
  void ensureBuilt() {
    if (built) {
      return;
    }
    if (index.get(BUILT) == null) {
      try (KeyValueIterator<String, ExposureEvent> it = exposures.all()) {
        while (it.hasNext()) {
          index.put(key(it.next().key), "");
        }
      }
      index.put(BUILT, "");
    }
    built = true;
  }

  /** An exposure opened (or was stored again). */
  void opened(String exposureKey) {
    ensureBuilt();
    index.put(key(exposureKey), "");
  }

  /** An exposure ended. */
  void ended(String exposureKey) {
    ensureBuilt();
    index.delete(key(exposureKey));
  }

  /** {@code advisory ␟ project ␟ purl} of {@code project ␟ purl ␟ advisory} (escaped parts). */
  static String key(String exposureKey) {
    int last = exposureKey.lastIndexOf(StoreKeys.SEP);
    return exposureKey.substring(last + 1) + StoreKeys.SEP + exposureKey.substring(0, last);
  }

  /** The exposure key of an index key. */
  static String exposureKey(String indexKey) {
    int first = indexKey.indexOf(StoreKeys.SEP);
    return indexKey.substring(first + 1) + StoreKeys.SEP + indexKey.substring(0, first);
  }

  /**
   * One partition's exposures to an advisory, keyed by {@code project ␟ purl}, from the cursor on,
   * at most {@link QueryPage#fetch()}; null when this partition's index is not built yet.
   */
  static List<Item> read(
      ReadOnlyKeyValueStore<String, String> index,
      ReadOnlyKeyValueStore<String, ExposureEvent> exposures,
      String advisoryId,
      QueryPage page) {
    if (index.get(BUILT) == null) {
      return null;
    }
    String prefix = StoreKeys.prefix(advisoryId);
    String from = page.cursor() == null ? prefix : prefix + page.cursor();
    List<Item> out = new ArrayList<>();
    try (KeyValueIterator<String, String> it =
        index.range(from, LocalQueries.afterPrefix(prefix))) {
      while (it.hasNext() && out.size() < page.fetch()) {
        String key = it.next().key;
        if (!key.startsWith(prefix)) {
          continue;
        }
        String sortKey = key.substring(prefix.length());
        if (!page.after(sortKey)) {
          continue;
        }
        ExposureEvent e = exposures.get(exposureKey(key));
        if (e != null) {
          out.add(new Item(sortKey, ExposureJson.node(e)));
        }
      }
    }
    return out;
  }
}
