package io.vigil.alerting;

import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.channel.Channels;
import io.vigil.alerting.delivery.AlertMetrics;
import io.vigil.alerting.delivery.Dispatcher;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.delivery.OffsetTracker;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertEngine;
import io.vigil.alerting.engine.GroupKey;
import io.vigil.alerting.engine.GroupState;
import io.vigil.alerting.engine.Source;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Health;
import io.vigil.platform.metrics.Metrics;
import io.vigil.platform.metrics.PipelineMetrics;
import io.vigil.schemas.Topic;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The alerting service: reads exposure events, turns them into alerts ({@link AlertEngine}:
 * routing, alias de-duplication, digests, first-SBOM summaries), delivers them ({@link Dispatcher}:
 * per-channel lanes, rate limits, retries, circuit breakers, DLQ) and records every outcome in the
 * compacted delivery log before it commits the events' offsets.
 *
 * <p>Guarantees (see {@code alerting/README.md}): at-least-once consumption; a group's state (with
 * the offset of its last applied event) is read back from the delivery log on start, so events seen
 * again after a restart or a replay from the start of the topic are skipped; a crash between a send
 * and its log record re-sends that one alert once (Jira finds its issue by label instead).
 */
public final class AlertingService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertingService.class);

  private final KafkaSettings kafka;
  private final AlertingConfig config;
  private final Topic<String, ExposureEvent> topic;
  private final Deserializer<ExposureEvent> deserializer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final KafkaDeliveryLog deliveryLog;
  private final PoisonRecords poison;
  private final NoticeInputs notices;
  private final Map<String, ChannelConfig> channelConfigs;
  private final Map<String, Channel> channels;
  private final AlertEngine engine;
  private final Dispatcher dispatcher;
  private final AlertMetrics metrics;
  private final Metrics ownMetrics;
  private final PipelineMetrics pipeline;
  private final Clock clock;
  private final OffsetTracker offsets = new OffsetTracker();
  private final Queue<Dispatcher.Outcome> outcomes = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicBoolean halted = new AtomicBoolean();
  private final AtomicBoolean loaded = new AtomicBoolean();
  private final AtomicLong delivered = new AtomicLong();
  private final AtomicLong deadLettered = new AtomicLong();
  private final AtomicLong consumed = new AtomicLong();
  private final Thread thread;
  private volatile boolean assignedOnce;
  private Instant nextExpiry = Instant.MIN;

  /** With its own metrics registry and the system clock (the demo, tests). */
  public AlertingService(KafkaSettings kafka, AlertingConfig config, PrintStream console) {
    this(kafka, config, console, null, Clock.systemUTC(), Sleeper.real());
  }

  /**
   * @param metrics the service's registry (served on {@code /metrics}); null: a private one
   */
  public AlertingService(
      KafkaSettings kafka,
      AlertingConfig config,
      PrintStream console,
      Metrics metrics,
      Clock clock,
      Sleeper sleeper) {
    this.kafka = kafka;
    this.config = config;
    this.clock = clock;
    this.channelConfigs = config.effectiveChannels();
    List<RouteConfig> routes = config.effectiveRoutes();
    this.ownMetrics = metrics == null ? new Metrics("alerting") : null;
    this.metrics = new AlertMetrics((metrics == null ? ownMetrics : metrics).registry());
    // exposures by type and trigger → emitted latency, observed as committed (read_committed)
    this.pipeline = (metrics == null ? ownMetrics : metrics).pipeline().registerExposureMeters();
    this.topic = kafka.catalog().exposures();
    this.deserializer = kafka.serdeFactory().value(topic).deserializer();
    this.channels = Channels.create(channelConfigs, console, clock);
    this.engine =
        new AlertEngine(channelConfigs, routes, config.digestWindow(), config.quietPeriod());
    this.deliveryLog = new KafkaDeliveryLog(kafka, "vigil-alerting");
    this.poison = new PoisonRecords(deliveryLog);
    this.notices = new NoticeInputs(kafka, config, channels, deliveryLog, clock, sleeper, poison);
    this.dispatcher =
        new Dispatcher(
            channels,
            channelConfigs,
            config.retry(),
            config.circuitBreaker(),
            deliveryLog,
            deliveryLog,
            this.metrics,
            clock,
            sleeper,
            topic.name(),
            kafka.serdeFactory().value(topic).serializer(),
            outcomes::add);
    this.dispatcher.consoleLinks(config.consoleLinks());
    this.consumer =
        new KafkaConsumer<>(
            kafka.consumer(config.groupId(), "vigil-alerting"),
            new StringDeserializer(),
            new ByteArrayDeserializer());
    (metrics == null ? ownMetrics : metrics).bindKafkaClient(consumer);
    this.metrics.gauge(
        "vigil.alerts.pending", "Alerts queued or being delivered", dispatcher::inFlight);
    this.metrics.gauge(
        "vigil.alerts.groups", "(channel, vulnerability, project) groups known", engine::groups);
    this.thread = new Thread(this::loop, "vigil-alerting");
  }

  /** Reads the delivery log back, then starts consuming. */
  public AlertingService start() {
    load();
    notices.start();
    consumer.subscribe(List.of(topic.name()), new Rebalance());
    thread.start();
    return this;
  }

  private void load() {
    DeliveryLogState.Restored restored = DeliveryLogState.read(kafka, channels);
    List<GroupState> states = restored.groups();
    notices.restore(restored.records());
    engine.load(states);
    loaded.set(true);
    log.info(
        "alerting: {} channel(s) {}; delivery log read back: {} group(s)",
        channels.size(),
        channels.keySet(),
        states.size());
  }

  /** True once the delivery log is read back and the consumer owns its partitions. */
  public boolean ready() {
    return loaded.get() && assignedOnce && running.get();
  }

  /** Alerts delivered so far (messages, Jira operations). */
  public long delivered() {
    return delivered.get();
  }

  /** Alerts dead-lettered so far. */
  public long deadLettered() {
    return deadLettered.get();
  }

  /** Exposure events read so far. */
  public long consumed() {
    return consumed.get();
  }

  public Health health() {
    Map<String, Boolean> results = new LinkedHashMap<>();
    Map<String, String> details = new LinkedHashMap<>();
    results.put("consumer", thread.isAlive() && running.get() && assignedOnce);
    results.put("deliveryLog", loaded.get());
    for (String c : channels.keySet()) {
      details.put("channel:" + c, dispatcher.breaker(c).name());
      results.put("channel:" + c, true);
    }
    return Health.of(results, details);
  }

  private void loop() {
    try {
      while (running.get()) {
        ConsumerRecords<String, byte[]> records =
            consumer.poll(Duration.ofMillis(engine.hasPending() ? 50 : 200));
        Instant now = clock.instant();
        for (ConsumerRecord<String, byte[]> r : records) {
          accept(r, now);
        }
        step(clock.instant());
        notices.poll(clock.instant());
      }
    } catch (WakeupException e) {
      if (running.get()) {
        log.error("alerting: unexpected wakeup", e);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.error("alerting stopped", e);
    } finally {
      if (!halted.get()) {
        drainOnStop();
      }
      try {
        consumer.close(halted.get() ? Duration.ZERO : Duration.ofSeconds(5));
      } catch (RuntimeException e) {
        log.debug("closing the consumer: {}", e.toString());
      }
    }
  }

  private void accept(ConsumerRecord<String, byte[]> r, Instant now) throws InterruptedException {
    TopicPartition tp = new TopicPartition(r.topic(), r.partition());
    consumed.incrementAndGet();
    ExposureEvent e;
    try {
      e = deserializer.deserialize(r.topic(), r.value());
      if (e == null) {
        throw new IllegalArgumentException("empty value");
      }
    } catch (RuntimeException ex) {
      poison.deadLetter(r, "an ExposureEvent", ex, now);
      offsets.add(tp, r.offset(), 0);
      return;
    }
    pipeline.exposureEmitted(e);
    AlertEngine.Accepted a = engine.accept(e, r.partition(), r.offset(), now);
    a.replayed().forEach(c -> metrics.suppressed(c, "replayed"));
    offsets.add(tp, r.offset(), a.units());
  }

  /** Completions, due bursts, commits, housekeeping. */
  private void step(Instant now) {
    drainOutcomes();
    for (Alert a : engine.flushDue(now)) {
      dispatcher.submit(a);
    }
    commit();
    if (!now.isBefore(nextExpiry)) {
      nextExpiry = now.plus(Duration.ofHours(1));
      expire(now);
    }
  }

  private void drainOutcomes() {
    Dispatcher.Outcome o;
    while ((o = outcomes.poll()) != null) {
      for (Source s : o.alert().sources()) {
        offsets.done(new TopicPartition(topic.name(), s.partition()), s.offset());
      }
      engine.completed(o.delivered().externalIds());
      if (o.alert().sendsSomething()) {
        if (o.status() == io.vigil.events.v1.DeliveryStatus.SENT) {
          delivered.incrementAndGet();
        } else {
          deadLettered.incrementAndGet();
        }
      }
    }
  }

  private void commit() {
    Map<TopicPartition, OffsetAndMetadata> c = offsets.committable();
    if (!c.isEmpty()) {
      consumer.commitSync(c);
      offsets.markCommitted(c);
    }
  }

  private void expire(Instant now) {
    List<GroupKey> gone = engine.expire(now, config.stateRetention());
    if (gone.isEmpty()) {
      return;
    }
    try {
      deliveryLog.delete(gone.stream().map(GroupKey::alertKey).toList());
      log.info(
          "alerting: forgot {} resolved group(s) older than {}",
          gone.size(),
          config.stateRetention());
    } catch (Exception e) {
      log.warn("alerting: could not drop expired groups from the delivery log: {}", e.toString());
    }
  }

  /** A clean stop: send what is pending, wait for it, commit. */
  private void drainOnStop() {
    try {
      for (Alert a : engine.flushAll(clock.instant())) {
        dispatcher.submit(a);
      }
      if (!dispatcher.awaitIdle(Duration.ofSeconds(30))) {
        log.warn("alerting: {} alert(s) still in flight at shutdown", dispatcher.inFlight());
      }
      drainOutcomes();
      try {
        commit();
      } catch (WakeupException again) {
        commit();
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (RuntimeException e) {
      log.warn("alerting: stopping: {}", e.toString());
    }
  }

  /** Rebalances: finish everything of the revoked partitions, re-read the log on assignment. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      if (partitions.isEmpty() || halted.get()) {
        return;
      }
      try {
        for (Alert a : engine.flushAll(clock.instant())) {
          dispatcher.submit(a);
        }
        if (!dispatcher.awaitIdle(Duration.ofSeconds(60))) {
          log.warn("alerting: rebalance with {} alert(s) still in flight", dispatcher.inFlight());
        }
        drainOutcomes();
        commit();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.warn("alerting: committing on revocation: {}", e.toString());
      }
      offsets.forget(partitions);
    }

    @Override
    public void onPartitionsLost(Collection<TopicPartition> partitions) {
      offsets.forget(partitions);
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      if (assignedOnce && !engine.hasPending() && dispatcher.inFlight() == 0) {
        // another instance may have moved these partitions' groups on meanwhile
        List<GroupState> states = DeliveryLogState.read(kafka, Map.of()).groups();
        engine.load(states);
      }
      assignedOnce = true;
    }
  }

  /** Stops cleanly: pending bursts are sent, offsets committed. */
  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(60_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    dispatcher.close();
    notices.close();
    deliveryLog.close();
    if (ownMetrics != null) {
      ownMetrics.close();
    }
  }

  /**
   * Stops at once as a crash would: nothing more is sent, recorded or committed (tests of the
   * delivery guarantees).
   */
  public void halt() {
    halted.set(true);
    running.set(false);
    dispatcher.halt();
    deliveryLog.close(Duration.ZERO);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    notices.close();
    if (ownMetrics != null) {
      ownMetrics.close();
    }
  }
}
