package io.vigil.sbom.triage;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisChange;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.triage.AnalysisAvro;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Records decisions: each set or delete writes the decision (or its tombstone) to the compacted
 * analyses topic and its {@link AnalysisChange} to the history topic in one Kafka transaction, so
 * the audit trail never misses a change and never shows one that did not happen. A batch (a VEX
 * import) is one transaction: all of it or nothing. Setting a decision identical to the current one
 * writes nothing (re-importing a document changes nothing). The transactional id is unique per
 * process (there is no read-process-write to fence); writes are serialized within the process.
 */
public final class AnalysisWriter implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final Topic<String, io.vigil.events.v1.Analysis> analyses;
  private final Topic<String, io.vigil.events.v1.AnalysisChange> history;
  private final AvroSerde<io.vigil.events.v1.Analysis> analysisSerde;
  private final AvroSerde<io.vigil.events.v1.AnalysisChange> changeSerde;
  private final AnalysisView view;
  private boolean initialized;

  public AnalysisWriter(KafkaSettings kafka, AnalysisView view, String clientId) {
    this.analyses = kafka.catalog().analyses();
    this.history = kafka.catalog().analysisHistory();
    this.analysisSerde = kafka.serdeFactory().value(analyses);
    this.changeSerde = kafka.serdeFactory().value(history);
    this.view = view;
    Properties p =
        kafka.transactionalProducer(
            clientId, kafka.topicPrefix() + clientId + "-" + UUID.randomUUID());
    // a process that dies mid-transaction blocks read_committed readers of these partitions
    // until the transaction times out: keep that short (a transaction here is one request)
    p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
    this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * Sets the decisions (each replacing the current one of its key), in one transaction; their times
   * are kept to the millisecond, as the wire carries them.
   *
   * @return the changes written (decisions identical to the current ones are left out)
   */
  public synchronized List<AnalysisChange> set(List<Analysis> decisions) {
    List<AnalysisChange> changes = AnalysisChanges.of(decisions, view::get);
    write(changes);
    return changes;
  }

  /**
   * Deletes the current decision of {@code key}.
   *
   * @return the change written, or empty when the key has no current decision
   */
  public synchronized Optional<AnalysisChange> delete(
      String key, String by, Instant at, String reason) {
    Optional<Analysis> current = view.get(key);
    if (current.isEmpty()) {
      return Optional.empty();
    }
    AnalysisChange change = AnalysisChange.deleted(current.get(), by, at, reason);
    write(List.of(change));
    return Optional.of(change);
  }

  private void write(List<AnalysisChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    if (!initialized) {
      // on first use, not at start: the service starts while the broker is still unreachable
      producer.initTransactions();
      initialized = true;
    }
    List<String> ids = new ArrayList<>();
    producer.beginTransaction();
    try {
      for (AnalysisChange c : changes) {
        String id = UUID.randomUUID().toString();
        ids.add(id);
        byte[] value =
            c.type() == AnalysisChange.Type.SET
                ? analysisSerde.serialize(analyses.name(), AnalysisAvro.toAvro(c.analysis()))
                : null;
        producer.send(new ProducerRecord<>(analyses.name(), c.key(), value));
        producer.send(
            new ProducerRecord<>(
                history.name(),
                c.key(),
                changeSerde.serialize(history.name(), AnalysisAvro.toAvro(c, id))));
      }
      producer.commitTransaction();
    } catch (RuntimeException e) {
      try {
        producer.abortTransaction();
      } catch (RuntimeException ignored) {
        // a failed or fenced producer aborts on the broker side anyway
      }
      throw e;
    }
    // read your own write: the reader applies the same records again, idempotently
    for (int i = 0; i < changes.size(); i++) {
      AnalysisChange c = changes.get(i);
      view.put(c.key(), c.type() == AnalysisChange.Type.SET ? c.analysis() : null);
      view.record(ids.get(i), c);
    }
  }

  @Override
  public void close() {
    producer.close();
  }
}
