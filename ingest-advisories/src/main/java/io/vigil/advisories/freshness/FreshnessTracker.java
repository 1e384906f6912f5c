package io.vigil.advisories.freshness;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.advisories.state.TopicReader;
import io.vigil.core.feeds.FeedFreshness;
import io.vigil.events.v1.FeedState;
import io.vigil.events.v1.FeedStatus;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tracks how fresh each advisory source is and publishes it as {@link FeedStatus} on {@code
 * vigil.feeds.status.v1} (compacted, key = source kind): after every run of a source, and every
 * {@code checkEvery} while the service runs on an interval, so a source whose fetches keep failing
 * or whose feed stalled turns STALE even when nothing else happens. The last success and failure
 * are read back from that topic at start, so a restart does not reset them. A change of state is
 * logged (STALE at WARN: the FEED_STALE signal). Gauges, by {@code source}: {@code
 * vigil_feed_last_success_age_seconds}, {@code vigil_feed_newest_record_age_seconds} (NaN while
 * unknown) and {@code vigil_feed_stale} (1 when stale).
 */
public final class FreshnessTracker implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FreshnessTracker.class);

  /** What is known of one source. */
  private static final class Source {
    volatile Instant lastSuccessAt;
    volatile Instant lastFailureAt;
    volatile String lastError;
    volatile Instant newestRecordAt;
    volatile FeedState published;
  }

  private final FeedFreshnessConfig config;
  private final Duration runInterval;
  private final Clock clock;
  private final Topic<String, FeedStatus> topic;
  private final AvroSerde<FeedStatus> serde;
  private final KafkaProducer<String, byte[]> producer;
  private final Map<String, Source> sources = new ConcurrentHashMap<>();
  private ScheduledExecutorService checker;

  /**
   * @param kinds the source kinds this service runs (osv, ghsa, nvd, kev, epss)
   * @param runInterval how often they run, or null when once
   */
  public FreshnessTracker(
      KafkaSettings kafka,
      FeedFreshnessConfig config,
      Set<String> kinds,
      Duration runInterval,
      MeterRegistry registry,
      Clock clock) {
    this.config = config;
    this.runInterval = runInterval;
    this.clock = clock;
    this.topic = kafka.catalog().feedStatus();
    this.serde = kafka.serdeFactory().value(topic);
    this.producer =
        new KafkaProducer<>(
            kafka.producer("vigil-ingest-advisories-freshness"),
            new StringSerializer(),
            new ByteArraySerializer());
    kinds.forEach(k -> sources.put(k, new Source()));
    restore(kafka);
    for (String kind : kinds) {
      Gauge.builder("vigil.feed.last.success.age.seconds", () -> age(kind, true))
          .tag("source", kind)
          .description("Seconds since the source's last successful update")
          .register(registry);
      Gauge.builder("vigil.feed.newest.record.age.seconds", () -> age(kind, false))
          .tag("source", kind)
          .description("Seconds since the newest record the source published")
          .register(registry);
      Gauge.builder(
              "vigil.feed.stale",
              () -> status(kind, clock.instant()).getState() == FeedState.STALE ? 1 : 0)
          .tag("source", kind)
          .description("1 when the source is older than twice its expected cadence")
          .register(registry);
    }
  }

  /** Re-judges and publishes every source every {@code checkEvery} until closed. */
  public FreshnessTracker startChecking() {
    checker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "ingest-advisories-freshness");
              t.setDaemon(true);
              return t;
            });
    long every = config.checkEvery().toMillis();
    checker.scheduleWithFixedDelay(this::publishAll, every, every, TimeUnit.MILLISECONDS);
    return this;
  }

  /** A run of the source succeeded; {@code newestRecord} is its newest record's time, or null. */
  public void succeeded(String kind, Instant newestRecord) {
    Source s = sources.computeIfAbsent(kind, k -> new Source());
    s.lastSuccessAt = clock.instant();
    if (newestRecord != null) {
      s.newestRecordAt = newestRecord;
    }
    publish(kind);
  }

  /** A run of the source failed. */
  public void failed(String kind, String error) {
    Source s = sources.computeIfAbsent(kind, k -> new Source());
    s.lastFailureAt = clock.instant();
    s.lastError = withoutQueries(error);
    publish(kind);
  }

  /** The message with every URL's query string and user info removed (they may hold tokens). */
  static String withoutQueries(String message) {
    if (message == null) {
      return null;
    }
    return message
        .replaceAll("(https?://)[^/\\s@]*@", "$1")
        .replaceAll("(https?://[^\\s?#]*)[?#][^\\s]*", "$1?…");
  }

  /** Every source's status now, by kind. */
  public List<FeedStatus> statuses() {
    Instant now = clock.instant();
    List<FeedStatus> out = new ArrayList<>();
    new TreeMap<>(sources).keySet().forEach(k -> out.add(status(k, now)));
    return out;
  }

  /** Publishes every source's status (a failure is logged: the next check tries again). */
  public void publishAll() {
    sources.keySet().forEach(this::publish);
  }

  private void publish(String kind) {
    FeedStatus status = status(kind, clock.instant());
    Source s = sources.get(kind);
    if (s.published != status.getState()) {
      if (status.getState() == FeedState.STALE) {
        log.warn(
            "FEED_STALE: source {} is stale: {}", kind, String.join("; ", status.getReasons()));
      } else if (s.published == FeedState.STALE) {
        log.info("source {} is {} again", kind, status.getState());
      }
      s.published = status.getState();
    }
    try {
      producer.send(
          new ProducerRecord<>(topic.name(), kind, serde.serialize(topic.name(), status)),
          (md, e) -> {
            if (e != null) {
              log.warn("could not publish the status of source {}: {}", kind, e.toString());
            }
          });
    } catch (RuntimeException e) {
      log.warn("could not publish the status of source {}: {}", kind, e.toString());
    }
  }

  /** The status of a source at {@code now} (core's rule). */
  FeedStatus status(String kind, Instant now) {
    Source s = sources.computeIfAbsent(kind, k -> new Source());
    Duration cadence = config.cadenceOf(kind);
    FeedFreshness.Verdict v =
        FeedFreshness.evaluate(
            new FeedFreshness.Observation(
                s.lastSuccessAt, s.lastFailureAt, s.newestRecordAt, cadence, runInterval),
            now);
    return FeedStatus.newBuilder()
        .setSource(kind)
        .setState(FeedState.valueOf(v.state().name()))
        .setReasons(v.reasons())
        .setLastSuccessAt(s.lastSuccessAt)
        .setLastFailureAt(s.lastFailureAt)
        .setLastError(s.lastError)
        .setNewestRecordAt(s.newestRecordAt)
        .setExpectedCadenceSeconds(cadence.getSeconds())
        .setRunIntervalSeconds(runInterval == null ? null : runInterval.getSeconds())
        .setCheckedAt(now)
        .build();
  }

  private double age(String kind, boolean success) {
    Source s = sources.get(kind);
    Instant t = s == null ? null : success ? s.lastSuccessAt : s.newestRecordAt;
    return t == null ? Double.NaN : Duration.between(t, clock.instant()).toMillis() / 1000.0;
  }

  /** The last published status of each source, so a restart keeps its history. */
  private void restore(KafkaSettings kafka) {
    try {
      TopicReader.readAll(
          kafka,
          topic.name(),
          Duration.ofMinutes(1),
          (k, v) -> {
            if (k == null || v == null || !sources.containsKey(k)) {
              return;
            }
            FeedStatus st = serde.deserialize(topic.name(), v);
            Source s = sources.get(k);
            s.lastSuccessAt = st.getLastSuccessAt();
            s.lastFailureAt = st.getLastFailureAt();
            s.lastError = st.getLastError();
            s.newestRecordAt = st.getNewestRecordAt();
            s.published = st.getState();
          });
    } catch (RuntimeException e) {
      log.warn("could not read the last feed statuses (starting without them): {}", e.toString());
    }
  }

  @Override
  public void close() {
    if (checker != null) {
      checker.shutdownNow();
    }
    producer.flush();
    producer.close(Duration.ofSeconds(5));
  }
}
