package io.vigil.sbom.context;

import io.vigil.core.project.ProjectContext;
import io.vigil.events.v1.ProjectContextEntry;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The project registry as ingest-sbom's HTTP API sees it: writes go to {@code vigil.projects.v1}
 * (acknowledged by the broker before the call returns); reads come from every record of that
 * compacted topic, which a background consumer (no group, every partition, committed data only)
 * keeps in memory on every instance. One entry per project: small. A write is visible to reads on
 * the instance that made it at once, on the others once their consumer reads it (milliseconds).
 */
public final class ProjectRegistry implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ProjectRegistry.class);

  private final Topic<String, ProjectContextEntry> topic;
  private final AvroSerde<ProjectContextEntry> serde;
  private final KafkaProducer<String, byte[]> producer;
  private final KafkaConsumer<String, byte[]> consumer;
  private final Map<String, ProjectContextEntry> entries = new ConcurrentHashMap<>();
  private final Thread reader;
  private volatile boolean closing;
  private volatile boolean caughtUp;

  /**
   * @param producer an idempotent producer with acks=all (shared with the submission publisher)
   */
  public ProjectRegistry(KafkaSettings kafka, KafkaProducer<String, byte[]> producer) {
    this.topic = kafka.catalog().projects();
    this.serde = kafka.serdeFactory().value(topic);
    this.producer = producer;
    Properties p = kafka.reader("vigil-ingest-sbom-project-registry");
    this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    this.reader = new Thread(this::read, "ingest-sbom-project-registry");
    reader.setDaemon(true);
    reader.start();
  }

  /** The project's registry entry, or null. */
  public ProjectContextEntry get(String project) {
    return entries.get(project);
  }

  /** True once the topic was read to the end it had when the reader started. */
  public boolean caughtUp() {
    return caughtUp;
  }

  /** Sets the project's context in the registry; returns the entry written. */
  public ProjectContextEntry set(String project, ProjectContext context, String by, Instant now)
      throws ExecutionException, InterruptedException {
    ProjectContextEntry entry =
        ProjectContextEntry.newBuilder()
            .setProject(project)
            .setContext(
                ContextAvro.toAvro(context) == null
                    ? io.vigil.events.v1.ProjectContext.newBuilder()
                        .setOwner(null)
                        .setTeam(null)
                        .setTags(List.of())
                        .setCriticality(null)
                        .setExposure(null)
                        .build()
                    : ContextAvro.toAvro(context))
            .setUpdatedBy(by)
            .setUpdatedAt(now)
            .build();
    producer
        .send(new ProducerRecord<>(topic.name(), project, serde.serialize(topic.name(), entry)))
        .get();
    entries.put(project, entry);
    return entry;
  }

  /** Removes the project's entry (a tombstone); true when there was one. */
  public boolean remove(String project) throws ExecutionException, InterruptedException {
    boolean had = entries.containsKey(project);
    producer.send(new ProducerRecord<>(topic.name(), project, null)).get();
    entries.remove(project);
    return had;
  }

  private void read() {
    try {
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic.name(), Duration.ofMinutes(1))
          .forEach(i -> partitions.add(new TopicPartition(i.topic(), i.partition())));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (!closing) {
        for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(500))) {
          apply(r);
        }
        if (!caughtUp && reached(end)) {
          caughtUp = true;
          log.info("project registry read: {} projects", entries.size());
        }
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      if (!closing) {
        log.error("project registry reader stopped: {}", e.toString(), e);
      }
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  private boolean reached(Map<TopicPartition, Long> end) {
    for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
      if (consumer.position(e.getKey()) < e.getValue()) {
        return false;
      }
    }
    return true;
  }

  private void apply(ConsumerRecord<String, byte[]> r) {
    if (r.key() == null) {
      return;
    }
    if (r.value() == null) {
      entries.remove(r.key());
      return;
    }
    try {
      ProjectContextEntry e = serde.deserialize(r.topic(), r.value());
      if (r.key().equals(e.getProject())) {
        entries.put(r.key(), e);
      }
    } catch (RuntimeException e) {
      log.warn("project registry: unreadable record for '{}' skipped: {}", r.key(), e.toString());
    }
  }

  @Override
  public void close() {
    closing = true;
    consumer.wakeup();
    try {
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
