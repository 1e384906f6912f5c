package io.vigil.sbom.dt;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Test;

class CorrelationProgressTest {
  @Test
  void shouldCountAPartitionCaughtUpWhenTheGroupCommittedItsEndOrStopsBeforeTheLastCommitMarker() {
    assertThat(CorrelationProgress.caughtUp(null, 0, 0)).as("empty partition").isTrue();
    assertThat(CorrelationProgress.caughtUp(new OffsetAndMetadata(10), 10, 10)).isTrue();
    assertThat(CorrelationProgress.caughtUp(new OffsetAndMetadata(12), 10, 10)).isTrue();
    // the record at 9 is a commit marker (no transaction open): offsets 0..8 are processed
    assertThat(CorrelationProgress.caughtUp(new OffsetAndMetadata(9), 10, 10)).isTrue();
  }

  @Test
  void shouldNotCountAPartitionCaughtUpWhileRecordsMayBeUnprocessed() {
    assertThat(CorrelationProgress.caughtUp(null, 10, 10)).as("nothing committed").isFalse();
    assertThat(CorrelationProgress.caughtUp(new OffsetAndMetadata(8), 10, 10)).isFalse();
    // a transaction was open at 7: the record at 9 may be data, not a marker
    assertThat(CorrelationProgress.caughtUp(new OffsetAndMetadata(9), 7, 10)).isFalse();
  }
}
