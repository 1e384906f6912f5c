package io.vigil.alerting.systemic;

import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.channel.NoticeSender;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.feeds.FeedWatch;
import io.vigil.alerting.render.Notice;
import io.vigil.events.v1.SystemicEvent;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SYSTEMIC events ({@code vigil.systemic.v1}) → notices ({@link SystemicNotices}) on the notice
 * channels. Its own consumer group ({@code <alerting.groupId>-systemic}), polled on the service's
 * loop thread; notices are posted in order on one thread of their own, and an event's offset is
 * committed once its notice went out (at least once: a crash in between posts it again).
 */
public final class SystemicWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SystemicWatch.class);

  private final List<Channel> targets;
  private final Clock clock;
  private final Sleeper sleeper;
  private final FeedWatch.Poison poison;
  private final Topic<String, SystemicEvent> topic;
  private final Deserializer<SystemicEvent> deserializer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ExecutorService sender;
  private final Queue<ConsumerRecord<String, byte[]>> done = new ConcurrentLinkedQueue<>();
  private final AtomicLong noticesSent = new AtomicLong();

  public SystemicWatch(
      KafkaSettings kafka,
      String groupId,
      SystemicAlertsConfig config,
      Map<String, Channel> channels,
      Clock clock,
      Sleeper sleeper,
      FeedWatch.Poison poison) {
    this.targets = NoticeSender.targets(config.channels(), channels);
    this.clock = clock;
    this.sleeper = sleeper;
    this.poison = poison;
    this.topic = kafka.catalog().systemic();
    this.deserializer = kafka.serdeFactory().value(topic).deserializer();
    var props = kafka.consumer(groupId + "-systemic", "vigil-alerting-systemic");
    props.put("enable.auto.commit", "false");
    props.put("auto.offset.reset", "earliest");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.sender = NoticeSender.thread("vigil-alerting-systemic");
  }

  public void start() {
    consumer.subscribe(List.of(topic.name()));
  }

  /** On the service's loop thread: new events, and commits of those whose notices went out. */
  public void poll(Instant now) throws InterruptedException {
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ZERO)) {
      SystemicEvent e;
      try {
        e = r.value() == null ? null : deserializer.deserialize(r.topic(), r.value());
      } catch (RuntimeException ex) {
        poison.deadLetter(r, "a SystemicEvent", ex, now);
        done.add(r);
        continue;
      }
      if (e == null) {
        done.add(r);
        continue;
      }
      Notice n = SystemicNotices.notice(e, clock.instant());
      log.warn("alerting: {}", n.title());
      sender.submit(
          () -> {
            try {
              noticesSent.addAndGet(NoticeSender.send(n, targets, sleeper));
              done.add(r);
            } catch (InterruptedException ie) {
              Thread.currentThread().interrupt();
            }
          });
    }
    commitDone();
  }

  private void commitDone() {
    Map<TopicPartition, OffsetAndMetadata> commits = new HashMap<>();
    ConsumerRecord<String, byte[]> r;
    while ((r = done.poll()) != null) {
      commits.put(
          new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
    }
    if (!commits.isEmpty()) {
      try {
        consumer.commitSync(commits);
      } catch (RuntimeException e) {
        log.warn("alerting: committing SYSTEMIC offsets: {}", e.toString());
      }
    }
  }

  /** Notices posted so far (per channel). */
  public long noticesSent() {
    return noticesSent.get();
  }

  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(10, TimeUnit.SECONDS)) {
        sender.shutdownNow();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    commitDone();
    consumer.close(Duration.ofSeconds(1));
  }
}
