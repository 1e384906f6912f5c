package io.vigil.advisories;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.Feed;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.Topic;
import io.vigil.schemas.VigilService;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes OSV records as advisory events: valid ones to the advisories topic (key: advisory id),
 * invalid ones to the DLQ with the reason and the raw bytes; one bad record never stops the rest.
 */
public final class AdvisoryPublisher implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(AdvisoryPublisher.class);

  private final Topic<String, Advisory> topic;
  private final Topic<String, DeadLetter> dlq;
  private final KafkaProducer<String, Advisory> producer;
  private final KafkaProducer<String, DeadLetter> dlqProducer;
  private final Metrics metrics;

  public AdvisoryPublisher(KafkaSettings kafka) {
    this(kafka, null);
  }

  /** Counts what it publishes in {@code metrics} ({@code vigil_advisories_total}) when not null. */
  public AdvisoryPublisher(KafkaSettings kafka, Metrics metrics) {
    this.metrics = metrics;
    this.topic = kafka.catalog().advisories();
    this.dlq = kafka.catalog().deadLetters(VigilService.INGEST_ADVISORIES);
    var serdes = kafka.serdeFactory();
    this.producer =
        new KafkaProducer<>(
            kafka.producer("vigil-ingest-advisories"), new StringSerializer(), serdes.value(topic));
    this.dlqProducer =
        new KafkaProducer<>(
            kafka.producer("vigil-ingest-advisories-dlq"),
            new StringSerializer(),
            serdes.value(dlq));
    if (metrics != null) {
      metrics.bindKafkaClient(producer);
      metrics.pipeline().registerAdvisoryMeters();
    }
  }

  /** Counts of one run. */
  public record Result(int published, int rejected) {}

  /** Reads and publishes every record under the paths; returns once the broker acknowledged all. */
  public Result publish(List<Path> paths, Feed feed) throws IOException {
    List<OsvSource.RawRecord> records = new java.util.ArrayList<>();
    for (Path p : paths) {
      records.addAll(OsvSource.read(p));
    }
    return publishRecords(records, feed);
  }

  /** Publishes raw records; returns once the broker acknowledged all. */
  public Result publishRecords(List<OsvSource.RawRecord> records, Feed feed) throws IOException {
    int ok = 0;
    int bad = 0;
    AtomicReference<Exception> failure = new AtomicReference<>();
    Callback onAck =
        (md, ex) -> {
          if (ex != null) {
            failure.compareAndSet(null, ex);
          }
        };
    for (OsvSource.RawRecord raw : records) {
      Instant now = Instant.now();
      try {
        Advisory a = OsvNormalizer.normalize(raw.bytes(), feed, raw.location(), now);
        producer.send(new ProducerRecord<>(topic.name(), a.getId(), a), onAck);
        ok++;
      } catch (OsvNormalizer.InvalidRecordException e) {
        log.warn("rejected {}: {}", raw.location(), e.getMessage());
        DeadLetter dl =
            DeadLetters.fromInput(
                VigilService.INGEST_ADVISORIES,
                "normalize",
                e.getMessage(),
                e,
                raw.location(),
                raw.location().getBytes(StandardCharsets.UTF_8),
                raw.bytes(),
                now);
        dlqProducer.send(new ProducerRecord<>(dlq.name(), raw.location(), dl), onAck);
        bad++;
      }
    }
    producer.flush();
    dlqProducer.flush();
    if (failure.get() != null) {
      throw new IOException(
          "the broker did not acknowledge every record: " + failure.get().getMessage(),
          failure.get());
    }
    if (metrics != null) {
      metrics.pipeline().advisoriesIngested(feed, ok, bad, 0);
    }
    log.info("published {} advisories ({} rejected to {})", ok, bad, dlq.name());
    return new Result(ok, bad);
  }

  @Override
  public void close() {
    producer.close();
    dlqProducer.close();
  }
}
