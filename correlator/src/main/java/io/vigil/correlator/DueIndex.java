package io.vigil.correlator;

import io.vigil.core.remediation.RemediationClock;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.correlator.remediation.OverdueExposures;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.triage.AnalysisAvro;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's open exposures by their due date ({@code exposure-due-store}: key {@code <due epoch
 * millis, 19 digits>␟<exposure key>}, value the exposure key), so the overdue check reads only what
 * is due instead of every exposure (issue 16 item 5). An entry is added whenever an exposure that
 * can still go overdue (open, unsuppressed, not overdue yet, first-seen time known) is stored with
 * a due date its previous state was not indexed under (core's {@link SlaPolicy}: a KEV listing that
 * moves it earlier adds an earlier entry; a write that keeps the due date writes nothing). Entries
 * are never removed on writes: when one comes due, the exposure's current state decides (resolved,
 * suppressed, already overdue, or due later now: dropped, the later due date has its own entry).
 * Exposures stored before the index existed are indexed by one full scan, the first time a task
 * checks ({@link #BUILT} marks it done).
 */
final class DueIndex {
  /** Marks the index as built (sorts after every time). */
  static final String BUILT = "~built";

  private final KeyValueStore<String, String> index;
  private final SlaPolicy policy;

  DueIndex(KeyValueStore<String, String> index, SlaPolicy policy) {
    this.index = index;
    this.policy = policy;
  }

  /**
   * The clock of a stored exposure that can still go overdue (open, unsuppressed, OVERDUE not
   * emitted yet, first-seen time known), else null.
   */
  static RemediationClock clockIfPending(SlaPolicy policy, ExposureEvent e) {
    if (e == null
        || e.getType() == ExposureType.RESOLVED
        || e.getOverdueSince() != null
        || AnalysisAvro.suppresses(e.getAnalysis())) {
      return null;
    }
    return OverdueExposures.clock(policy, e);
  }

  /**
   * After {@code exposureKey} was stored as {@code stored} (null: deleted), replacing {@code
   * before} (null: unknown or new). Nothing is written when the due date is the one {@code before}
   * was indexed under (most writes: an EPSS re-score does not move a due date).
   */
  void stored(String exposureKey, ExposureEvent before, ExposureEvent stored) {
    RemediationClock c = clockIfPending(policy, stored);
    if (c == null) {
      return;
    }
    RemediationClock was = clockIfPending(policy, before);
    if (was != null && was.due().at().equals(c.due().at())) {
      return; // indexed already (its entry is only removed once due, and then judged)
    }
    index.put(ExpiryIndex.key(c.due().at(), exposureKey), exposureKey);
  }

  /** Indexes every stored exposure once (those stored before the index existed). */
  void buildOnce(KeyValueStore<String, ExposureEvent> exposures) {
    if (index.get(BUILT) != null) {
      return;
    }
    try (KeyValueIterator<String, ExposureEvent> it = exposures.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        stored(kv.key, null, kv.value);
      }
    }
    index.put(BUILT, "");
  }

  /**
   * The exposures that went overdue at or before {@code now} (at most {@code max}, earliest due
   * first, each once) with their clocks; the entries read are removed (the rest waits for the next
   * check).
   */
  List<KeyValue<String, RemediationClock>> due(
      Instant now, KeyValueStore<String, ExposureEvent> exposures, int max) {
    List<String> done = new ArrayList<>();
    Map<String, RemediationClock> out = new LinkedHashMap<>();
    long nowMillis = now.toEpochMilli();
    try (KeyValueIterator<String, String> it = index.all()) {
      while (it.hasNext() && out.size() < max) {
        var kv = it.next();
        if (kv.key.equals(BUILT)) {
          break;
        }
        if (Long.parseLong(kv.key.substring(0, ExpiryIndex.DIGITS)) >= nowMillis) {
          break;
        }
        done.add(kv.key);
        RemediationClock c = clockIfPending(policy, exposures.get(kv.value));
        if (c != null && c.overdue(now)) {
          out.putIfAbsent(kv.value, c);
        }
      }
    }
    done.forEach(index::delete);
    List<KeyValue<String, RemediationClock>> list = new ArrayList<>();
    out.forEach((k, c) -> list.add(KeyValue.pair(k, c)));
    return list;
  }
}
