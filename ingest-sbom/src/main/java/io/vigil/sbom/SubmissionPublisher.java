package io.vigil.sbom;

import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.attestation.SchemaAttestation;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Puts a document on the submissions topic (gzip + chunks as {@link Submissions} decides) and,
 * first, its PROCESSING status, each acknowledged by the broker (idempotent producer, acks=all)
 * before the next step: the status cannot overtake the processor's final status, and when {@link
 * #publish} returns the document is durable. Used by the HTTP API and by {@code vigil sbom
 * publish}. Thread-safe.
 */
public final class SubmissionPublisher implements AutoCloseable {
  private final KafkaProducer<String, byte[]> producer;
  private final Topic<String, SbomSubmission> submissions;
  private final Topic<String, SbomStatus> status;
  private final AvroSerde<SbomSubmission> submissionSerde;
  private final AvroSerde<SbomStatus> statusSerde;

  public SubmissionPublisher(KafkaSettings kafka, String clientId) {
    this.submissions = kafka.catalog().sbomSubmissions();
    this.status = kafka.catalog().sbomStatus();
    this.submissionSerde = kafka.serdeFactory().value(submissions);
    this.statusSerde = kafka.serdeFactory().value(status);
    this.producer =
        new KafkaProducer<>(
            kafka.producer(clientId), new StringSerializer(), new ByteArraySerializer());
  }

  /**
   * @param processing the status to record first, or null to record none
   * @return the records written, in order
   */
  public List<SbomSubmission> publish(
      Submissions.Envelope envelope, byte[] document, SbomStatus processing, int chunkBytes)
      throws ExecutionException, InterruptedException {
    return publish(envelope, document, processing, chunkBytes, null, List.of());
  }

  /**
   * @param attestation the {@link SchemaAttestation#HEADER} value to send with every chunk, or null
   * @param tags project tags sent with the upload (Dependency-Track's {@code projectTags}), put on
   *     every chunk
   */
  public List<SbomSubmission> publish(
      Submissions.Envelope envelope,
      byte[] document,
      SbomStatus processing,
      int chunkBytes,
      byte[] attestation,
      List<String> tags)
      throws ExecutionException, InterruptedException {
    if (processing != null) {
      producer
          .send(
              new ProducerRecord<>(
                  status.name(),
                  envelope.submissionId(),
                  statusSerde.serialize(status.name(), processing)))
          .get();
    }
    List<SbomSubmission> chunks = Submissions.encode(envelope, document, chunkBytes);
    if (tags != null && !tags.isEmpty()) {
      chunks =
          chunks.stream()
              .map(c -> SbomSubmission.newBuilder(c).setTags(List.copyOf(tags)).build())
              .toList();
    }
    List<Future<RecordMetadata>> acks = new ArrayList<>(chunks.size());
    for (SbomSubmission chunk : chunks) {
      ProducerRecord<String, byte[]> r =
          new ProducerRecord<>(
              submissions.name(),
              envelope.project(),
              submissionSerde.serialize(submissions.name(), chunk));
      if (attestation != null) {
        r.headers().add(SchemaAttestation.HEADER, attestation);
      }
      acks.add(producer.send(r));
    }
    for (Future<RecordMetadata> ack : acks) {
      ack.get();
    }
    return chunks;
  }

  /** The producer (for client metrics). */
  public KafkaProducer<String, byte[]> producer() {
    return producer;
  }

  @Override
  public void close() {
    producer.close();
  }
}
