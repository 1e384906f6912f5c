package io.vigil.alerting;

import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.channel.Channels;
import io.vigil.alerting.delivery.AlertMetrics;
import io.vigil.alerting.delivery.DeadAlerts;
import io.vigil.alerting.delivery.Dispatcher;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.AlertUnit;
import io.vigil.alerting.engine.GroupState;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.Topic;
import io.vigil.schemas.VigilService;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * {@code ./vigil alerts replay}: re-delivers the alerts in the alerting DLQ. It reads the DLQ from
 * the replay group's committed position (or from the beginning) to its current end, rebuilds each
 * dead alert from its dead letters (one per group, joined by delivery id), delivers it to its
 * channel with the same retries, breaker and rate limit as the service, and commits. An alert that
 * fails again goes back to the DLQ with its new error, so nothing is lost. Jira replays are
 * idempotent (the issue is found by label first); a chat message is sent again by design.
 */
public final class DlqReplay {
  /** What a replay did. */
  public record Result(int alerts, int delivered, int failed, int skipped) {}

  private final KafkaSettings kafka;
  private final AlertingConfig config;
  private final PrintStream out;
  private final Metrics metrics;
  private final Clock clock;
  private final Sleeper sleeper;

  public DlqReplay(
      KafkaSettings kafka,
      AlertingConfig config,
      PrintStream out,
      Metrics metrics,
      Clock clock,
      Sleeper sleeper) {
    this.kafka = kafka;
    this.config = config;
    this.out = out;
    this.metrics = metrics;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /**
   * @param channel only this channel (null: every channel)
   * @param groupId consumer group remembering what was replayed
   * @param fromBeginning read the whole DLQ, not only what the group has not replayed yet
   * @param dryRun list what would be replayed; deliver and commit nothing
   */
  public Result run(
      String channel, String groupId, boolean fromBeginning, boolean dryRun, Duration timeout)
      throws InterruptedException, IOException {
    Map<String, ChannelConfig> configs = config.effectiveChannels();
    Topic<String, DeadLetter> dlq = kafka.catalog().deadLetters(VigilService.ALERTING);
    Topic<String, ExposureEvent> exposures = kafka.catalog().exposures();
    var events = kafka.serdeFactory().value(exposures);
    Map<String, List<DeadAlerts.Decoded>> byAlert = new LinkedHashMap<>();
    int skipped = 0;
    Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
    try (var consumer =
        new KafkaConsumer<>(
            kafka.consumer(groupId, "vigil-alerts-replay"),
            new StringDeserializer(),
            kafka.serdeFactory().value(dlq).deserializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      consumer
          .partitionsFor(dlq.name(), timeout)
          .forEach(p -> parts.add(new TopicPartition(p.topic(), p.partition())));
      if (parts.isEmpty()) {
        throw new IllegalStateException(
            "the DLQ topic " + dlq.name() + " does not exist (run: vigil topics create)");
      }
      consumer.assign(parts);
      Map<TopicPartition, OffsetAndMetadata> committed =
          consumer.committed(new java.util.HashSet<>(parts));
      for (TopicPartition tp : parts) {
        OffsetAndMetadata c = committed.get(tp);
        if (fromBeginning || c == null) {
          consumer.seekToBeginning(List.of(tp));
        } else {
          consumer.seek(tp, c.offset());
        }
      }
      Map<TopicPartition, Long> ends = consumer.endOffsets(parts, timeout);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("reading the DLQ took longer than " + timeout);
        }
        for (ConsumerRecord<String, DeadLetter> r : consumer.poll(Duration.ofMillis(200))) {
          DeadAlerts.Decoded d =
              DeadAlerts.decode(r.value(), exposures.name(), events.deserializer());
          if (d == null) {
            skipped++;
            out.printf(
                "skip %s-%d@%d: %s (stage %s), not a dead alert%n",
                r.topic(), r.partition(), r.offset(), r.value().getReason(), r.value().getStage());
            continue;
          }
          if ((channel != null && !channel.equals(d.channel()))) {
            continue;
          }
          if (!configs.containsKey(d.channel())) {
            skipped++;
            out.printf("skip %s: channel '%s' is not configured%n", d.deliveryId(), d.channel());
            continue;
          }
          byAlert
              .computeIfAbsent(d.channel() + "|" + d.deliveryId(), k -> new ArrayList<>())
              .add(d);
        }
      }
      ends.forEach((tp, o) -> end.put(tp, new OffsetAndMetadata(o)));
      if (dryRun) {
        byAlert.values().forEach(ds -> out.printf("would replay %s%n", describe(ds)));
        return new Result(byAlert.size(), 0, 0, skipped);
      }
      Result r = deliver(configs, byAlert, timeout);
      consumer.commitSync(end);
      return new Result(r.alerts(), r.delivered(), r.failed(), skipped);
    }
  }

