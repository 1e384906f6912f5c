package io.vigil.alerting.coverage;

import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.channel.NoticeSender;
import io.vigil.alerting.channel.TopicFromStart;
import io.vigil.alerting.channel.WeeklyNotices;
import io.vigil.alerting.delivery.DeliveryLog;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.feeds.FeedWatch;
import io.vigil.alerting.render.Notice;
import io.vigil.core.schedule.WeeklySlot;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The wiring of the weekly coverage digest: reads {@code vigil.sbom.status.v1} (compacted) from its
 * start with its own consumer (no group), keeps each project's newest COMPLETED status, and at the
 * configured slot ({@link WeeklySlot}) — once the topic has been read to where it stood at start —
 * posts {@link CoverageDigest} to the notice channels on its own thread. A posted week is recorded
 * in the delivery log under {@code ~coverage|<week>} and read back on start, so a restart never
 * posts a week twice; a start within {@link #CATCH_UP} after a slot whose week was not posted posts
 * it then (a restart across the slot does not lose the week).
 */
public final class CoverageWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CoverageWatch.class);

  /** The delivery-log key prefix of posted weeks. */
  public static final String KEY_PREFIX = "~coverage|";

  /** How long after a slot a (re)started service still posts that week's digest. */
  static final Duration CATCH_UP = Duration.ofHours(12);

  private final CoverageAlertsConfig config;
  private final WeeklySlot slot;
  private final List<Channel> targets;
  private final DeliveryLog deliveryLog;
  private final Clock clock;
  private final Sleeper sleeper;
  private final FeedWatch.Poison poison;
  private final Topic<String, SbomStatus> topic;
  private final Deserializer<SbomStatus> deserializer;
  private final TopicFromStart input;
  private final ExecutorService sender;
  private final Map<String, ProjectSbom> newest = new HashMap<>();
  private final Set<String> posted = new HashSet<>();
  private Instant nextSlot;

  public CoverageWatch(
      KafkaSettings kafka,
      CoverageAlertsConfig config,
      Map<String, Channel> channels,
      DeliveryLog deliveryLog,
      Clock clock,
      Sleeper sleeper,
      FeedWatch.Poison poison) {
    this.config = config;
    this.slot = new WeeklySlot(config.day(), config.hourUtc());
    this.targets = NoticeSender.targets(config.channels(), channels);
    this.deliveryLog = deliveryLog;
    this.clock = clock;
    this.sleeper = sleeper;
    this.poison = poison;
    this.topic = kafka.catalog().sbomStatus();
    this.deserializer = kafka.serdeFactory().value(topic).deserializer();
    this.input =
        new TopicFromStart(
            new KafkaConsumer<>(
                kafka.reader("vigil-alerting-coverage"),
                new StringDeserializer(),
                new ByteArrayDeserializer()),
            topic.name());
    this.sender = NoticeSender.thread("vigil-alerting-coverage");
  }

  /** The weeks posted before a restart, read back from the delivery log. */
  public void restore(Map<String, AlertDelivery> records) {
    WeeklyNotices.posted(records, KEY_PREFIX, posted);
  }

  /** Assigns every partition of the status topic, from its start; plans the first slot. */
  public void start(Duration timeout) {
    input.start(timeout);
    nextSlot = firstSlot(slot, clock.instant(), posted);
  }

  /** The slot to post first: the last one when a start missed it (within CATCH_UP), else next. */
  static Instant firstSlot(WeeklySlot slot, Instant now, Set<String> posted) {
    Instant last = slot.latestAtOrBefore(now);
    if (!now.isAfter(last.plus(CATCH_UP)) && !posted.contains(WeeklySlot.week(last))) {
      return last;
    }
    return slot.next(now);
  }

  /** On the service's loop thread: new statuses, and the digest when its slot has come. */
  public void poll(Instant now) throws InterruptedException {
    for (ConsumerRecord<String, byte[]> r : input.poll()) {
      if (r.value() == null) {
        continue;
      }
      SbomStatus s;
      try {
        s = deserializer.deserialize(r.topic(), r.value());
      } catch (RuntimeException e) {
        poison.deadLetter(r, "an SbomStatus", e, now);
        continue;
      }
      observe(s);
    }
    boolean caughtUp = input.caughtUp();
    if (caughtUp && nextSlot != null && !now.isBefore(nextSlot)) {
      String week = WeeklySlot.week(nextSlot);
      Instant slotAt = nextSlot;
      nextSlot = nextSlot.plus(Duration.ofDays(7));
      if (posted.add(week)) {
        Notice n =
            CoverageDigest.of(
                List.copyOf(newest.values()), now, config.staleAfter(), config.top(), week);
        log.info("alerting: {}", n.title());
        sender.submit(() -> send(n, slotAt));
      }
    }
  }

  private void observe(SbomStatus s) {
    if (s.getState() != SbomProcessingState.COMPLETED) {
      return;
    }
    String project =
        s.getProjectId() != null
            ? s.getProjectId()
            : s.getProject() + (s.getProjectVersion() == null ? "" : "@" + s.getProjectVersion());
    var c = s.getCoverage();
    ProjectSbom p =
        new ProjectSbom(
            project,
            s.getReceivedAt(),
            c == null ? s.getComponents() : c.getComponents(),
            c == null ? s.getComponentsWithoutPurl() : c.getComponentsWithoutPurl(),
            c == null ? null : c.getScore());
    ProjectSbom old = newest.get(project);
    if (old == null || !old.receivedAt().isAfter(p.receivedAt())) {
      newest.put(project, p);
    }
  }

  private void send(Notice n, Instant slotAt) {
    WeeklyNotices.send(
        (String) n.facts().get("week"),
        List.of(new WeeklyNotices.Post(n, targets)),
        KEY_PREFIX,
        slotAt,
        deliveryLog,
        clock,
        sleeper);
  }

  @Override
  public void close() {
    sender.shutdownNow();
    try {
      sender.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    input.close();
  }
}
