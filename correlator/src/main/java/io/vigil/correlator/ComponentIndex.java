package io.vigil.correlator;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * {@code components-by-project-store}: the components of a package-shard task by project ({@code
 * project ␟ purl} → the component's key in {@code components-by-package-store}), kept beside it in
 * the same task, so one project's inventory is read without reading every component of the
 * partition. A project's components spread over every partition (their packages' shards), so the
 * inventory query asks every partition; each reads only that project's rows.
 *
 * <p>Written by {@code Correlation.onComponent} when a component is first stored or removed. State
 * built before the index existed: the first input a task processes builds it from the components
 * once and writes {@link #BUILT}; until then a partition is answered by scanning its components
 * (complete, slower), as {@link ExposureIndex} does.
 */
final class ComponentIndex {
  /** Written once the task's index is complete; U+001D then 'i' is no escaped part's start. */
  static final String BUILT = StoreKeys.ESC + "index-built";

  /** Which components a page lists: a purl substring (without case) and direct/transitive. */
  record Filter(String q, Boolean direct) {
    static final Filter ALL = new Filter(null, null);

    Filter {
      q = q == null || q.isBlank() ? null : q.strip().toLowerCase(Locale.ROOT);
    }

    boolean matches(ComponentEvent c) {
      return (q == null || c.getComponent().getPurl().toLowerCase(Locale.ROOT).contains(q))
          && (direct == null || direct.equals(c.getComponent().getDirect()));
    }
  }

  private final KeyValueStore<String, String> index;
  private final KeyValueStore<String, ComponentEvent> components;
  private boolean built;

  ComponentIndex(
      KeyValueStore<String, String> index, KeyValueStore<String, ComponentEvent> components) {
    this.index = index;
    this.components = components;
  }

  /** Builds the index from the components when this task's was never built. */
  void ensureBuilt() {
    if (built) {
      return;
    }
    if (index.get(BUILT) == null) {
      try (KeyValueIterator<String, ComponentEvent> it = components.all()) {
        while (it.hasNext()) {
          String componentKey = it.next().key;
          index.put(key(componentKey), componentKey);
        }
      }
      index.put(BUILT, "");
    }
    built = true;
  }

  void added(String componentKey) {
    ensureBuilt();
    index.put(key(componentKey), componentKey);
  }

  void removed(String componentKey) {
    ensureBuilt();
    index.delete(key(componentKey));
  }

  /** {@code project ␟ purl} of {@code shard ␟ project ␟ purl} (escaped parts). */
  static String key(String componentKey) {
    return componentKey.substring(componentKey.indexOf(StoreKeys.SEP) + 1);
  }

  /**
   * One partition's components of a project, keyed by their escaped purl, from the cursor on, at
   * most {@link QueryPage#fetch()}, each with its open exposures in the same partition.
   */
  static List<Item> read(
      ReadOnlyKeyValueStore<String, String> index,
      ReadOnlyKeyValueStore<String, ComponentEvent> components,
      ReadOnlyKeyValueStore<String, ExposureEvent> exposures,
      String project,
      Filter filter,
      QueryPage page) {
    String prefix = StoreKeys.prefix(project);
    List<Item> out = new ArrayList<>();
    if (index.get(BUILT) == null) {
      // not built yet (state of an earlier version): every component of the partition
      try (KeyValueIterator<String, ComponentEvent> it = components.all()) {
        while (it.hasNext()) {
          var kv = it.next();
          String sortKey = withinProject(key(kv.key), prefix);
          if (sortKey != null && page.after(sortKey) && filter.matches(kv.value)) {
            out.add(new Item(sortKey, json(kv.value, exposures)));
          }
        }
      }
      return page.trim(out);
    }
    String from = page.cursor() == null ? prefix : prefix + page.cursor();
    try (KeyValueIterator<String, String> it =
        index.range(from, LocalQueries.afterPrefix(prefix))) {
      while (it.hasNext() && out.size() < page.fetch()) {
        var kv = it.next();
        String sortKey = withinProject(kv.key, prefix);
        if (sortKey == null || !page.after(sortKey)) {
          continue;
        }
        ComponentEvent c = components.get(kv.value);
        if (c != null && filter.matches(c)) {
          out.add(new Item(sortKey, json(c, exposures)));
        }
      }
    }
    return out;
  }

  private static String withinProject(String key, String prefix) {
    return key.startsWith(prefix) ? key.substring(prefix.length()) : null;
  }

  /** The component as the package query shows it, with its open exposures (compact). */
  private static ObjectNode json(
      ComponentEvent c, ReadOnlyKeyValueStore<String, ExposureEvent> exposures) {
    ObjectNode n = LocalQueries.componentJson(c);
    ArrayNode open = n.putArray("exposures");
    String prefix = StoreKeys.prefix(c.getProjectId(), c.getComponent().getPurl());
    try (KeyValueIterator<String, ExposureEvent> it =
        exposures.range(prefix, LocalQueries.afterPrefix(prefix))) {
      while (it.hasNext()) {
        var kv = it.next();
        if (!kv.key.startsWith(prefix)) {
          continue;
        }
        ExposureEvent e = kv.value;
        ObjectNode x = open.addObject();
        x.put("advisory", e.getAdvisory().getId());
        x.put("vulnerability", e.getAdvisory().getVulnerabilityId());
        x.put("severity", e.getAdvisory().getSeverity());
        x.put("kev", e.getKev() != null);
        x.put("suppressed", ExposureTriage.suppressed(e));
        if (e.getSmallestFix() != null) {
          x.put("smallestFix", e.getSmallestFix());
        }
      }
    }
    return n;
  }
}