  private Result deliver(
      Map<String, ChannelConfig> configs,
      Map<String, List<DeadAlerts.Decoded>> byAlert,
      Duration timeout)
      throws InterruptedException {
    Map<String, AlertDelivery> current = KafkaDeliveryLog.readAll(kafka, timeout);
    Map<String, ChannelConfig> used = new LinkedHashMap<>();
    byAlert.values().forEach(ds -> used.put(ds.get(0).channel(), configs.get(ds.get(0).channel())));
    Map<String, Channel> channels = Channels.create(used, out, clock);
    for (AlertDelivery d : current.values()) {
      if (d.getProjectId() == null && channels.containsKey(d.getChannel())) {
        channels.get(d.getChannel()).restore(d);
      }
    }
    AlertMetrics am = new AlertMetrics(metrics.registry());
    var outcomes = new ConcurrentLinkedQueue<Dispatcher.Outcome>();
    var exposures = kafka.catalog().exposures();
    try (KafkaDeliveryLog log = new KafkaDeliveryLog(kafka, "vigil-alerts-replay");
        Dispatcher dispatcher =
            new Dispatcher(
                channels,
                used,
                config.retry(),
                config.circuitBreaker(),
                log,
                log,
                am,
                clock,
                sleeper,
                exposures.name(),
                kafka.serdeFactory().value(exposures).serializer(),
                outcomes::add)) {
      dispatcher.persistedState(u -> stillDead(current.get(u.key().alertKey()), u));
      dispatcher.consoleLinks(config.consoleLinks());
      for (List<DeadAlerts.Decoded> ds : byAlert.values()) {
        DeadAlerts.Decoded first = ds.get(0);
        List<AlertUnit> units =
            ds.stream()
                .map(DeadAlerts.Decoded::unit)
                .sorted(Comparator.comparing(u -> u.key().alertKey()))
                .toList();
        dispatcher.submit(
            new Alert(
                first.channel(),
                used.get(first.channel()).type(),
                first.kind(),
                first.batchKey(),
                first.deliveryId(),
                units,
                first.resolvedVulnerabilities(),
                clock.instant()));
      }
      if (!dispatcher.awaitIdle(timeout.plus(config.retry().giveUpAfter()))) {
        throw new IllegalStateException("the replay did not finish within its timeout");
      }
    }
    int ok = 0;
    int failed = 0;
    for (Dispatcher.Outcome o : outcomes) {
      Alert a = o.alert();
      if (o.status() == DeliveryStatus.SENT) {
        ok++;
        am.replayed(a.channelType(), a.channel(), "delivered");
        out.printf(
            "replayed %s %s: delivered (%d group(s))%n",
            a.channel(), a.deliveryId(), a.units().size());
      } else {
        failed++;
        am.replayed(a.channelType(), a.channel(), "failed");
        out.printf(
            "replayed %s %s: failed again, back in the DLQ: %s%n",
            a.channel(), a.deliveryId(), o.lastError());
      }
    }
    return new Result(byAlert.size(), ok, failed, 0);
  }

  /** The log record to update: only one that is still this unit's dead record. */
  private static GroupState stillDead(AlertDelivery current, AlertUnit u) {
    if (current == null) {
      return u.after();
    }
    if (current.getStatus() == DeliveryStatus.DEAD
        && Objects.equals(current.getSourceOffset(), u.after().sourceOffset())
        && Objects.equals(current.getSourcePartition(), u.after().sourcePartition())) {
      return GroupState.fromRecord(current);
    }
    return null;
  }

  private static String describe(List<DeadAlerts.Decoded> ds) {
    DeadAlerts.Decoded d = ds.get(0);
    return d.channel()
        + " "
        + d.deliveryId()
        + " ("
        + d.kind()
        + ", "
        + ds.size()
        + " group(s), "
        + d.attempts()
        + " attempt(s) so far)";
  }
}
