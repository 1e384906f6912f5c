package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.platform.kafka.KafkaSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CorrelatorServiceTest {
  @Test
  void shouldRefuseAnApplicationServerClientPropertyAndNameTheSettingToUseInstead() {
    // the shipped StatefulSet once passed -X application.server=...: the correlator replaced it
    // with correlator.advertisedHost (127.0.0.1), and every pod answered from its own partitions
    KafkaSettings kafka =
        KafkaSettings.local("127.0.0.1:9")
            .withClientProperties(Map.of("application.server", "corr-0.headless:8083"));

    assertThatThrownBy(() -> new CorrelatorService(kafka, CorrelatorConfig.defaults(), null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("kafka.properties.application.server")
        .hasMessageContaining("correlator.advertisedHost")
        .hasMessageContaining("--advertised-host");
  }
}
