package io.vigil.alerting;

import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.Topic;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walking-skeleton alerting: reads exposure events and sends each one as a Slack message, to the
 * configured incoming webhook or, without one, to the console. Offsets are committed after delivery
 * (at-least-once). Issue 8 adds routing, digests, Jira, and the idempotent delivery log.
 */
public final class AlertingService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AlertingService.class);

  private final KafkaConsumer<String, ExposureEvent> consumer;
  private final Topic<String, ExposureEvent> topic;
  private final SlackWebhook slack;
  private final PrintStream console;
  private final AtomicBoolean running = new AtomicBoolean(true);
  private final AtomicLong delivered = new AtomicLong();
  private final Thread thread;
  private final Metrics metrics;

  public AlertingService(KafkaSettings kafka, AlertingConfig config, PrintStream console) {
    this(kafka, config, console, null);
  }

  /** Records consumer, exposure and delivery metrics in {@code metrics} when not null. */
  public AlertingService(
      KafkaSettings kafka, AlertingConfig config, PrintStream console, Metrics metrics) {
    this.metrics = metrics;
    this.topic = kafka.catalog().exposures();
    this.consumer =
        new KafkaConsumer<>(
            kafka.consumer(config.groupId(), "vigil-alerting"),
            new StringDeserializer(),
            kafka.serdeFactory().value(topic));
    this.slack = config.slackWebhook() == null ? null : new SlackWebhook(config.slackWebhook(), 5);
    this.console = console;
    this.thread = new Thread(this::loop, "vigil-alerting");
    if (metrics != null) {
      metrics.bindKafkaClient(consumer);
      metrics.pipeline().registerExposureMeters().registerAlertMeters("slack", "console");
    }
  }

  public AlertingService start() {
    consumer.subscribe(List.of(topic.name()));
    thread.start();
    return this;
  }

  /** Messages delivered so far. */
  public long delivered() {
    return delivered.get();
  }

  private void loop() {
    try {
      while (running.get()) {
        ConsumerRecords<String, ExposureEvent> records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, ExposureEvent> r : records) {
          deliver(r.value());
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (running.get()) {
        throw e;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.error("alerting stopped", e);
    } finally {
      consumer.close();
    }
  }

  private void deliver(ExposureEvent e) throws InterruptedException {
    if (metrics != null) {
      metrics.pipeline().exposureEmitted(e);
    }
    String body = SlackMessages.message(e).toString();
    if (slack == null) {
      console.println("[slack] " + SlackMessages.text(e));
      delivered.incrementAndGet();
      if (metrics != null) {
        metrics.pipeline().alertDelivered("console", e, java.time.Instant.now());
      }
      return;
    }
    try {
      slack.post(body);
      delivered.incrementAndGet();
      if (metrics != null) {
        metrics.pipeline().alertDelivered("slack", e, java.time.Instant.now());
      }
      log.info("sent to Slack: {}", SlackMessages.text(e));
    } catch (java.io.IOException ex) {
      if (metrics != null) {
        metrics.pipeline().alertFailed("slack");
      }
      log.error("Slack delivery failed for exposure {}: {}", e.getExposureId(), ex.getMessage());
    }
  }

  @Override
  public void close() {
    running.set(false);
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
