package io.vigil.console.feeds;

import io.vigil.events.v1.FeedStatus;
import io.vigil.platform.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The advisory feeds' status as ingest-advisories publishes it: the compacted topic {@code
 * vigil.feeds.status.v1} (key = source, a handful of records), read whole from the beginning by one
 * consumer per console instance (assigned partitions, nothing committed, like the Live feed) and
 * kept as the newest record per source. The thinnest way: no new address for the console to know,
 * and it keeps working while ingest-advisories is down (the page judges the last status again at
 * its own "now", with core's {@code FeedFreshness}).
 */
public final class FeedStatusWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeedStatusWatch.class);

  /** How long to wait before looking again for a topic not created yet. */
  private static final Duration RETRY = Duration.ofSeconds(5);

  private final KafkaConsumer<String, FeedStatus> consumer;
  private final String topic;
  private final Map<String, FeedStatus> latest = new TreeMap<>();
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread thread;
  private volatile boolean caughtUp;

  public FeedStatusWatch(KafkaSettings kafka) {
    var t = kafka.catalog().feedStatus();
    this.topic = t.name();
    Properties props = kafka.reader("vigil-console-" + UUID.randomUUID());
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), kafka.serdeFactory().value(t));
    this.thread = new Thread(this::run, "console-feed-status");
    this.thread.setDaemon(true);
  }

  public FeedStatusWatch start() {
    thread.start();
    return this;
  }

  /** The newest status of each source, by source. */
  public synchronized List<FeedStatus> statuses() {
    return new ArrayList<>(latest.values());
  }

  /** Whether the topic has been read to its end once. */
  public boolean caughtUp() {
    return caughtUp;
  }

  private void run() {
    try {
      List<TopicPartition> parts = partitions();
      while (parts.isEmpty() && !stop.get()) {
        // not created yet (ingest-advisories or the deployment creates it): look again later
        Thread.sleep(RETRY.toMillis());
        parts = partitions();
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (!stop.get()) {
        var records = consumer.poll(Duration.ofMillis(500));
        for (ConsumerRecord<String, FeedStatus> r : records) {
          accept(r.key(), r.value());
        }
        if (!caughtUp) {
          caughtUp = parts.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
        }
      }
    } catch (WakeupException | InterruptedException e) {
      // closing
    } catch (RuntimeException e) {
      if (!stop.get()) {
        log.error("console feed status watch stopped: {}", e.toString(), e);
      }
    } finally {
      // close() interrupts a thread that waits for the topic to exist: clear it, or the consumer's
      // own close fails on the interrupt and the thread dies with a stack trace at every shutdown
      Thread.interrupted();
      try {
        consumer.close(Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.debug("console feed status watch: closing the consumer: {}", e.toString());
      }
    }
  }

  private List<TopicPartition> partitions() {
    List<TopicPartition> parts = new ArrayList<>();
    try {
      for (PartitionInfo p : consumer.partitionsFor(topic, Duration.ofSeconds(30))) {
        parts.add(new TopicPartition(topic, p.partition()));
      }
    } catch (TimeoutException e) {
      // unknown topic: none yet
    }
    return parts;
  }

  synchronized void accept(String source, FeedStatus status) {
    if (source == null) {
      return;
    }
    if (status == null) {
      latest.remove(source);
    } else {
      latest.put(source, status);
    }
  }

  @Override
  public void close() {
    stop.set(true);
    consumer.wakeup();
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
