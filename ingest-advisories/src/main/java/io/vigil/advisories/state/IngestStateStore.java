package io.vigil.advisories.state;

import io.vigil.internal.v1.IngestState;
import io.vigil.internal.v1.IngestStatus;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What ingest-advisories last published, per feed record and per cursor, held in memory and
 * persisted in the compacted state topic ({@code vigil.advisories.ingest-state.v1}).
 *
 * <p>Every state entry is written in the same Kafka transaction as the record it describes, so the
 * topic never claims a record that was not committed, and a committed record always has its entry:
 * after a crash mid-dump, reloading this store and re-running publishes exactly what is missing (no
 * duplicates, no gaps). Changes made during an open transaction are kept apart ({@link #commit()}
 * folds them in, {@link #abort()} drops them).
 *
 * <p>Keys: {@code <feed>|<id>} (feed {@code osv}, {@code ghsa}, {@code nvd}, {@code epss}) and
 * {@code cursor|<name>}. In memory each record costs its id, a 64-bit prefix of its content hash
 * and its modified time.
 *
 * <p>Threads: one thread (the ingest loop) reads and writes; {@link #isCurrent} may also be called
 * from the ingest workers at the same time (the content-hash sets are concurrent; {@link #commit()}
 * adds a transaction's hashes to the committed set before it drops them from the pending one, so a
 * published hash is never missing from both).
 */
public final class IngestStateStore {
  private static final String CURSOR = "cursor|";

  /** One record's last publication: hash prefix, modified millis, whether it went to the DLQ. */
  public record Entry(long hash, long modified, boolean rejected) {}

  private final Map<String, Map<String, Entry>> records = new HashMap<>();
  // read by the ingest workers (isCurrent) while the ingest thread writes: concurrent
  private final Map<String, Set<Long>> hashes = new ConcurrentHashMap<>();
  private final Map<String, String> cursors = new HashMap<>();
  private final Map<String, Map<String, Entry>> pending = new HashMap<>();
  private final Map<String, Set<Long>> pendingHashes = new ConcurrentHashMap<>();
  private final Map<String, String> pendingCursors = new HashMap<>();

  /** An empty store (nothing published yet). */
  public IngestStateStore() {}

  /**
   * Replaces this store's content with the state topic read to its end (committed data only). Call
   * it after the writer fenced any previous instance, so no transaction is left pending.
   */
  public void loadFrom(
      KafkaSettings kafka,
      Topic<String, IngestState> topic,
      AvroSerde<IngestState> serde,
      Duration timeout) {
    records.clear();
    hashes.clear();
    cursors.clear();
    abort();
    IngestStateStore s = this;
    TopicReader.readAll(
        kafka,
        topic.name(),
        timeout,
        (key, value) -> {
          if (key == null) {
            return;
          }
          IngestState v = value == null ? null : serde.deserialize(topic.name(), value);
          s.apply(key, v);
        });
  }

  private void apply(String key, IngestState v) {
    if (key.startsWith(CURSOR)) {
      if (v == null || v.getCursor() == null) {
        cursors.remove(key.substring(CURSOR.length()));
      } else {
        cursors.put(key.substring(CURSOR.length()), v.getCursor());
      }
      return;
    }
    int bar = key.indexOf('|');
    if (bar < 0) {
      return;
    }
    String feed = key.substring(0, bar);
    String id = key.substring(bar + 1);
    if (v == null) {
      Entry old = records.computeIfAbsent(feed, f -> new HashMap<>()).remove(id);
      Set<Long> hs = hashes.get(feed);
      if (old != null && hs != null) {
        hs.remove(old.hash());
      }
      return;
    }
    Entry e =
        new Entry(
            prefix(v.getContentHash()),
            v.getModified() == null ? 0L : v.getModified().toEpochMilli(),
            v.getStatus() == IngestStatus.REJECTED);
    fold(feed, id, e);
  }

  private void fold(String feed, String id, Entry e) {
    Entry old = records.computeIfAbsent(feed, f -> new HashMap<>()).put(id, e);
    Set<Long> hs = hashes.computeIfAbsent(feed, f -> ConcurrentHashMap.newKeySet());
    if (old != null) {
      hs.remove(old.hash());
    }
    if (!e.rejected()) {
      hs.add(e.hash());
    }
  }

  /**
   * True when a record with exactly this content is the one published for its id in this feed. A
   * content that was dead-lettered is never current: it is looked at again on every run (it is not
   * dead-lettered twice: the ingest loop compares its hash with the rejected entry), so a version
   * of Vigil that can use it publishes it.
   */
  public boolean isCurrent(String feed, String contentHash) {
    long h = prefix(contentHash);
    // pending first: a commit adds a hash to the committed set before it drops the pending one, so
    // a hash missed in the pending set is found in the committed set (checked the other way round,
    // a commit between the two lookups hid it)
    Set<Long> p = pendingHashes.get(feed);
    if (p != null && p.contains(h)) {
      return true;
    }
    Set<Long> hs = hashes.get(feed);
    return hs != null && hs.contains(h);
  }

  /** The last publication of this record, or null. */
  public Entry get(String feed, String id) {
    Map<String, Entry> p = pending.get(feed);
    Entry e = p == null ? null : p.get(id);
    if (e != null) {
      return e;
    }
    Map<String, Entry> m = records.get(feed);
    return m == null ? null : m.get(id);
  }

  /** Records a publication (or a rejection) in the open transaction; returns the topic value. */
  public IngestState put(
      String feed, String id, String contentHash, Instant modified, boolean rejected, Instant now) {
    long mod = modified == null ? 0L : Math.max(0L, modified.toEpochMilli());
    pending
        .computeIfAbsent(feed, f -> new HashMap<>())
        .put(id, new Entry(prefix(contentHash), mod, rejected));
    if (!rejected) {
      pendingHashes
          .computeIfAbsent(feed, f -> ConcurrentHashMap.newKeySet())
          .add(prefix(contentHash));
    }
    return IngestState.newBuilder()
        .setStatus(rejected ? IngestStatus.REJECTED : IngestStatus.PUBLISHED)
        .setContentHash(contentHash)
        .setModified(Instant.ofEpochMilli(mod))
        .setUpdatedAt(now)
        .build();
  }

  /** The topic key of a record's entry. */
  public static String key(String feed, String id) {
    return feed + "|" + id;
  }

  /** The topic key of a cursor. */
  public static String cursorKey(String name) {
    return CURSOR + name;
  }

  /** A cursor's position, or null. */
  public String cursor(String name) {
    String p = pendingCursors.get(name);
    return p != null ? p : cursors.get(name);
  }

  /** Moves a cursor in the open transaction; returns the topic value. */
  public IngestState cursor(String name, String position, Instant now) {
    pendingCursors.put(name, position);
    return IngestState.newBuilder()
        .setStatus(IngestStatus.CURSOR)
        .setCursor(position)
        .setUpdatedAt(now)
        .build();
  }

  /** The open transaction committed: its changes become the state. */
  public void commit() {
    pending.forEach((feed, m) -> m.forEach((id, e) -> fold(feed, id, e)));
    pending.clear();
    pendingHashes.clear();
    cursors.putAll(pendingCursors);
    pendingCursors.clear();
  }

  /** The open transaction aborted: its changes never happened. */
  public void abort() {
    pending.clear();
    pendingHashes.clear();
    pendingCursors.clear();
  }

  /**
   * The newest {@code modified} time of the feed's committed records (feed freshness), or null when
   * it has none with a time.
   */
  public Instant newestModified(String feed) {
    Map<String, Entry> m = records.get(feed);
    long newest = 0;
    if (m != null) {
      for (Entry e : m.values()) {
        newest = Math.max(newest, e.modified());
      }
    }
    return newest == 0 ? null : Instant.ofEpochMilli(newest);
  }

  /** Records known for a feed (committed). */
  public int size(String feed) {
    Map<String, Entry> m = records.get(feed);
    return m == null ? 0 : m.size();
  }

  /** The first 64 bits of a hex hash (collisions: 2^-64 per changed record). */
  public static long prefix(String hex) {
    if (hex == null || hex.length() < 16) {
      return hex == null ? 0L : hex.hashCode();
    }
    return Long.parseUnsignedLong(hex.substring(0, 16), 16);
  }
}
