package io.vigil.sbom.recovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.TaskId;

/**
 * Which input partitions of this instance have stopped. Two signs, either enough:
 *
 * <ul>
 *   <li>records wait behind a committed offset that has not moved for {@code stuckAfter} (seen in
 *       snapshots of the active tasks' offsets, {@link #observe});
 *   <li>work on it failed twice or more, {@code stuckAfter} apart, with no progress of the
 *       partition in between ({@link #failed}: a stream thread died on it, or the broker refused an
 *       output of one of its records): a thread that fails on the same record, is replaced and
 *       fails again spends most of its time rebalancing, so its task is rarely there to be seen in
 *       a snapshot. Failures whose partition is unknown count for "the stream threads" and end when
 *       any partition progresses.
 * </ul>
 *
 * Meanwhile the Streams client itself reports RUNNING; readiness reports the partition instead of
 * UP. Pure apart from its memory of offsets and failures. Thread-safe.
 */
public final class StuckPartitions {
  /** The offsets of one input partition in a snapshot. */
  public record Offsets(long committed, long end) {}

  /** A partition (or a task, when its partitions are unknown) that has not moved. */
  public record Stuck(String what, String detail) {
    @Override
    public String toString() {
      return what + " " + detail;
    }
  }

  private record Seen(long committed, long sinceNanos) {}

  private record Failures(int count, long firstNanos, String last) {}

  private final long afterNanos;
  private final Map<TopicPartition, Seen> seen = new HashMap<>();
  private final Map<TaskId, Set<TopicPartition>> partitionsOfTask = new HashMap<>();

  /** Failures by partition; the key null stands for failures whose partition is unknown. */
  private final Map<TopicPartition, Failures> failures = new HashMap<>();

  public StuckPartitions(Duration stuckAfter) {
    if (stuckAfter.isNegative() || stuckAfter.isZero()) {
      throw new IllegalArgumentException("stuckAfter must be positive");
    }
    this.afterNanos = stuckAfter.toNanos();
  }

  /** The input partitions of {@code task} last seen, or empty. */
  public synchronized Set<TopicPartition> partitionsOf(TaskId task) {
    return partitionsOfTask.getOrDefault(task, Set.of());
  }

  /**
   * Work on {@code partitions} (empty: unknown) failed at {@code nowNanos}: a stream thread died on
   * them, or an output of theirs was refused.
   */
  public synchronized void failed(Set<TopicPartition> partitions, String error, long nowNanos) {
    for (TopicPartition tp :
        partitions.isEmpty() ? java.util.Collections.<TopicPartition>singleton(null) : partitions) {
      Failures f = failures.get(tp);
      failures.put(
          tp,
          f == null
              ? new Failures(1, nowNanos, error)
              : new Failures(f.count() + 1, f.firstNanos(), error));
    }
  }

  /** Remembers which input partitions a task has. */
  public synchronized void task(TaskId task, Set<TopicPartition> partitions) {
    if (!partitions.isEmpty()) {
      partitionsOfTask.put(task, Set.copyOf(partitions));
    }
  }

  /**
   * Takes a snapshot ({@code nowNanos} from {@link System#nanoTime()}) of the active tasks' offsets
   * ({@code tasks}: each task's input partitions; may be empty while they are being assigned) and
   * answers what is stuck. A partition with nothing waiting, or whose offset moved, starts over,
   * and so do the failures of its task. A partition missing from a snapshot keeps its memory.
   */
  public synchronized List<Stuck> observe(
      Map<TaskId, Map<TopicPartition, Offsets>> tasks, long nowNanos) {
    List<Stuck> out = new ArrayList<>();
    boolean[] progressed = {false};
    tasks.forEach(
        (task, partitions) -> {
          partitionsOfTask.put(task, Set.copyOf(partitions.keySet()));
          partitions.forEach(
              (tp, o) -> {
                Seen s = seen.get(tp);
                // committed -1: nothing committed yet, so every record up to the end waits
                boolean waiting = o.end() > Math.max(o.committed(), 0);
                if (!waiting || (s != null && s.committed() != o.committed())) {
                  failures.remove(tp); // it progressed
                  progressed[0] = true;
                }
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
                          tp.toString(),
                          "stuck at offset "
                              + o.committed()
                              + " for "
                              + Duration.ofNanos(stuckFor).toSeconds()
                              + " s ("
                              + (o.end() - Math.max(o.committed(), 0))
                              + " records waiting)"));
                }
              });
        });
    if (progressed[0]) {
      failures.remove(null);
    }
    failures.forEach(
        (tp, f) -> {
          long span = nowNanos - f.firstNanos();
          if (f.count() >= 2 && span >= afterNanos) {
            out.add(
                new Stuck(
                    tp == null ? "stream threads" : tp.toString(),
                    "stuck: failed "
                        + f.count()
                        + " times in "
                        + Duration.ofNanos(span).toSeconds()
                        + " s without progress, last: "
                        + f.last()));
          }
        });
    out.sort(Comparator.comparing(Stuck::what));
    return out;
  }
}
