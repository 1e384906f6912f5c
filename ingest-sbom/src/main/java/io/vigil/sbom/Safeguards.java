package io.vigil.sbom;

import io.vigil.platform.http.HttpError;
import io.vigil.sbom.attestation.SchemaAttestation;
import io.vigil.sbom.intake.DocumentBudget;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.recovery.DeadLetteringProductionHandler;
import io.vigil.sbom.recovery.UnproducibleInputs;
import io.vigil.schemas.TopicCatalog;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * What the HTTP API and the processor need to trust their inputs and to survive them: the key that
 * tells a schema ingest-sbom's HTTP API validated ({@link SchemaAttestation}), the inputs whose
 * output the broker refused ({@link UnproducibleInputs}), the largest record the producer sends
 * ({@code max.request.size}, which no record the processor forwards may exceed), and the bytes of
 * documents the instance works on at once ({@link DocumentBudget}).
 */
public record Safeguards(
    SchemaAttestation attestation,
    UnproducibleInputs unproducible,
    int maxRecordBytes,
    DocumentBudget budget) {

  /** How long an upload waits for room in the document budget before a 503. */
  static final Duration UPLOAD_BUDGET_WAIT = Duration.ofSeconds(60);

  /** How long the processor waits for room before it goes on regardless (and logs it). */
  static final Duration PROCESSOR_BUDGET_WAIT = Duration.ofMinutes(4);

  /** With the default document budget. */
  public Safeguards(
      SchemaAttestation attestation, UnproducibleInputs unproducible, int maxRecordBytes) {
    this(
        attestation,
        unproducible,
        maxRecordBytes,
        new DocumentBudget(IngestSbomConfig.defaults().documentBudgetBytes()));
  }

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
        SchemaAttestation.of(config.attestationKey()),
        inputs,
        maxRequestSize(streamsProps),
        new DocumentBudget(config.documentBudgetBytes()));
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

  /**
   * How the HTTP API reads an upload: schema included, the configured limits, within the document
   * budget (503 when it stays busy for a minute).
   */
  SbomIntake.Result readUpload(byte[] document, boolean lenient, IngestSbomConfig config)
      throws InterruptedException {
    try (DocumentBudget.Share share = budget.acquire(document.length, UPLOAD_BUDGET_WAIT)) {
      if (share == null) {
        throw new HttpError(
            503,
            "busy",
            "ingest-sbom is reading other large SBOMs (document budget "
                + config.documentBudgetBytes()
                + " bytes); retry later");
      }
      return SbomIntake.read(document, new SbomIntake.Options(lenient, true, config.limits()));
    }
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
