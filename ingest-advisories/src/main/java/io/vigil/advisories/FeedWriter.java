package io.vigil.advisories;

import io.vigil.advisories.state.IngestStateStore;
import io.vigil.internal.v1.IngestState;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The one transactional producer of ingest-advisories. Records, dead letters and state entries of a
 * batch go out in one Kafka transaction, so a crash leaves either all of them or none: readers
 * ({@code read_committed}: the correlator, the state reload) never see a record without its state
 * entry or the other way round. Values arrive serialized (the workers serialize in parallel).
 */
public final class FeedWriter implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final IngestStateStore state;
  private final Topic<String, IngestState> stateTopic;
  private final AvroSerde<IngestState> stateSerde;
  private final int batchSize;
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private final Callback onAck =
      (md, ex) -> {
        if (ex != null) {
          failure.compareAndSet(null, ex);
        }
      };
  private boolean open;
  private int inTransaction;

  /**
   * Creates the producer, fences any previous writer with the same transactional id (aborting its
   * open transaction), then the caller loads the state: in that order, so no half-written batch of
   * a crashed run is pending while the state is read.
   */
  public FeedWriter(
      KafkaSettings kafka,
      String transactionalId,
      IngestStateStore state,
      Topic<String, IngestState> stateTopic,
      AvroSerde<IngestState> stateSerde,
      int batchSize) {
    Properties p =
        kafka.transactionalProducer(
            "vigil-ingest-advisories", kafka.topicPrefix() + transactionalId);
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "300000");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    this.producer.initTransactions();
    this.state = state;
    this.stateTopic = stateTopic;
    this.stateSerde = stateSerde;
    this.batchSize = batchSize;
  }

  /** Sends one serialized record in the open transaction (opening one if needed). */
  public void send(String topic, String key, byte[] value) {
    begin();
    producer.send(new ProducerRecord<>(topic, key, value), onAck);
    inTransaction++;
  }

  /** Sends a state entry (already recorded in the store's open transaction). */
  public void state(String key, IngestState value) {
    begin();
    producer.send(
        new ProducerRecord<>(
            stateTopic.name(), key, stateSerde.serialize(stateTopic.name(), value)),
        onAck);
  }

  /** Commits when the open transaction holds a full batch. */
  public void maybeCommit() {
    if (inTransaction >= batchSize) {
      commit();
    }
  }

  /** Commits the open transaction (every record acknowledged) and folds it into the state. */
  public void commit() {
    if (!open) {
      return;
    }
    try {
      producer.flush();
      if (failure.get() != null) {
        throw new KafkaException("a record was not acknowledged", failure.get());
      }
      producer.commitTransaction();
      state.commit();
    } catch (RuntimeException e) {
      abort();
      throw e;
    } finally {
      open = false;
      inTransaction = 0;
      failure.set(null);
    }
  }

  /** Aborts the open transaction: nothing of it becomes visible, the state forgets it. */
  public void abort() {
    state.abort();
    if (open) {
      open = false;
      inTransaction = 0;
      try {
        producer.abortTransaction();
      } catch (RuntimeException ignored) {
        // a fenced or failed producer aborts on the broker side anyway
      }
    }
  }

  private void begin() {
    if (!open) {
      producer.beginTransaction();
      open = true;
    }
  }

  @Override
  public void close() {
    abort();
    producer.close();
  }
}
