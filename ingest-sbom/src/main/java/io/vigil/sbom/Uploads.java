package io.vigil.sbom;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.metrics.Metrics;
import io.vigil.sbom.intake.SbomIntake;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The upload path every SBOM API shares (Vigil's own and Dependency-Track's): bounded bodies,
 * validation (400 with every violation), publication of the PROCESSING status and the document, the
 * wait for the outcome, request parameters, and the upload metrics. Thread-safe.
 */
public final class Uploads {
  private static final Logger log = LoggerFactory.getLogger(Uploads.class);
  private static final int MAX_NAME = 512;
  private static final long DRAIN_LIMIT = 256L * 1024 * 1024;

  private final IngestSbomConfig config;
  private final ApiKeys apiKeys;
  private final SubmissionPublisher publisher;
  private final StatusWaiters waiters;
  private final Metrics metrics;
  private final MeterRegistry meters;
  private final Safeguards safeguards;

  Uploads(
      IngestSbomConfig config,
      ApiKeys apiKeys,
      SubmissionPublisher publisher,
      StatusWaiters waiters,
      Metrics metrics,
      MeterRegistry meters,
      Safeguards safeguards) {
    this.config = config;
    this.apiKeys = apiKeys;
    this.publisher = publisher;
    this.waiters = waiters;
    this.metrics = metrics;
    this.meters = meters;
    this.safeguards = safeguards;
  }

  public IngestSbomConfig config() {
    return config;
  }

  public ApiKeys apiKeys() {
    return apiKeys;
  }

  /** A published submission: its PROCESSING status and, when waited for, its outcome. */
  public record Published(SbomStatus processing, CompletableFuture<SbomStatus> outcome) {}

  /**
   * Validates within the instance's document budget (400 with the violations: the document limits,
   * the schema and Vigil's component rules, the same for every upload route; 503 when the budget
   * stays full), then publishes the status and the document, attested when it had no violation.
   */
  public Published publish(
      byte[] document,
      String project,
      String version,
      String contentType,
      boolean lenient,
      String channel,
      IngestSbomConfig.ApiKey key,
      boolean wait)
      throws InterruptedException {
    return publish(document, project, version, contentType, lenient, channel, key, wait, List.of());
  }

  /**
   * As {@link #publish(byte[], String, String, String, boolean, String, IngestSbomConfig.ApiKey,
   * boolean)}, with the project tags the upload sent (Dependency-Track's {@code projectTags}): they
   * travel on the submission and join the context the SBOM declares.
   */
  public Published publish(
      byte[] document,
      String project,
      String version,
      String contentType,
      boolean lenient,
      String channel,
      IngestSbomConfig.ApiKey key,
      boolean wait,
      List<String> tags)
      throws InterruptedException {
    SbomIntake.Result pre = safeguards.readUpload(document, lenient, config);
    if (!pre.accepted()) {
      countRejected();
      throw new HttpError(400, "invalid_sbom", pre.reason(), violationDetails(pre));
    }
    Instant now = Instant.now();
    String token = UUID.randomUUID().toString();
    Submissions.Envelope envelope =
        new Submissions.Envelope(
            token,
            project,
            version,
            contentType,
            lenient,
            true,
            channel,
            key == null ? null : key.name(),
            now);
    SbomStatus processing =
        Statuses.processing(envelope, config.projectId(project, version), pre, now);
    CompletableFuture<SbomStatus> outcome = wait ? waiters.register(token) : null;
    try {
      publisher.publish(
          envelope,
          document,
          processing,
          config.chunkBytes(),
          safeguards.attest(envelope, pre, document),
          tags);
    } catch (ExecutionException e) {
      waiters.forget(token);
      log.error("could not publish SBOM {} for {}", token, project, e.getCause());
      throw new HttpError(503, "unavailable", "the SBOM could not be stored in Kafka; retry later");
    }
    return new Published(processing, outcome);
  }

