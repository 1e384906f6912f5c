package io.vigil.sbom.triage;

import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.AnalysisChange;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.triage.AnalysisAvro;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an {@link AnalysisView} up to date from the analyses topic and its history topic: one
 * thread, every partition assigned (no consumer group, nothing committed), read from the beginning
 * with {@code read_committed} (a decision and its history entry become visible together). Ready
 * once it has read up to the end offsets it found at start. A record that cannot be read (bad
 * bytes, a decision that breaks a rule of the model) is logged with its coordinates and skipped:
 * the view never stops.
 */
public final class AnalysisLogReader implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AnalysisLogReader.class);

  private final KafkaConsumer<String, byte[]> consumer;
  private final Topic<String, Analysis> analyses;
  private final Topic<String, AnalysisChange> history;
  private final AvroSerde<Analysis> analysisSerde;
  private final AvroSerde<AnalysisChange> changeSerde;
  private final AnalysisView view;
  private final CountDownLatch caughtUp = new CountDownLatch(1);
  private final AtomicLong skipped = new AtomicLong();
  private final Thread thread;
  private volatile boolean closing;

  public AnalysisLogReader(KafkaSettings kafka, AnalysisView view, String clientId) {
    this.analyses = kafka.catalog().analyses();
    this.history = kafka.catalog().analysisHistory();
    this.analysisSerde = kafka.serdeFactory().value(analyses);
    this.changeSerde = kafka.serdeFactory().value(history);
    this.view = view;
    var props = kafka.reader(clientId);
    // never let a metadata request create the topics with broker defaults (not compacted)
    props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
    this.consumer =
        new KafkaConsumer<>(props, new StringDeserializer(), new ByteArrayDeserializer());
    this.thread = new Thread(this::run, clientId);
    thread.setDaemon(true);
    thread.start();
  }

  /** Waits until the view holds everything that was on the topics at start. */
  public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
    return caughtUp.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  public boolean caughtUp() {
    return caughtUp.getCount() == 0;
  }

  /** Records skipped because they could not be read. */
  public long skipped() {
    return skipped.get();
  }

  private void run() {
    try {
      List<TopicPartition> parts = new ArrayList<>();
      for (String t : List.of(analyses.name(), history.name())) {
        consumer.partitionsFor(t).forEach(p -> parts.add(new TopicPartition(t, p.partition())));
      }
      consumer.assign(parts);
      consumer.seekToBeginning(parts);
      Map<TopicPartition, Long> end = consumer.endOffsets(parts);
      while (!closing) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          apply(r);
        }
        if (caughtUp.getCount() > 0
            && end.entrySet().stream()
                .allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
          log.info("triage: {} current decisions read from {}", view.size(), analyses.name());
          caughtUp.countDown();
        }
      }
    } catch (WakeupException e) {
      if (!closing) {
        log.error("triage: the analyses reader was woken unexpectedly", e);
      }
    } catch (RuntimeException e) {
      log.error("triage: the analyses reader stopped; decisions are no longer refreshed", e);
    } finally {
      consumer.close();
    }
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    try {
      if (r.topic().equals(analyses.name())) {
        view.put(
            r.key(),
            r.value() == null
                ? null
                : AnalysisAvro.fromAvro(analysisSerde.deserialize(r.topic(), r.value())));
      } else if (r.value() != null) {
        AnalysisChange c = changeSerde.deserialize(r.topic(), r.value());
        view.record(c.getChangeId(), AnalysisAvro.fromAvro(c));
      }
    } catch (RuntimeException e) {
      skipped.incrementAndGet();
      log.warn(
          "triage: skipped {}-{}@{} (key {}): {}",
          r.topic(),
          r.partition(),
          r.offset(),
          r.key(),
          e.toString());
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
