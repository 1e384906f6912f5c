package io.vigil.correlator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.correlator.SystemicRecords.Watched;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The (vulnerability, package) pairs judged not systemic when the advisory came out, kept in {@code
 * systemic-advisories-store} beside the judgements (keys starting with U+0001, which no
 * vulnerability id does): {@code W pkg ␟ vulnerability} → the advisory's {@link Watched} facts,
 * {@code P pkg} when a package has any, {@code D pkg} when its use changed since it was last
 * judged. A component event costs one point read ({@link #touched}); the re-judging reads only the
 * marked packages.
 */
final class Watchlist {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String WATCHED = "\u0001W";
  private static final String PACKAGE = "\u0001P";
  private static final String DIRTY = "\u0001D";
  private static final char SEP = SystemicPortfolio.SEP;

  private final KeyValueStore<String, String> store;

  Watchlist(KeyValueStore<String, String> store) {
    this.store = store;
  }

  /** The pair was judged not systemic: watch it. */
  void watch(String packageKey, String vulnerability, Watched facts) {
    try {
      store.put(WATCHED + packageKey + SEP + vulnerability, JSON.writeValueAsString(facts));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    store.put(PACKAGE + packageKey, "");
  }

  /** A use of the package changed: judge its pending pairs again at the next check. */
  void touched(String packageKey) {
    if (store.get(PACKAGE + packageKey) != null && store.get(DIRTY + packageKey) == null) {
      store.put(DIRTY + packageKey, "");
    }
  }

  /** The packages to judge again: the changed ones, or every watched one. */
  List<String> due(boolean everyWatched) {
    List<String> out = new ArrayList<>();
    String prefix = everyWatched ? PACKAGE : DIRTY;
    try (KeyValueIterator<String, String> it = store.prefixScan(prefix, new StringSerializer())) {
      while (it.hasNext()) {
        out.add(it.next().key.substring(prefix.length()));
      }
    }
    return out;
  }

  /** The package's pending pairs: vulnerability → facts. */
  Map<String, Watched> pending(String packageKey) {
    Map<String, Watched> out = new TreeMap<>();
    String prefix = WATCHED + packageKey + SEP;
    try (KeyValueIterator<String, String> it = store.prefixScan(prefix, new StringSerializer())) {
      while (it.hasNext()) {
        var kv = it.next();
        try {
          out.put(kv.key.substring(prefix.length()), JSON.readValue(kv.value, Watched.class));
        } catch (JsonProcessingException e) {
          throw new IllegalStateException("unreadable watch entry " + kv.key, e);
        }
      }
    }
    return out;
  }

  /** The pair was announced: judged SYSTEMIC, no longer watched. */
  void announced(String packageKey, String vulnerability) {
    store.put(vulnerability + SEP + packageKey, "SYSTEMIC");
    store.delete(WATCHED + packageKey + SEP + vulnerability);
  }

  /** The package was judged again: unmarked, and forgotten once nothing of it is pending. */
  void checked(String packageKey) {
    store.delete(DIRTY + packageKey);
    if (pending(packageKey).isEmpty()) {
      store.delete(PACKAGE + packageKey);
    }
  }
}
