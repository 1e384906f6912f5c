package io.vigil.correlator;

import io.vigil.platform.config.ConfigException;
import io.vigil.platform.kafka.KafkaSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the correlator refuses before it starts, because it would corrupt its state or void the
 * shortcuts its rules take:
 *
 * <ul>
 *   <li>{@link #refuseOverrides}: client properties ({@code kafka.properties}, {@code -X}) that
 *       override {@code processing.guarantee} (the "same content again: nothing to do" checks
 *       assume a store write and its events commit together: exactly-once v2) or {@code
 *       application.id} (the state's namespace is {@code correlator.applicationId});
 *   <li>{@link #checkState}: state built with other {@link StateSettings} (packageShards,
 *       partitions, key format) than this configuration's, recorded in the topic {@code
 *       <applicationId>-state-settings-changelog} by the first instance that started on fresh state
 *       (named like a changelog so that {@code kafka-streams-application-reset} deletes it with the
 *       state it describes).
 * </ul>
 */
final class StartupChecks {
  private static final Logger log = LoggerFactory.getLogger(StartupChecks.class);
  private static final Serde<StateSettings> JSON = new JsonSerde<>(StateSettings.class);
  private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

  private StartupChecks() {}

  /** The topic recording the settings of an application's state. */
  static String settingsTopic(String applicationId) {
    return applicationId + "-state-settings-changelog";
  }

  /**
   * Throws {@link ConfigException} when a client property overrides a setting the correlator relies
   * on.
   */
  static void refuseOverrides(Map<String, String> clientProperties) {
    List<String> problems = new ArrayList<>();
    String guarantee = clientProperties.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG);
    if (guarantee != null && !guarantee.equals(StreamsConfig.EXACTLY_ONCE_V2)) {
      problems.add(
          "processing.guarantee="
              + guarantee
              + ": the correlator needs exactly_once_v2 (its stores and the events they explain"
              + " must commit together, or a restart loses or repeats exposures); remove the"
              + " property");
    }
    if (clientProperties.containsKey(StreamsConfig.APPLICATION_ID_CONFIG)) {
      problems.add(
          "application.id: the correlator's state is named by correlator.applicationId (and"
              + " kafka.topicPrefix); set that instead of the client property");
    }
    if (!problems.isEmpty()) {
      throw new ConfigException(
          "kafka.properties overrides what the correlator relies on: "
              + String.join("; ", problems));
    }
  }

  /**
   * Records this configuration's {@link StateSettings} for fresh state, or checks them against the
   * recorded ones; throws {@link IllegalStateException} naming the fix when they differ, or when
   * the application has state (changelog topics) but no record of its settings (state of an earlier
   * version) and {@code correlator.adoptExistingState} is not set.
   *
   * @param applicationId the full Streams application id (with the topic prefix)
   */
  static void checkState(
      Admin admin, KafkaSettings kafka, String applicationId, CorrelatorConfig config)
      throws InterruptedException {
    StateSettings wanted = StateSettings.of(config);
    String topic = settingsTopic(applicationId);
    StateSettings recorded = null;
    boolean exists = topics(admin).contains(topic);
    if (exists) {
      recorded = readFirst(kafka, topic);
    }
    if (recorded == null) {
      List<String> state = stateTopics(admin, applicationId, topic);
      if (!state.isEmpty() && !config.adoptExistingState()) {
        throw new IllegalStateException(
            "correlator state "
                + applicationId
                + " exists ("
                + String.join(", ", state)
                + ") but has no record of the settings it was built with (an earlier Vigil"
                + " version). If it was built with correlator.packageShards="
                + wanted.packageShards()
                + " and correlator.partitions="
                + wanted.partitions()
                + " (this configuration), start once with correlator.adoptExistingState: true to"
                + " record them; otherwise rebuild the state: "
                + resetHint(applicationId));
      }
      if (!state.isEmpty()) {
        log.warn(
            "correlator state {} has no settings record: adopting {} (correlator.adoptExistingState)",
            applicationId,
            wanted);
      }
      if (!exists) {
        create(admin, kafka, topic);
      }
      write(kafka, topic, wanted);
      // two instances starting on fresh state at once both write: the first record wins
      recorded = readFirst(kafka, topic);
      if (recorded == null) {
        throw new IllegalStateException("cannot read back " + topic + " after writing it");
      }
    }
    List<String> differences = wanted.differencesFrom(recorded);
    if (!differences.isEmpty()) {
      throw new IllegalStateException(
          "correlator state "
              + applicationId
              + " was built with other settings than this configuration's: "
              + String.join(", ", differences)
              + ". Set them back to what the state was built with (correlator.packageShards="
              + recorded.packageShards()
              + ", correlator.partitions="
              + recorded.partitions()
              + "), or rebuild the state with the new ones: "
              + resetHint(applicationId));
    }
  }

  private static String resetHint(String applicationId) {
    return "stop every correlator instance, run kafka-streams-application-reset --application-id "
        + applicationId
        + " --input-topics <the components, advisories, kev, epss and nvd topics> --to-earliest"
        + " (it deletes the state and this record; the inputs are kept, so the state is rebuilt"
        + " from them and open exposures are emitted again), then start the instances";
  }

  private static java.util.Set<String> topics(Admin admin) throws InterruptedException {
    try {
      return admin.listTopics().names().get();
    } catch (ExecutionException e) {
      throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e);
    }
  }

  /** The application's changelog topics (its stores), the settings topic aside. */
  private static List<String> stateTopics(Admin admin, String applicationId, String settings)
      throws InterruptedException {
    TreeSet<String> out = new TreeSet<>();
    for (String t : topics(admin)) {
      if (t.startsWith(applicationId + "-") && t.endsWith("-changelog") && !t.equals(settings)) {
        out.add(t);
      }
    }
    return List.copyOf(out);
  }

  private static void create(Admin admin, KafkaSettings kafka, String topic)
      throws InterruptedException {
    short rf = kafka.replicationFactor();
    NewTopic t =
        new NewTopic(topic, 1, rf)
            .configs(
                Map.of(
                    "cleanup.policy", "delete",
                    "retention.ms", "-1",
                    "retention.bytes", "-1",
                    "min.insync.replicas", Integer.toString(Math.max(1, rf - 1))));
    try {
      admin.createTopics(List.of(t)).all().get();
    } catch (ExecutionException e) {
      if (!(e.getCause() instanceof TopicExistsException)) {
        throw new IllegalStateException(
            "cannot create " + topic + ": " + e.getCause().getMessage(), e.getCause());
      }
    }
  }

  private static void write(KafkaSettings kafka, String topic, StateSettings settings)
      throws InterruptedException {
    Properties p = kafka.producer("correlator-state-settings");
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer
          .send(
              new ProducerRecord<>(
                  topic,
                  "settings".getBytes(StandardCharsets.UTF_8),
                  JSON.serializer().serialize(topic, settings)))
          .get();
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "cannot write " + topic + ": " + e.getCause().getMessage(), e.getCause());
    }
  }

  /** The first record of the topic, or null when it has none. */
  private static StateSettings readFirst(KafkaSettings kafka, String topic) {
    Properties p = kafka.reader("correlator-state-settings");
    TopicPartition tp = new TopicPartition(topic, 0);
    try (KafkaConsumer<byte[], byte[]> consumer =
        new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      consumer.assign(List.of(tp));
      consumer.seekToBeginning(List.of(tp));
      long end = consumer.endOffsets(List.of(tp), READ_TIMEOUT).get(tp);
      long deadline = System.nanoTime() + READ_TIMEOUT.toNanos();
      while (consumer.position(tp, READ_TIMEOUT) < end) {
        for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() != null) {
            return JSON.deserializer().deserialize(topic, r.value());
          }
        }
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("cannot read " + topic + " within " + READ_TIMEOUT);
        }
      }
      return null;
    }
  }
}
