package io.vigil.sbom.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;

/**
 * Which input partitions of this instance have stopped: records wait behind the committed offset,
 * and that offset has not moved for {@code stuckAfter}. A stream thread that fails on the same
 * record again and again (replaced each time) looks exactly like that, while the client itself
 * reports RUNNING; readiness reports the partition instead of UP.
 *
 * <p>Fed with snapshots of the active tasks' committed and end offsets ({@link #observe}), which
 * readiness takes on each probe; pure apart from the memory of when each offset last moved.
 * Thread-safe.
 */
public final class StuckPartitions {
  /** The offsets of one input partition in a snapshot. */
  public record Offsets(long committed, long end) {}

  /** A partition that has not moved: its committed offset, the records behind, since when. */
  public record Stuck(TopicPartition partition, long committed, long waiting, Duration stuckFor) {
    @Override
    public String toString() {
      return partition
          + " stuck at offset "
          + committed
          + " for "
          + stuckFor.toSeconds()
          + " s ("
          + waiting
          + " records waiting)";
    }
  }

  private record Seen(long committed, long sinceNanos) {}

  private final long afterNanos;
  private final Map<TopicPartition, Seen> seen = new HashMap<>();

  public StuckPartitions(Duration stuckAfter) {
    if (stuckAfter.isNegative() || stuckAfter.isZero()) {
      throw new IllegalArgumentException("stuckAfter must be positive");
    }
    this.afterNanos = stuckAfter.toNanos();
  }

  /**
   * Takes a snapshot ({@code nowNanos} from {@link System#nanoTime()}) and answers the partitions
   * of it that are stuck. A partition is stuck when records wait (end above committed) and the
   * committed offset has not changed for {@code stuckAfter}; a partition with nothing waiting, or
   * whose offset moved, starts over. A partition missing from a snapshot (its task is being moved
   * or its thread replaced) keeps its memory, so that a thread dying on the same record over and
   * over does not reset the clock.
   */
  public synchronized List<Stuck> observe(Map<TopicPartition, Offsets> snapshot, long nowNanos) {
    List<Stuck> out = new ArrayList<>();
    snapshot.forEach(
        (tp, o) -> {
          Seen s = seen.get(tp);
          // committed -1: nothing committed yet, so every record up to the end waits
          boolean waiting = o.end() > Math.max(o.committed(), 0);
          if (!waiting) {
            seen.remove(tp);
            return;
          }
          if (s == null || s.committed() != o.committed()) {
            seen.put(tp, new Seen(o.committed(), nowNanos));
            return;
          }
          long stuckFor = nowNanos - s.sinceNanos();
          if (stuckFor >= afterNanos) {
            out.add(
                new Stuck(
                    tp,
                    o.committed(),
                    o.end() - Math.max(o.committed(), 0),
                    Duration.ofNanos(stuckFor)));
          }
        });
    out.sort(
        (a, b) ->
            a.partition().topic().equals(b.partition().topic())
                ? Integer.compare(a.partition().partition(), b.partition().partition())
                : a.partition().topic().compareTo(b.partition().topic()));
    return out;
  }
}
