package io.vigil.alerting.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

/**
 * Every partition of one topic read from its start outside any group, knowing when it has caught up
 * with what the topic held when reading began (a weekly digest's inputs: nothing is judged before
 * the state they rebuild is complete).
 */
public final class TopicFromStart {
  private final KafkaConsumer<String, byte[]> consumer;
  private final String topic;
  private Map<TopicPartition, Long> startEnds = Map.of();
  private boolean caughtUp;

  public TopicFromStart(KafkaConsumer<String, byte[]> consumer, String topic) {
    this.consumer = consumer;
    this.topic = topic;
  }

  /** Assigns every partition of the topic, from its start, and notes where each ends now. */
  public void start(Duration timeout) {
    List<TopicPartition> parts = new ArrayList<>();
    consumer
        .partitionsFor(topic, timeout)
        .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
    startEnds = consumer.endOffsets(parts, timeout);
  }

  /** The records available now, without waiting. */
  public ConsumerRecords<String, byte[]> poll() {
    return consumer.poll(Duration.ZERO);
  }

  /** Whether every partition has been read up to where it ended at {@link #start}. */
  public boolean caughtUp() {
    if (!caughtUp) {
      caughtUp =
          startEnds.entrySet().stream()
              .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }
    return caughtUp;
  }

  public void close() {
    consumer.close();
  }
}
