package io.vigil.sbom.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.Test;

class StuckPartitionsTest {
  private static final TopicPartition P0 = new TopicPartition("vigil.sbom.submissions.v1", 0);
  private static final TopicPartition P1 = new TopicPartition("vigil.sbom.submissions.v1", 1);
  private static final TaskId T0 = new TaskId(0, 0);
  private static final TaskId T1 = new TaskId(0, 1);
  private static final long SECOND = 1_000_000_000L;

  private final StuckPartitions stuck = new StuckPartitions(Duration.ofSeconds(60));

  @Test
  void shouldReportAPartitionWhoseRecordsWaitBehindAnUnchangedOffsetForTheDelay() {
    stuck.observe(snapshot(offsets(41, 50), offsets(7, 9)), 0);
    stuck.observe(snapshot(offsets(41, 50), offsets(8, 9)), 30 * SECOND);

    var reported = stuck.observe(snapshot(offsets(41, 52), offsets(8, 9)), 61 * SECOND);

    assertThat(reported)
        .singleElement()
        .hasToString(
            "vigil.sbom.submissions.v1-0 stuck at offset 41 for 61 s (11 records waiting)");
  }

  @Test
  void shouldStartOverWhenTheOffsetMovesOrNothingWaits() {
    stuck.observe(snapshot(offsets(41, 50), offsets(9, 9)), 0);

    assertThat(stuck.observe(snapshot(offsets(42, 50), offsets(9, 9)), 120 * SECOND)).isEmpty();
    assertThat(stuck.observe(snapshot(offsets(42, 50), offsets(9, 9)), 150 * SECOND)).isEmpty();
    assertThat(stuck.observe(Map.of(T0, Map.of(P0, offsets(42, 50))), 181 * SECOND)).hasSize(1);
  }

  @Test
  void shouldKeepTheClockWhenThePartitionIsMissingFromASnapshot() {
    stuck.observe(Map.of(T0, Map.of(P0, offsets(-1, 3))), 0);
    stuck.observe(Map.of(), 30 * SECOND); // its thread is being replaced

    assertThat(stuck.observe(Map.of(T0, Map.of(P0, offsets(-1, 3))), 60 * SECOND))
        .singleElement()
        .asString()
        .endsWith("(3 records waiting)");
  }

  @Test
  void shouldReportATaskWhoseThreadKeepsFailingEvenWhenNoSnapshotCatchesIt() {
    stuck.observe(Map.of(T0, Map.of(P0, offsets(-1, 1))), 0);
    stuck.failed(java.util.Set.of(P0), "RecordTooLargeException: too large", 1 * SECOND);
    stuck.failed(java.util.Set.of(P0), "RecordTooLargeException: too large", 48 * SECOND);

    assertThat(stuck.observe(Map.of(), 50 * SECOND)).as("not for a minute yet").isEmpty();
    stuck.failed(java.util.Set.of(P0), "RecordTooLargeException: too large", 95 * SECOND);

    assertThat(stuck.observe(Map.of(), 96 * SECOND))
        .singleElement()
        .hasToString(
            "vigil.sbom.submissions.v1-0 stuck: failed 3 times in 95 s without progress, last:"
                + " RecordTooLargeException: too large");
  }

  @Test
  void shouldForgetTheFailuresOfATaskThatProgressed() {
    stuck.failed(java.util.Set.of(P1), "boom", 0);
    stuck.failed(java.util.Set.of(P1), "boom", 61 * SECOND);
    stuck.observe(Map.of(T1, Map.of(P1, offsets(5, 9))), 62 * SECOND);

    assertThat(stuck.observe(Map.of(T1, Map.of(P1, offsets(9, 9))), 63 * SECOND)).isEmpty();
  }

  @Test
  void shouldReportFailuresOfAnUnknownPartitionUntilAnyPartitionProgresses() {
    stuck.failed(java.util.Set.of(), "StackOverflowError: null", 0);
    stuck.failed(java.util.Set.of(), "StackOverflowError: null", 61 * SECOND);

    assertThat(stuck.observe(Map.of(), 62 * SECOND))
        .singleElement()
        .asString()
        .startsWith("stream threads stuck: failed 2 times in 62 s");
    stuck.observe(Map.of(T1, Map.of(P1, offsets(5, 9))), 63 * SECOND);
    assertThat(stuck.observe(Map.of(T1, Map.of(P1, offsets(6, 9))), 64 * SECOND)).isEmpty();
  }

  private static Map<TaskId, Map<TopicPartition, StuckPartitions.Offsets>> snapshot(
      StuckPartitions.Offsets p0, StuckPartitions.Offsets p1) {
    return Map.of(T0, Map.of(P0, p0), T1, Map.of(P1, p1));
  }

  private static StuckPartitions.Offsets offsets(long committed, long end) {
    return new StuckPartitions.Offsets(committed, end);
  }
}
