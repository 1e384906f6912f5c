package io.vigil.sbom;

import io.vigil.events.v1.SbomSubmission;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The chunks of multi-record submissions waiting for the rest ({@code sbom-chunks-store}, keys
 * {@link StoreKeys#chunk}): chunks of different submissions may interleave on a partition.
 */
final class ChunkStore {
  private static final StringSerializer KEYS = new StringSerializer();

  private final KeyValueStore<String, SbomSubmission> store;

  ChunkStore(KeyValueStore<String, SbomSubmission> store) {
    this.store = store;
  }

  /** What adding a chunk gives: the submission complete, still waiting, or inconsistent. */
  record Added(List<SbomSubmission> complete, List<SbomSubmission> inconsistent) {}

  /**
   * Stores a chunk. Complete: every chunk in index order (and the store forgets them);
   * inconsistent: chunks that disagree on their count (forgotten too); both null: waiting.
   */
  Added add(SbomSubmission s) {
    String prefix = StoreKeys.chunkPrefix(s.getSubmissionId());
    store.put(StoreKeys.chunk(s.getSubmissionId(), s.getChunkIndex()), s);
    List<KeyValue<String, SbomSubmission>> present = new ArrayList<>();
    try (KeyValueIterator<String, SbomSubmission> it = store.prefixScan(prefix, KEYS)) {
      it.forEachRemaining(present::add);
    }
    boolean consistent =
        present.stream().allMatch(kv -> kv.value.getChunkCount() == s.getChunkCount());
    if (consistent && present.size() < s.getChunkCount()) {
      return new Added(null, null);
    }
    present.forEach(p -> store.delete(p.key));
    List<SbomSubmission> parts = new ArrayList<>();
    present.forEach(p -> parts.add(p.value));
    parts.sort(Comparator.comparingInt(SbomSubmission::getChunkIndex));
    return consistent ? new Added(parts, null) : new Added(null, parts);
  }

  /**
   * Removes and returns, by submission, the chunks received before {@code deadline} (looking at no
   * more than 10,000 chunks per call).
   */
  Map<String, List<SbomSubmission>> expire(Instant deadline) {
    Map<String, List<KeyValue<String, SbomSubmission>>> expired = new LinkedHashMap<>();
    try (KeyValueIterator<String, SbomSubmission> it = store.all()) {
      int seen = 0;
      while (it.hasNext() && seen++ < 10_000) {
        KeyValue<String, SbomSubmission> kv = it.next();
        if (kv.value.getReceivedAt().isBefore(deadline)) {
          expired.computeIfAbsent(kv.value.getSubmissionId(), id -> new ArrayList<>()).add(kv);
        }
      }
    }
    Map<String, List<SbomSubmission>> out = new LinkedHashMap<>();
    expired.forEach(
        (id, kvs) -> {
          kvs.forEach(kv -> store.delete(kv.key));
          List<SbomSubmission> parts = new ArrayList<>();
          kvs.forEach(kv -> parts.add(kv.value));
          parts.sort(Comparator.comparingInt(SbomSubmission::getChunkIndex));
          out.put(id, parts);
        });
    return out;
  }
}
