package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.platform.config.ConfigException;
import io.vigil.platform.kafka.KafkaSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Settings the correlator refuses before it touches Kafka. */
class StartupChecksTest {

  @Test
  void shouldRefuseAClientOverrideOfTheProcessingGuarantee() {
    assertThatThrownBy(
            () -> StartupChecks.refuseOverrides(Map.of("processing.guarantee", "at_least_once")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("processing.guarantee=at_least_once")
        .hasMessageContaining("exactly_once_v2")
        .hasMessageContaining("remove the property");
    assertThatCode(
            () -> StartupChecks.refuseOverrides(Map.of("processing.guarantee", "exactly_once_v2")))
        .doesNotThrowAnyException();
    assertThatCode(() -> StartupChecks.refuseOverrides(Map.of("security.protocol", "SSL")))
        .doesNotThrowAnyException();
  }

  @Test
  void shouldRefuseAClientOverrideOfTheApplicationId() {
    assertThatThrownBy(() -> StartupChecks.refuseOverrides(Map.of("application.id", "other")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("correlator.applicationId");
  }

  @Test
  void shouldRefuseToBuildTheServiceWhenKafkaPropertiesWeakenTheGuarantee() {
    KafkaSettings kafka =
        KafkaSettings.local("127.0.0.1:1")
            .withClientProperties(Map.of("processing.guarantee", "at_least_once"));
    assertThatThrownBy(
            () -> new CorrelatorService(kafka, new CorrelatorConfig(null, 2, 1, -1), null))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("processing.guarantee");
  }

  @Test
  void shouldNameEverySettingThatDiffersFromWhatTheStateWasBuiltWith() {
    StateSettings recorded = new StateSettings(StateSettings.KEY_FORMAT, 4, 6);
    assertThat(new StateSettings(StateSettings.KEY_FORMAT, 4, 6).differencesFrom(recorded))
        .isEmpty();
    assertThat(new StateSettings(StateSettings.KEY_FORMAT, 8, 12).differencesFrom(recorded))
        .containsExactly(
            "correlator.packageShards=8 (the state was built with 4)",
            "correlator.partitions=12 (the state was built with 6)");
    assertThat(new StateSettings(1, 4, 6).differencesFrom(recorded))
        .containsExactly("store key format 1 (the state: 2)");
  }
}
