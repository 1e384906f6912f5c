package io.vigil.advisories.state;

import io.vigil.platform.kafka.KafkaSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.function.BiConsumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads a (compacted) topic from the beginning to its current end, committed data only, without a
 * consumer group: how ingest-advisories recovers what it last published after a restart.
 */
public final class TopicReader {
  private TopicReader() {}

  /** Calls {@code each} for every record (null value: a tombstone), oldest first per partition. */
  public static void readAll(
      KafkaSettings kafka, String topic, Duration timeout, BiConsumer<String, byte[]> each) {
    Properties p = kafka.reader("vigil-ingest-advisories-state-reader");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    p.put(ConsumerConfig.FETCH_MAX_BYTES_CONFIG, Integer.toString(64 * 1024 * 1024));
    try (KafkaConsumer<String, byte[]> c =
        new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
      List<TopicPartition> parts =
          c.partitionsFor(topic, timeout).stream()
              .map(i -> new TopicPartition(i.topic(), i.partition()))
              .toList();
      if (parts.isEmpty()) {
        throw new IllegalStateException(
            "topic " + topic + " does not exist (create the topics: vigil topics create)");
      }
      c.assign(parts);
      c.seekToBeginning(parts);
      // with read_committed, the end offsets are the last stable offsets
      Map<TopicPartition, Long> end = new HashMap<>(c.endOffsets(parts, timeout));
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!end.isEmpty()) {
        for (ConsumerRecord<String, byte[]> r : c.poll(Duration.ofMillis(200))) {
          each.accept(r.key(), r.value());
        }
        end.entrySet().removeIf(e -> c.position(e.getKey(), timeout) >= e.getValue());
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(
              "could not read " + topic + " to its end within " + timeout.toSeconds() + " s");
        }
      }
    }
  }
}
