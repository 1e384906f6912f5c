package io.vigil.alerting.digest;

import io.vigil.alerting.RouteConfig;
import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.channel.NoticeSender;
import io.vigil.alerting.channel.TopicFromStart;
import io.vigil.alerting.channel.WeeklyNotices;
import io.vigil.alerting.delivery.DeliveryLog;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.engine.Routing;
import io.vigil.alerting.feeds.FeedWatch;
import io.vigil.alerting.render.Notice;
import io.vigil.core.fixplan.PortfolioFixPlan.Plan;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.FixPlanPartial;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
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
 * The wiring of the weekly portfolio fix plan digest: reads {@code vigil.fixplan.partials.v1} (one
 * partition) from its start with its own consumer (no group), gathers each ISO week's partials
 * ({@link FixPlanWeek}) and, once the topic has been read to where it stood at start, posts the
 * newest week when every correlator partition's partial is there or {@code deadline} after the
 * first one (then saying which are missing): the whole portfolio's plan to the digest channels, and
 * each team's to the channels of the routes whose {@code teams} match it ({@link FixPlanDigest}),
 * on its own thread. A posted week is recorded in the delivery log under {@code ~fixplan|<week>}
 * ({@link WeeklyNotices}) and read back on start, so a restart never posts a week twice; an older
 * week not posted when a newer one arrives is dropped.
 */
public final class FixPlanDigestWatch implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FixPlanDigestWatch.class);

  /** The delivery-log key prefix of posted weeks. */
  public static final String KEY_PREFIX = "~fixplan|";

  private final FixPlanDigestAlertsConfig config;
  private final List<Channel> targets;
  private final Map<String, Channel> channels;
  private final List<RouteConfig> routes;
  private final DeliveryLog deliveryLog;
  private final Clock clock;
  private final Sleeper sleeper;
  private final FeedWatch.Poison poison;
  private final Topic<String, FixPlanPartial> topic;
  private final Deserializer<FixPlanPartial> deserializer;
  private final TopicFromStart input;
  private final ExecutorService sender;
  private final TreeMap<String, FixPlanWeek> weeks = new TreeMap<>();
  private final Set<String> posted = new HashSet<>();

  public FixPlanDigestWatch(
      KafkaSettings kafka,
      FixPlanDigestAlertsConfig config,
      Map<String, Channel> channels,
      List<RouteConfig> routes,
      DeliveryLog deliveryLog,
      Clock clock,
      Sleeper sleeper,
      FeedWatch.Poison poison) {
    this.config = config;
    this.targets = NoticeSender.targets(config.channels(), channels);
    this.channels = channels;
    this.routes = routes;
    this.deliveryLog = deliveryLog;
    this.clock = clock;
    this.sleeper = sleeper;
    this.poison = poison;
    this.topic = kafka.catalog().fixPlanPartials();
    this.deserializer = kafka.serdeFactory().value(topic).deserializer();
    this.input =
        new TopicFromStart(
            new KafkaConsumer<>(
                kafka.reader("vigil-alerting-fixplan"),
                new StringDeserializer(),
                new ByteArrayDeserializer()),
            topic.name());
    this.sender = NoticeSender.thread("vigil-alerting-fixplan");
  }

  /** The weeks posted before a restart, read back from the delivery log. */
  public void restore(Map<String, AlertDelivery> records) {
    WeeklyNotices.posted(records, KEY_PREFIX, posted);
  }

  /** Assigns every partition of the topic, from its start. */
  public void start(Duration timeout) {
    input.start(timeout);
  }

  /** On the service's loop thread: new partials, and the newest week's plan when it is ready. */
  public void poll(Instant now) throws InterruptedException {
    for (ConsumerRecord<String, byte[]> r : input.poll()) {
      if (r.value() == null) {
        continue;
      }
      FixPlanPartial p;
      try {
        p = deserializer.deserialize(r.topic(), r.value());
      } catch (RuntimeException e) {
        poison.deadLetter(r, "a FixPlanPartial", e, now);
        continue;
      }
      if (!posted.contains(p.getWeek())) {
        weeks.computeIfAbsent(p.getWeek(), FixPlanWeek::new).add(p);
      }
    }
    boolean caughtUp = input.caughtUp();
    if (!caughtUp || weeks.isEmpty()) {
      return;
    }
    FixPlanWeek newest = weeks.lastEntry().getValue();
    weeks.headMap(newest.week()).clear(); // superseded before they were ready
    if (newest.ready(now, config.deadline()) && posted.add(newest.week())) {
      weeks.remove(newest.week());
      List<WeeklyNotices.Post> posts = posts(newest, now);
      log.info("alerting: {}", posts.get(0).notice().title());
      sender.submit(
          () ->
              WeeklyNotices.send(
                  newest.week(), posts, KEY_PREFIX, newest.slot(), deliveryLog, clock, sleeper));
    }
  }

  /** The whole portfolio's notice to the digest channels, then each team's to its routes'. */
  List<WeeklyNotices.Post> posts(FixPlanWeek week, Instant now) {
    List<WeeklyNotices.Post> out = new ArrayList<>();
    List<Integer> missing = week.missing();
    for (Map.Entry<String, Plan> e : week.plans(config.top()).entrySet()) {
      String team = e.getKey();
      List<Channel> to =
          team == null
              ? targets
              : config.perTeam()
                  ? NoticeSender.targets(List.copyOf(Routing.teamChannels(routes, team)), channels)
                  : List.of();
      if (team == null || !to.isEmpty()) {
        Notice n =
            FixPlanDigest.of(week.week(), team, e.getValue(), missing, week.partitions(), now);
        out.add(new WeeklyNotices.Post(n, to));
      }
    }
    return out;
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
