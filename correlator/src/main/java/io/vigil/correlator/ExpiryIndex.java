package io.vigil.correlator;

import io.vigil.events.v1.ExposureEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The task's exposures by the time their decision expires ({@code exposure-expiry-store}: key
 * {@code <validUntil epoch millis, 19 digits>␟<exposure key>}, value the exposure key), so the
 * expiry check reads only what is due instead of every exposure. Entries are added when an exposure
 * is stored with a decision that has a {@code validUntil}, and never removed on writes (no read of
 * the previous state on the hot path): an entry whose exposure is gone or whose decision changed
 * since is stale and is dropped when it comes due. Exposures stored before the index existed are
 * indexed by one full scan, the first time a task checks ({@link #BUILT} marks it done).
 */
final class ExpiryIndex {
  /** Marks the index as built (sorts after every time). */
  static final String BUILT = "~built";

  private static final char SEPARATOR = '\u001F';
  static final int DIGITS = 19;

  private final KeyValueStore<String, String> index;

  ExpiryIndex(KeyValueStore<String, String> index) {
    this.index = index;
  }

  /** The index key of an exposure whose decision expires at {@code until}. */
  static String key(Instant until, String exposureKey) {
    String millis = Long.toString(Math.max(0, until.toEpochMilli()));
    return "0".repeat(DIGITS - millis.length()) + millis + SEPARATOR + exposureKey;
  }

  /** After {@code exposureKey} was stored as {@code stored} (null: deleted). */
  void stored(String exposureKey, ExposureEvent stored) {
    if (stored != null
        && stored.getAnalysis() != null
        && stored.getAnalysis().getValidUntil() != null) {
      index.put(key(stored.getAnalysis().getValidUntil(), exposureKey), exposureKey);
    }
  }

  /** Indexes every stored exposure once (those stored before the index existed). */
  void buildOnce(KeyValueStore<String, ExposureEvent> exposures) {
    if (index.get(BUILT) != null) {
      return;
    }
    try (KeyValueIterator<String, ExposureEvent> it = exposures.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        stored(kv.key, kv.value);
      }
    }
    index.put(BUILT, "");
  }

  /**
   * The exposures whose decision expired at or before {@code now}, in expiry order; their entries
   * (and the stale ones due) are removed.
   */
  List<KeyValue<String, ExposureEvent>> due(
      Instant now, KeyValueStore<String, ExposureEvent> exposures) {
    List<String> done = new ArrayList<>();
    List<KeyValue<String, ExposureEvent>> out = new ArrayList<>();
    long nowMillis = now.toEpochMilli();
    try (KeyValueIterator<String, String> it = index.all()) {
      while (it.hasNext()) {
        var kv = it.next();
        if (kv.key.equals(BUILT)) {
          break;
        }
        long until = Long.parseLong(kv.key.substring(0, DIGITS));
        if (until > nowMillis) {
          break;
        }
        done.add(kv.key);
        ExposureEvent e = exposures.get(kv.value);
        if (e != null
            && e.getAnalysis() != null
            && e.getAnalysis().getValidUntil() != null
            && e.getAnalysis().getValidUntil().toEpochMilli() == until) {
          out.add(KeyValue.pair(kv.value, e));
        }
      }
    }
    done.forEach(index::delete);
    return out;
  }
}
