package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The settings that shape the correlator's state (packageShards, partitions, key format) are
 * recorded with the state on a real broker, and an instance configured otherwise refuses to start
 * with an error that names the fix.
 */
@ExtendWith(KafkaBrokerExtension.class)
class StateSettingsIT {

  private static CorrelatorConfig config(int shards, boolean adopt) {
    return new CorrelatorConfig(null, 2, 1, -1, null, shards, null, null, null, adopt);
  }

  private static KafkaSettings kafka(KafkaBroker broker, Path stateDir) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, stateDir);
    try (Admin admin = Admin.create(kafka.admin())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                TopicAdmin.ensure(admin, kafka.catalog().all());
                return true;
              });
    }
    return kafka;
  }

  private static void check(KafkaSettings kafka, CorrelatorConfig config) throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      StartupChecks.checkState(admin, kafka, kafka.topicPrefix() + config.applicationId(), config);
    }
  }

  @Test
  void shouldRefuseToStartWhenPackageShardsDifferFromWhatTheStateWasBuiltWith(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    KafkaSettings kafka = kafka(broker, dir);
    String appId = kafka.topicPrefix() + "vigil-correlator";

    check(kafka, config(2, false)); // fresh state: the settings are recorded
    assertThatCode(() -> check(kafka, config(2, false))).doesNotThrowAnyException();

    CorrelatorService other = new CorrelatorService(kafka, config(8, false), null);
    try {
      assertThatThrownBy(other::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("correlator.packageShards=8 (the state was built with 2)")
          .hasMessageContaining("Set them back to what the state was built with")
          .hasMessageContaining("kafka-streams-application-reset --application-id " + appId);
    } finally {
      other.close();
    }
  }

  @Test
  void shouldRefuseStateWithoutARecordUnlessTheOperatorAdoptsIt(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    KafkaSettings kafka = kafka(broker, dir);
    String appId = kafka.topicPrefix() + "vigil-correlator";
    String changelog = appId + "-" + CorrelatorTopology.EXPOSURES_STORE + "-changelog";
    try (Admin admin = Admin.create(kafka.admin())) {
      // state left by an earlier version: a changelog, no settings record
      admin.createTopics(List.of(new NewTopic(changelog, 2, (short) 1))).all().get();
      await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> admin.listTopics().names().get().contains(changelog));
    }

    assertThatThrownBy(() -> check(kafka, config(4, false)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining(changelog)
        .hasMessageContaining("no record of the settings")
        .hasMessageContaining("correlator.adoptExistingState: true")
        .hasMessageContaining("kafka-streams-application-reset");

    check(kafka, config(4, true));
    assertThatCode(() -> check(kafka, config(4, false)))
        .as("recorded now: adoption is not needed again")
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> check(kafka, config(1, true)))
        .as("adoption never overrides a record")
        .hasMessageContaining("correlator.packageShards=1 (the state was built with 4)");
  }

  @Test
  void shouldKeepTheFirstRecordWhenTwoInstancesStartOnFreshStateAtOnce(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    KafkaSettings kafka = kafka(broker, dir);
    String topic = StartupChecks.settingsTopic(kafka.topicPrefix() + "vigil-correlator");
    check(kafka, config(2, false));
    // a second instance that raced the first and wrote its own settings after it
    try (var producer =
        new org.apache.kafka.clients.producer.KafkaProducer<String, String>(
            kafka.producer("race"),
            new org.apache.kafka.common.serialization.StringSerializer(),
            new org.apache.kafka.common.serialization.StringSerializer())) {
      producer
          .send(
              new org.apache.kafka.clients.producer.ProducerRecord<>(
                  topic, "settings", "{\"keyFormat\":2,\"packageShards\":3,\"partitions\":2}"))
          .get();
    }
    assertThatCode(() -> check(kafka, config(2, false))).doesNotThrowAnyException();
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> check(kafka, config(3, false))))
        .hasMessageContaining("the state was built with 2");
  }
}
