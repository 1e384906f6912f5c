package io.vigil.correlator.examples;

import io.vigil.events.v1.ExposureEvent;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * The Java subscriber shown in {@code docs/consuming.md} (the doc quotes the region between the
 * {@code [example]} markers verbatim; {@code ConsumingExamplesIT} runs it on a real broker).
 */
public final class ExposureSubscriber {
  private ExposureSubscriber() {}

  // [example]
  /** Severity ranks, lowest first (null: unknown, ranked below LOW). */
  static final List<String> RANKS = List.of("NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL");

  /**
   * Reads the exposures topic as consumer group {@code group} and hands every event of {@code
   * project} with at least {@code minSeverity} to {@code handler}, until {@code stop} says so.
   */
  public static void subscribe(
      String bootstrapServers,
      String topicPrefix,
      String group,
      String project,
      String minSeverity,
      Consumer<ExposureEvent> handler,
      BooleanSupplier stop) {
    TopicCatalog topics = new TopicCatalog(topicPrefix, (short) 1);
    var values = SerdeFactory.registryFree().value(topics.exposures()); // from vigil-schemas
    Properties props = new Properties();
    props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
    props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"); // only committed events
    props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), values.deserializer())) {
      consumer.subscribe(List.of(topics.exposures().name()));
      while (!stop.getAsBoolean()) {
        for (var record : consumer.poll(Duration.ofMillis(500))) {
          ExposureEvent e = record.value();
          // the record key is the project id: a project's events are in order on one partition
          if (e.getProject().equals(project)
              && RANKS.indexOf(e.getAdvisory().getSeverity()) >= RANKS.indexOf(minSeverity)) {
            handler.accept(e); // de-duplicate on e.getEventId() if the handler is not idempotent
          }
        }
        consumer.commitSync(); // after handling: at-least-once delivery to the handler
      }
    }
  }
  // [example]
}
