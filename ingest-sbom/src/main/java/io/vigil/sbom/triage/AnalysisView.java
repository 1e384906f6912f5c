package io.vigil.sbom.triage;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisChange;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * The decisions as the analyses topics hold them, in memory: the current decision per key (the
 * compacted topic, a tombstone removes one) and every change per key in log order (the history
 * topic, de-duplicated on {@code changeId}). Fed by {@link AnalysisLogReader} and, right after a
 * commit, by {@link AnalysisWriter} (so a caller reads its own write). Decisions are few (one per
 * triaged scope and vulnerability), so the whole trail fits in memory. Thread-safe.
 */
public final class AnalysisView {
  private final Map<String, Analysis> current = new TreeMap<>();
  private final Map<String, List<AnalysisChange>> history = new LinkedHashMap<>();
  private final Set<String> changeIds = new HashSet<>();

  /** The current decision of {@code key} is {@code analysis} (null: deleted). */
  public synchronized void put(String key, Analysis analysis) {
    if (analysis == null) {
      current.remove(key);
    } else {
      current.put(key, analysis);
    }
  }

  /** A change of the audit trail; false when {@code changeId} was seen already. */
  public synchronized boolean record(String changeId, AnalysisChange change) {
    if (!changeIds.add(changeId)) {
      return false;
    }
    history.computeIfAbsent(change.key(), k -> new ArrayList<>()).add(change);
    return true;
  }

  /** The current decision of a key. */
  public synchronized Optional<Analysis> get(String key) {
    return Optional.ofNullable(current.get(key));
  }

  /** The current decisions that {@code filter} accepts, by key. */
  public synchronized List<Analysis> current(Predicate<Analysis> filter) {
    return current.values().stream().filter(filter).toList();
  }

  /** Every change of {@code key}, oldest first (empty when none). */
  public synchronized List<AnalysisChange> history(String key) {
    return List.copyOf(history.getOrDefault(key, List.of()));
  }

  /** The keys with a trail whose last change is a deletion (deleted decisions, for listing). */
  public synchronized List<String> deletedKeys() {
    List<String> out = new ArrayList<>();
    history.forEach(
        (k, changes) -> {
          if (!current.containsKey(k)
              && changes.get(changes.size() - 1).type() == AnalysisChange.Type.DELETED) {
            out.add(k);
          }
        });
    return out;
  }

  /** How many current decisions. */
  public synchronized int size() {
    return current.size();
  }
}
