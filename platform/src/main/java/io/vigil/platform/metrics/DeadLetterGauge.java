package io.vigil.platform.metrics;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

/**
 * How many records a dead-letter topic holds (end offset minus start offset, over its partitions),
 * read with the admin API whoever wrote them (a service's own producer or Kafka Streams' DLQ
 * handler), cached so a scrape costs at most one request per period. NaN when the broker cannot be
 * asked.
 */
final class DeadLetterGauge implements AutoCloseable {
  private final Properties props;
  private final String topic;
  private final long cacheNanos;
  private Admin admin;
  private double last = Double.NaN;
  private long lastAt;

  DeadLetterGauge(Properties adminProperties, String topic, Duration cacheFor) {
    this.props = new Properties();
    props.putAll(adminProperties);
    props.putIfAbsent(AdminClientConfig.CLIENT_ID_CONFIG, "vigil-dlq-gauge");
    props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "3000");
    props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "3000");
    this.topic = topic;
    this.cacheNanos = cacheFor.toNanos();
  }

  synchronized double value() {
    long now = System.nanoTime();
    if (lastAt != 0 && now - lastAt < cacheNanos) {
      return last;
    }
    lastAt = now;
    try {
      if (admin == null) {
        admin = Admin.create(props);
      }
      TopicDescription d =
          admin.describeTopics(List.of(topic)).allTopicNames().get(3, TimeUnit.SECONDS).get(topic);
      Map<TopicPartition, OffsetSpec> earliest = new HashMap<>();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      d.partitions()
          .forEach(
              p -> {
                earliest.put(new TopicPartition(topic, p.partition()), OffsetSpec.earliest());
                latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
              });
      var start = admin.listOffsets(earliest).all().get(3, TimeUnit.SECONDS);
      var end = admin.listOffsets(latest).all().get(3, TimeUnit.SECONDS);
      long sum = 0;
      for (TopicPartition tp : end.keySet()) {
        sum += end.get(tp).offset() - start.get(tp).offset();
      }
      last = sum;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      last = Double.NaN;
    } catch (Exception e) {
      last = Double.NaN;
    }
    return last;
  }

  @Override
  public synchronized void close() {
    if (admin != null) {
      admin.close(Duration.ofSeconds(2));
      admin = null;
    }
  }
}