  /** The final status, or the PROCESSING one after {@code uploadWait}. */
  public SbomStatus await(Published p) throws InterruptedException {
    try {
      return p.outcome().get(config.uploadWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      waiters.forget(p.processing().getSubmissionId());
      return p.processing();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  /** The 400 of a submission the processor rejected. */
  public static HttpError rejection(SbomStatus s) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("token", s.getSubmissionId());
    details.put("violationCount", s.getViolationCount());
    details.put("violations", s.getViolations());
    String first = s.getViolations().isEmpty() ? "rejected" : s.getViolations().get(0);
    return new HttpError(400, "invalid_sbom", "invalid SBOM: " + first, details);
  }

  private static Map<String, Object> violationDetails(SbomIntake.Result r) {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("violationCount", r.violations().size());
    details.put("violations", r.violationLines());
    if (r.document() != null) {
      details.put("format", r.document().format().name());
      details.put("specVersion", r.document().specVersion());
    }
    return details;
  }

  /**
   * The request body, at most {@code limit} bytes: 413 beyond. The rest of an oversized body is
   * read and discarded (up to {@link #DRAIN_LIMIT}) so that the client, still sending, receives the
   * 413 instead of a reset connection.
   */
  public byte[] body(HttpRequest req, long limit) throws IOException {
    InputStream in = req.body();
    byte[] buf = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
    if (buf.length <= limit) {
      return buf;
    }
    long drained = 0;
    byte[] sink = new byte[64 * 1024];
    int n;
    while (drained < DRAIN_LIMIT && (n = in.read(sink)) >= 0) {
      drained += n;
    }
    countRejected();
    throw new HttpError(
        413, "payload_too_large", "the request body exceeds the limit of " + limit + " bytes");
  }

  /** The request body, gunzipped when it says (or looks) so, within the size limit. */
  public byte[] decoded(byte[] body, HttpRequest req) throws IOException {
    String encoding = req.header("Content-Encoding");
    try {
      if (encoding != null && encoding.strip().equalsIgnoreCase("gzip")) {
        return Submissions.gunzip(body, config.maxDocumentBytes());
      }
      if (encoding != null
          && !encoding.isBlank()
          && !encoding.strip().equalsIgnoreCase("identity")) {
        throw new HttpError(
            415,
            "unsupported_encoding",
            "Content-Encoding '" + encoding + "' is not supported (gzip is)");
      }
      return gunzipped(body);
    } catch (Submissions.DocumentTooLargeException e) {
      countRejected();
      throw new HttpError(413, "payload_too_large", e.getMessage());
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw HttpError.badRequest("the body is not valid gzip: " + e.getMessage());
    }
  }

  /**
   * A document as uploaded, gunzipped when it looks gzipped (Dependency-Track clients may gzip the
   * {@code bom} field), within the size limit: 413 beyond (a gzip bomb stops there), 400 when it is
   * not valid gzip.
   */
  public byte[] gunzipped(byte[] document) throws IOException {
    try {
      return Submissions.maybeGunzip(document, config.maxDocumentBytes());
    } catch (Submissions.DocumentTooLargeException e) {
      countRejected();
      throw new HttpError(413, "payload_too_large", e.getMessage());
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw HttpError.badRequest("the SBOM is not valid gzip: " + e.getMessage());
    }
  }

  /** A project name or version: stripped, bounded, without control characters; 400 otherwise. */
  public static String name(String value, String param, boolean required) {
    if (value == null || value.isBlank()) {
      if (required) {
        throw HttpError.badRequest("'" + param + "' is required");
      }
      return null;
    }
    String v = value.strip();
    if (v.length() > MAX_NAME || v.chars().anyMatch(Character::isISOControl)) {
      throw HttpError.badRequest(
          "'" + param + "' must be at most " + MAX_NAME + " characters without control characters");
    }
    return v;
  }

  /** A boolean parameter (true/false, 1/0, yes/no); 400 otherwise. */
  public static boolean flag(String value, String param, boolean dflt) {
    if (value == null || value.isBlank()) {
      return dflt;
    }
    return switch (value.strip().toLowerCase(Locale.ROOT)) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default ->
          throw HttpError.badRequest("'" + param + "' must be true or false, got '" + value + "'");
    };
  }

  /** Counts an upload refused before it reached the processor. */
  public void countRejected() {
    if (metrics != null) {
      metrics.pipeline().sbomRejected();
    }
  }

  /** Counts the processor's verdict (called on the stream thread). */
  void countOutcome(SbomStatus status, String channel) {
    if (metrics == null) {
      return;
    }
    if (status.getState() == SbomProcessingState.COMPLETED) {
      metrics
          .pipeline()
          .sbomAccepted(
              status.getComponents() - status.getComponentsWithoutPurl(),
              status.getComponentsWithoutPurl());
      meters.counter("vigil.sbom.component.events", "change", "added").increment(status.getAdded());
      meters
          .counter("vigil.sbom.component.events", "change", "removed")
          .increment(status.getRemoved());
    } else if (status.getState() == SbomProcessingState.REJECTED) {
      metrics.pipeline().sbomRejected();
    }
  }

  /** Times an upload request in {@code vigil_sbom_upload_seconds{endpoint,state}}. */
  public void record(String endpoint, long t0, SbomStatus s) {
    Timer.builder("vigil.sbom.upload")
        .description("SBOM upload requests, from request to response")
        .tag("endpoint", endpoint)
        .tag("state", s.getState().name().toLowerCase(Locale.ROOT))
        .publishPercentileHistogram()
        .register(meters)
        .record(Duration.ofNanos(System.nanoTime() - t0));
  }
}
