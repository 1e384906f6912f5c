package io.vigil.sbom.recovery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StaleGlobalStateTest {
  private static final String TOPIC = "vigil.sbom.status.v1";

  @Test
  void shouldRemoveTheGlobalStateBuiltFromAnEarlierTopicOfTheSameName(@TempDir Path app)
      throws Exception {
    StaleGlobalState.removeIfBuiltFromAnother(app, TOPIC, "topic-id-A");
    Files.createDirectories(app.resolve("global/rocksdb/sbom-status-store"));
    Files.createDirectories(app.resolve("0_0"));

    assertThat(StaleGlobalState.removeIfBuiltFromAnother(app, TOPIC, "topic-id-B")).isTrue();

    assertThat(app.resolve("global")).doesNotExist();
    assertThat(app.resolve("0_0")).exists();
    assertThat(Files.readString(app.resolve(StaleGlobalState.MARKER)).strip())
        .isEqualTo("topic-id-B");
  }

  @Test
  void shouldKeepTheGlobalStateOfTheSameTopicAndOnAFirstStart(@TempDir Path app) throws Exception {
    Files.createDirectories(app.resolve("global/rocksdb"));

    assertThat(StaleGlobalState.removeIfBuiltFromAnother(app, TOPIC, "topic-id-A")).isFalse();
    assertThat(StaleGlobalState.removeIfBuiltFromAnother(app, TOPIC, "topic-id-A")).isFalse();

    assertThat(app.resolve("global/rocksdb")).exists();
  }

  @Test
  void shouldKeepItsMarkerInTheApplicationsStateDirectory(@TempDir Path dir) {
    Properties streams = new Properties();
    streams.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    streams.put(StreamsConfig.APPLICATION_ID_CONFIG, "vigil-ingest-sbom");

    assertThat(StaleGlobalState.applicationDirectory(streams))
        .isEqualTo(dir.resolve("vigil-ingest-sbom"));
  }
}
