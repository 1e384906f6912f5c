package io.vigil.sbom.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class StuckPartitionsTest {
  private static final TopicPartition P0 = new TopicPartition("vigil.sbom.submissions.v1", 0);
  private static final TopicPartition P1 = new TopicPartition("vigil.sbom.submissions.v1", 1);
  private static final long SECOND = 1_000_000_000L;

  private final StuckPartitions stuck = new StuckPartitions(Duration.ofSeconds(60));

  @Test
  void shouldReportAPartitionWhoseRecordsWaitBehindAnUnchangedOffsetForTheDelay() {
    stuck.observe(Map.of(P0, offsets(41, 50), P1, offsets(7, 9)), 0);
    stuck.observe(Map.of(P0, offsets(41, 50), P1, offsets(8, 9)), 30 * SECOND);

    var reported = stuck.observe(Map.of(P0, offsets(41, 52), P1, offsets(8, 9)), 61 * SECOND);

    assertThat(reported)
        .singleElement()
        .hasToString(
            "vigil.sbom.submissions.v1-0 stuck at offset 41 for 61 s (11 records waiting)");
  }

  @Test
  void shouldStartOverWhenTheOffsetMovesOrNothingWaits() {
    stuck.observe(Map.of(P0, offsets(41, 50), P1, offsets(9, 9)), 0);

    assertThat(stuck.observe(Map.of(P0, offsets(42, 50), P1, offsets(9, 9)), 120 * SECOND))
        .isEmpty();
    assertThat(stuck.observe(Map.of(P0, offsets(42, 50), P1, offsets(9, 9)), 150 * SECOND))
        .isEmpty();
    assertThat(stuck.observe(Map.of(P0, offsets(42, 50)), 181 * SECOND)).hasSize(1);
  }

  @Test
  void shouldKeepTheClockWhenThePartitionIsMissingFromASnapshot() {
    stuck.observe(Map.of(P0, offsets(-1, 3)), 0);
    stuck.observe(Map.of(), 30 * SECOND); // its thread is being replaced

    assertThat(stuck.observe(Map.of(P0, offsets(-1, 3)), 60 * SECOND))
        .singleElement()
        .satisfies(s -> assertThat(s.waiting()).isEqualTo(3));
  }

  private static StuckPartitions.Offsets offsets(long committed, long end) {
    return new StuckPartitions.Offsets(committed, end);
  }
}
