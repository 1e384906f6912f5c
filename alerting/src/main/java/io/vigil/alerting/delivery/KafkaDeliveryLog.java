package io.vigil.alerting.delivery;

import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeadLetter;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import io.vigil.schemas.VigilService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The delivery log and the DLQ on Kafka: an idempotent producer (acks=all) to the compacted {@code
 * vigil.alerts.deliveries.v1} (key: alert key) and to {@code vigil.dlq.alerting.v1}; and the
 * read-back of the whole log on start (latest record per key, tombstones removed).
 */
public final class KafkaDeliveryLog implements DeliveryLog, DeadLetterSink, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaDeliveryLog.class);

  private final KafkaSettings kafka;
  private final Topic<String, AlertDelivery> topic;
  private final Topic<String, DeadLetter> dlqTopic;
  private final KafkaProducer<String, AlertDelivery> producer;
  private final KafkaProducer<String, DeadLetter> dlqProducer;

  public KafkaDeliveryLog(KafkaSettings kafka, String clientId) {
    this.kafka = kafka;
    this.topic = kafka.catalog().alertDeliveries();
    this.dlqTopic = kafka.catalog().deadLetters(VigilService.ALERTING);
    var serdes = kafka.serdeFactory();
    this.producer =
        new KafkaProducer<>(
            kafka.producer(clientId + "-deliveries"),
            new StringSerializer(),
            serdes.value(topic).serializer());
    this.dlqProducer =
        new KafkaProducer<>(
            kafka.producer(clientId + "-dlq"),
            new StringSerializer(),
            serdes.value(dlqTopic).serializer());
  }

  @Override
  public void write(List<AlertDelivery> records) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (AlertDelivery r : records) {
      acks.add(producer.send(new ProducerRecord<>(topic.name(), r.getAlertKey(), r)));
    }
    for (Future<RecordMetadata> f : acks) {
      f.get();
    }
  }

  @Override
  public void delete(List<String> alertKeys) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (String k : alertKeys) {
      acks.add(producer.send(new ProducerRecord<>(topic.name(), k, null)));
    }
    for (Future<RecordMetadata> f : acks) {
      f.get();
    }
  }

  @Override
  public void deadLetter(List<DeadLetter> letters) throws Exception {
    List<Future<RecordMetadata>> acks = new ArrayList<>();
    for (DeadLetter d : letters) {
      String key =
          d.getKey() == null
              ? null
              : new String(bytes(d.getKey()), java.nio.charset.StandardCharsets.UTF_8);
      acks.add(dlqProducer.send(new ProducerRecord<>(dlqTopic.name(), key, d)));
    }
    for (Future<RecordMetadata> f : acks) {
      f.get();
    }
  }

  private static byte[] bytes(java.nio.ByteBuffer b) {
    var d = b.duplicate();
    byte[] out = new byte[d.remaining()];
    d.get(out);
    return out;
  }

  /** Reads the whole log: the latest record per key (tombstoned keys left out). */
  public static Map<String, AlertDelivery> readAll(KafkaSettings kafka, Duration timeout) {
    Topic<String, AlertDelivery> topic = kafka.catalog().alertDeliveries();
    var props = kafka.reader("vigil-alerting-log-reader");
    var deserializer = kafka.serdeFactory().value(topic).deserializer();
    Map<String, AlertDelivery> out = new LinkedHashMap<>();
    try (var consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer
          .partitionsFor(topic.name(), timeout)
          .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      int skipped = 0;
      while (!caughtUp(consumer, end)) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "reading the delivery log " + topic.name() + " took longer than " + timeout);
        }
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
          if (r.value() == null) {
            out.remove(r.key());
            continue;
          }
          try {
            out.put(r.key(), deserializer.deserialize(r.topic(), r.value()));
          } catch (RuntimeException e) {
            skipped++;
          }
        }
      }
      if (skipped > 0) {
        log.warn("skipped {} unreadable record(s) of the delivery log {}", skipped, topic.name());
      }
    }
    return out;
  }

  private static boolean caughtUp(KafkaConsumer<?, ?> c, Map<TopicPartition, Long> end) {
    for (var e : end.entrySet()) {
      if (c.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  /** Closes; {@code Duration.ZERO} drops unsent records (a crash, for tests). */
  public void close(Duration timeout) {
    producer.close(timeout);
    dlqProducer.close(timeout);
  }

  @Override
  public void close() {
    close(Duration.ofSeconds(10));
  }

  public KafkaSettings kafka() {
    return kafka;
  }
}
