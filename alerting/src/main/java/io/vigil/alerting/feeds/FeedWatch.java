package io.vigil.alerting.feeds;

import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.channel.NoticeSender;
import io.vigil.alerting.delivery.DeliveryLog;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.render.Notice;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.FeedStatus;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of FEED_STALE: reads {@code vigil.feeds.status.v1} (compacted, a handful of records)
 * from its start with its own consumer (no group: every instance sees every source), feeds {@link
 * FeedStaleRule} on the service's loop thread, judges every source again every {@code checkEvery},
 * and posts each notice on its own thread to the notice channels ({@link NoticeSender}). An
 * announced episode is recorded in the delivery log under {@code ~feeds|<source>}, read back on
 * start, so a restart does not announce it again (a crash between the post and the record posts it
 * once more, as for alerts).
 *
 * <p>With several alerting instances each one announces an episode (they share no group here):
 * acceptable for a once-per-outage message; run one instance or give one the feed channels.
 */
public final class FeedWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FeedWatch.class);

  /**
   * The delivery-log key prefix of feed episodes (not a channel name: those start alphanumeric).
   */
  public static final String KEY_PREFIX = "~feeds|";

  /** Where unreadable status records go (the service's DLQ). */
  public interface Poison {
    void deadLetter(ConsumerRecord<String, byte[]> r, String what, RuntimeException e, Instant now)
        throws InterruptedException;
  }

  private final FeedAlertsConfig config;
  private final FeedStaleRule rule;
  private final List<Channel> targets;
  private final DeliveryLog deliveryLog;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Poison poison;
  private final Topic<String, FeedStatus> topic;
  private final Deserializer<FeedStatus> deserializer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final ExecutorService sender;
  private final AtomicLong noticesSent = new AtomicLong();
  private Instant nextCheck = Instant.MIN;

  public FeedWatch(
      KafkaSettings kafka,
      FeedAlertsConfig config,
      Map<String, Channel> channels,
      DeliveryLog deliveryLog,
      Clock clock,
      Sleeper sleeper,
      Poison poison) {
    this.config = config;
    this.rule = new FeedStaleRule(config);
    this.targets = targets(config, channels);
    this.deliveryLog = deliveryLog;
    this.clock = clock;
    this.sleeper = sleeper;
    this.poison = poison;
    this.topic = kafka.catalog().feedStatus();
    this.deserializer = kafka.serdeFactory().value(topic).deserializer();
    var props = kafka.reader("vigil-alerting-feeds");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.sender = NoticeSender.thread("vigil-alerting-feeds");
  }

  /** The channels that get notices: the configured ones, else every one that takes them. */
  static List<Channel> targets(FeedAlertsConfig config, Map<String, Channel> channels) {
    return NoticeSender.targets(config.channels(), channels);
  }

  /** The announced, still open episodes read back from the delivery log. */
  public void restore(Map<String, AlertDelivery> records) {
    records.forEach(
        (key, d) -> {
          if (key.startsWith(KEY_PREFIX)
              && FeedStaleRule.STALE.equals(d.getLastChange())
              && d.getFirstTriggeredAt() != null) {
            rule.restore(key.substring(KEY_PREFIX.length()), d.getFirstTriggeredAt());
          }
        });
  }

  /** Assigns every partition of the status topic, from its start. */
  public void start(Duration timeout) {
    List<TopicPartition> parts = new ArrayList<>();
    consumer
        .partitionsFor(topic.name(), timeout)
        .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
    consumer.assign(parts);
    consumer.seekToBeginning(parts);
  }

  /** On the service's loop thread: new statuses, and every {@code checkEvery} a new judgement. */
  public void poll(Instant now) throws InterruptedException {
    List<Notice> notices = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ZERO)) {
      if (r.value() == null) {
        continue; // a source no longer reported: its last verdict stands
      }
      FeedStatus s;
      try {
        s = deserializer.deserialize(r.topic(), r.value());
      } catch (RuntimeException e) {
        poison.deadLetter(r, "a FeedStatus", e, now);
        continue;
      }
      notices.addAll(rule.observe(s, now));
    }
    if (!now.isBefore(nextCheck)) {
      nextCheck = now.plus(config.checkEvery());
      notices.addAll(rule.judgeAll(now));
    }
    for (Notice n : notices) {
      log.warn("alerting: {} ({})", n.title(), String.join("; ", n.lines()));
      sender.submit(() -> send(n));
    }
  }

  /** Notices posted so far (per channel). */
  public long noticesSent() {
    return noticesSent.get();
  }

  private void send(Notice n) {
    try {
      noticesSent.addAndGet(NoticeSender.send(n, targets, sleeper));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    record(n);
  }

  private void record(Notice n) {
    String source = String.valueOf(n.facts().get("source"));
    Instant episode =
        n.kind().equals(FeedStaleRule.STALE)
            ? n.at()
            : Instant.parse(String.valueOf(n.facts().get("staleSince")));
    try {
      deliveryLog.write(
          List.of(
              AlertDelivery.newBuilder()
                  .setAlertKey(KEY_PREFIX + source)
                  .setChannel("~feeds")
                  .setChannelType("notice")
                  .setStatus(DeliveryStatus.SENT)
                  .setAttempts(1)
                  .setExternalId(n.deliveryId())
                  .setUpdatedAt(clock.instant())
                  .setFirstTriggeredAt(episode)
                  .setLastChange(n.kind())
                  .build()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn(
          "alerting: could not record the {} episode of {}: {}", n.kind(), source, e.toString());
    }
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
    consumer.close(Duration.ofSeconds(1));
  }
}
