package io.vigil.sbom.recovery;

import io.vigil.platform.metrics.Health;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;

/**
 * ingest-sbom's readiness: the Streams client is RUNNING and none of this instance's input
 * partitions is stuck ({@link StuckPartitions}). The second check is what a client that keeps
 * replacing a failing stream thread needs: it stays RUNNING while one partition makes no progress.
 */
public final class Readiness {
  private final StuckPartitions stuck;

  public Readiness(Duration stuckAfter) {
    this.stuck = new StuckPartitions(stuckAfter);
  }

  public Health of(KafkaStreams streams) {
    KafkaStreams.State state = streams.state();
    boolean running = state == KafkaStreams.State.RUNNING;
    List<StuckPartitions.Stuck> stopped =
        running ? stuck.observe(offsets(streams), System.nanoTime()) : List.of();
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

  /** The committed and end offsets of every input partition of this instance's active tasks. */
  static Map<TopicPartition, StuckPartitions.Offsets> offsets(KafkaStreams streams) {
    Map<TopicPartition, StuckPartitions.Offsets> out = new HashMap<>();
    for (ThreadMetadata thread : streams.metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        task.endOffsets()
            .forEach(
                (tp, end) -> {
                  Long committed = task.committedOffsets().get(tp);
                  if (end != null) {
                    out.put(
                        tp, new StuckPartitions.Offsets(committed == null ? -1 : committed, end));
                  }
                });
      }
    }
    return out;
  }
}
