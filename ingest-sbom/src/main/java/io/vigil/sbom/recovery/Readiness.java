package io.vigil.sbom.recovery;

import io.vigil.platform.metrics.Health;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.TaskId;

/**
 * ingest-sbom's readiness: the Streams client is RUNNING and none of this instance's input
 * partitions is stuck ({@link StuckPartitions}). The second check is what a client that keeps
 * replacing a failing stream thread needs: it stays (or keeps coming back to) RUNNING while one
 * partition makes no progress.
 */
public final class Readiness {
  private static final int MAX_ERROR_CHARS = 300;

  private final StuckPartitions stuck;

  public Readiness(Duration stuckAfter) {
    this.stuck = new StuckPartitions(stuckAfter);
  }

  /**
   * Told by the Streams uncaught exception handler (on the dying stream thread) that a stream
   * thread died: the failure counts against the task the exception names, else against the active
   * tasks of the current thread (Streams does not always name the task; the thread still holds its
   * tasks while the handler runs).
   */
  public void threadFailed(Throwable e, KafkaStreams streams) {
    Set<TaskId> tasks = new HashSet<>();
    for (Throwable t = e; t != null && tasks.isEmpty(); t = t.getCause()) {
      if (t instanceof StreamsException se && se.taskId().isPresent()) {
        tasks.add(se.taskId().get());
      }
    }
    boolean named = !tasks.isEmpty();
    try {
      String name = Thread.currentThread().getName();
      for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
        for (TaskMetadata task : thread.activeTasks()) {
          stuck.task(task.taskId(), task.topicPartitions());
          if (!named && thread.threadName().equals(name)) {
            tasks.add(task.taskId());
          }
        }
      }
    } catch (RuntimeException metadataUnavailable) {
      // the client is shutting down: the failure counts for the named task only
    }
    Set<TopicPartition> partitions = new HashSet<>();
    tasks.forEach(t -> partitions.addAll(stuck.partitionsOf(t)));
    stuck.failed(partitions, error(e), System.nanoTime());
  }

  /** Told by the production handler that an output of a record of {@code partition} was refused. */
  public void refused(TopicPartition partition, String reason) {
    stuck.failed(Set.of(partition), reason, System.nanoTime());
  }

  private static String error(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String error = root.getClass().getSimpleName() + ": " + root.getMessage();
    return error.length() > MAX_ERROR_CHARS ? error.substring(0, MAX_ERROR_CHARS) + "..." : error;
  }

  public Health of(KafkaStreams streams) {
    KafkaStreams.State state = streams.state();
    boolean running = state == KafkaStreams.State.RUNNING;
    List<StuckPartitions.Stuck> stopped =
        stuck.observe(running ? offsets(streams) : Map.of(), System.nanoTime());
    Map<String, Boolean> results = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    results.put("streams", running);
    details.put("streams", state.name());
    results.put("partitions", stopped.isEmpty());
    details.put(
        "partitions",
        stopped.isEmpty()
            ? "every input partition progresses"
            : stopped.stream()
                .map(StuckPartitions.Stuck::toString)
                .collect(Collectors.joining("; ")));
    return Health.of(results, details);
  }

  /** The committed and end offsets of the input partitions of this instance's active tasks. */
  static Map<TaskId, Map<TopicPartition, StuckPartitions.Offsets>> offsets(KafkaStreams streams) {
    Map<TaskId, Map<TopicPartition, StuckPartitions.Offsets>> out = new HashMap<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        Map<TopicPartition, StuckPartitions.Offsets> partitions = new HashMap<>();
        task.endOffsets()
            .forEach(
                (tp, end) -> {
                  Long committed = task.committedOffsets().get(tp);
                  if (end != null) {
                    partitions.put(
                        tp, new StuckPartitions.Offsets(committed == null ? -1 : committed, end));
                  }
                });
        out.put(task.taskId(), partitions);
        // (the snapshot also teaches which partitions each task has)
      }
    }
    return out;
  }
}
