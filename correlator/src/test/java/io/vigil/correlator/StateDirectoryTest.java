package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.platform.kafka.KafkaSettings;
import java.net.URI;
import java.nio.file.Path;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

/**
 * Two correlators on one host, neither with {@code kafka.stateDir}: each gets a state directory of
 * its own (by HTTP port) instead of both locking {@code <tmp>/kafka-streams/<application id>},
 * where Kafka Streams refuses the second ("multiple instances … in the same state directory").
 */
class StateDirectoryTest {

  @Test
  void shouldGiveTwoInstancesOnOneHostTheirOwnStateDirectoryWhenNoneIsConfigured() {
    KafkaSettings kafka = KafkaSettings.local("127.0.0.1:9");
    CorrelatorConfig config = new CorrelatorConfig(null, 2, 1, 0);

    try (CorrelatorService first = new CorrelatorService(kafka, config, null);
        CorrelatorService second = new CorrelatorService(kafka, config, null)) {
      Path a = Path.of(first.streamsConfig().getProperty(StreamsConfig.STATE_DIR_CONFIG));
      Path b = Path.of(second.streamsConfig().getProperty(StreamsConfig.STATE_DIR_CONFIG));

      assertThat(a).isNotEqualTo(b);
      assertThat(a.getFileName().toString())
          .isEqualTo("vigil-correlator-port-" + URI.create(first.url()).getPort());
      assertThat(a.getParent())
          .isEqualTo(Path.of(System.getProperty("java.io.tmpdir"), "vigil-streams"));
    }
  }

  @Test
  void shouldKeepTheConfiguredStateDirectory() {
    Path configured = Path.of(System.getProperty("java.io.tmpdir"), "configured-state");
    KafkaSettings kafka = KafkaSettings.local("127.0.0.1:9").withStateDir(configured);

    try (CorrelatorService service =
        new CorrelatorService(kafka, new CorrelatorConfig(null, 2, 1, 0), null)) {
      assertThat(service.streamsConfig().getProperty(StreamsConfig.STATE_DIR_CONFIG))
          .isEqualTo(configured.toString());
    }
  }

  @Test
  void shouldUseThisProcessesDirectoryWithoutAnHttpPortNeverKafkasSharedDefault() {
    KafkaSettings kafka = KafkaSettings.local("127.0.0.1:9");

    String dir = kafka.streams("vigil-correlator").getProperty(StreamsConfig.STATE_DIR_CONFIG);

    assertThat(Path.of(dir).getFileName().toString())
        .isEqualTo("vigil-correlator-pid-" + ProcessHandle.current().pid());
    assertThat(dir).doesNotContain("kafka-streams");
  }
}
