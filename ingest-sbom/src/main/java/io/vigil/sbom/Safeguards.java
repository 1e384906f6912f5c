package io.vigil.sbom;

import io.vigil.sbom.attestation.SchemaAttestation;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.recovery.DeadLetteringProductionHandler;
import io.vigil.sbom.recovery.UnproducibleInputs;
import io.vigil.schemas.TopicCatalog;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the processor needs to trust its inputs and to survive them: the key that tells a schema
 * ingest-sbom's HTTP API validated ({@link SchemaAttestation}), the inputs whose output the broker
 * refused ({@link UnproducibleInputs}), and the largest record the producer sends ({@code
 * max.request.size}), which no record the processor forwards may exceed.
 */
public record Safeguards(
    SchemaAttestation attestation, UnproducibleInputs unproducible, int maxRecordBytes) {

  /** A random attestation key, an empty registry, the catalog's record limit. */
  public static Safeguards defaults() {
    return new Safeguards(
        SchemaAttestation.of(null), new UnproducibleInputs(), TopicCatalog.MAX_MESSAGE_BYTES);
  }

  /**
   * The service's safeguards: the configured attestation key, and the production handler with its
   * registry installed in {@code streamsProps}, whose producer limit they read.
   */
  static Safeguards of(IngestSbomConfig config, Properties streamsProps) {
    UnproducibleInputs inputs = new UnproducibleInputs();
    streamsProps.put(
        StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG,
        DeadLetteringProductionHandler.class.getName());
    streamsProps.put(UnproducibleInputs.CONFIG, inputs);
    return new Safeguards(
        SchemaAttestation.of(config.attestationKey()), inputs, maxRequestSize(streamsProps));
  }

  /** The Streams producer's {@code max.request.size} (Kafka's default 1 MiB when unset). */
  static int maxRequestSize(Properties streamsProps) {
    Object v =
        streamsProps.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG));
    if (v == null) {
      v = streamsProps.get(ProducerConfig.MAX_REQUEST_SIZE_CONFIG);
    }
    return v == null ? 1024 * 1024 : Integer.parseInt(v.toString().strip());
  }

  public Safeguards withMaxRecordBytes(int bytes) {
    return new Safeguards(attestation, unproducible, bytes);
  }

  /** How the HTTP API reads a document: schema included, the configured limits. */
  SbomIntake.Options intakeOptions(IngestSbomConfig config) {
    return new SbomIntake.Options(config.lenient(), true, config.limits());
  }

  /**
   * The attestation the HTTP API sends with a document it read: only when it found no violation at
   * all (a lenient document with warnings is validated again by the processor, which then reports
   * the same warnings); null otherwise.
   */
  byte[] attest(Submissions.Envelope e, SbomIntake.Result pre, byte[] document) {
    if (!pre.accepted() || !pre.violations().isEmpty()) {
      return null;
    }
    return attestation.sign(e.submissionId(), e.project(), e.projectVersion(), document);
  }
}
