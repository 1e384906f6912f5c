package io.vigil.alerting.delivery;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * At-least-once bookkeeping for the consumer thread: an event's offset may be committed only once
 * every alert it joined is recorded (delivered or dead-lettered). Per partition it holds the
 * offsets still waiting and how many alerts each waits for; the committable position is the lowest
 * waiting offset, or one past the last offset seen.
 */
public final class OffsetTracker {
  private final Map<TopicPartition, TreeMap<Long, Integer>> waiting = new HashMap<>();
  private final Map<TopicPartition, Long> seen = new HashMap<>();
  private final Map<TopicPartition, Long> committed = new HashMap<>();

  /** An event read at this position that waits for {@code units} alerts (0: done already). */
  public void add(TopicPartition tp, long offset, int units) {
    seen.merge(tp, offset, Math::max);
    if (units > 0) {
      waiting.computeIfAbsent(tp, x -> new TreeMap<>()).merge(offset, units, Integer::sum);
    }
  }

  /** One alert the event at this position joined is recorded. */
  public void done(TopicPartition tp, long offset) {
    TreeMap<Long, Integer> m = waiting.get(tp);
    if (m == null) {
      return;
    }
    Integer left = m.get(offset);
    if (left == null) {
      return;
    }
    if (left <= 1) {
      m.remove(offset);
    } else {
      m.put(offset, left - 1);
    }
  }

  /** Positions that moved since the last {@link #markCommitted}. */
  public Map<TopicPartition, OffsetAndMetadata> committable() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    for (var e : seen.entrySet()) {
      TopicPartition tp = e.getKey();
      TreeMap<Long, Integer> m = waiting.get(tp);
      long pos = m == null || m.isEmpty() ? e.getValue() + 1 : m.firstKey();
      Long last = committed.get(tp);
      if (last == null || pos > last) {
        out.put(tp, new OffsetAndMetadata(pos));
      }
    }
    return out;
  }

  public void markCommitted(Map<TopicPartition, OffsetAndMetadata> offsets) {
    offsets.forEach((tp, om) -> committed.merge(tp, om.offset(), Math::max));
  }

  /** Events still waiting for an alert. */
  public int waiting() {
    return waiting.values().stream().mapToInt(TreeMap::size).sum();
  }

  /** Forgets partitions this consumer no longer owns. */
  public void forget(Collection<TopicPartition> partitions) {
    partitions.forEach(
        tp -> {
          waiting.remove(tp);
          seen.remove(tp);
          committed.remove(tp);
        });
  }
}
