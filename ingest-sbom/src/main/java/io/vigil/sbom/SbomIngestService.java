package io.vigil.sbom;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Health;
import io.vigil.platform.metrics.Metrics;
import io.vigil.platform.streams.DeadLetterExceptionHandler;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.schemas.VigilService;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ingest-sbom: the upload API and the stream processor behind it.
 *
 * <ul>
 *   <li>{@code POST /api/v1/sbom?project=&version=[&lenient=][&wait=]}: raw document (JSON, XML,
 *       YAML or tag-value; gzip with {@code Content-Encoding: gzip}); validated at once (400 with
 *       every violation), published to the submissions topic, and by default answered 202 once its
 *       component events are committed (or after {@code uploadWait}, with state PROCESSING);
 *   <li>{@code PUT /api/v1/bom} (JSON, base64 {@code bom}) and {@code POST /api/v1/bom}
 *       (multipart): Dependency-Track's upload API, answering {@code {"token"}} once the document
 *       is durable;
 *   <li>{@code GET /api/v1/sbom/{token}}: the processing state, from the global status store (any
 *       instance answers for any token); {@code GET /api/v1/bom/token/{token}} and {@code
 *       /api/v1/event/token/{token}}: Dependency-Track's {@code {"processing": bool}};
 *   <li>{@code GET /api/openapi.json}.
 * </ul>
 *
 * API keys ({@code X-Api-Key}) with per-key project scope when configured: 401 without a valid key,
 * 403 outside its projects.
 */
public final class SbomIngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SbomIngestService.class);
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,128}");
  private static final int MAX_NAME = 512;
  private static final long DRAIN_LIMIT = 256L * 1024 * 1024;

  private final IngestSbomConfig config;
  private final ApiKeys apiKeys;
  private final StatusWaiters waiters = new StatusWaiters();
  private final SubmissionPublisher publisher;
  private final Properties streamsProps;
  private final java.util.concurrent.ExecutorService restarter =
      java.util.concurrent.Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "ingest-sbom-streams-restart");
            t.setDaemon(true);
            return t;
          });
  private final java.util.concurrent.atomic.AtomicInteger restarts =
      new java.util.concurrent.atomic.AtomicInteger();
  private volatile boolean closing;
  private volatile KafkaStreams streams;
  private final Topology topology;
  private final HttpService http;
  private final JsonFactory dependencyTrackJson;
  private final MeterRegistry meters;
  private final Metrics metrics;

  public SbomIngestService(KafkaSettings kafka, IngestSbomConfig config, Metrics metrics) {
    this(kafka, config, metrics, HttpSecurity.none());
  }

  /**
   * With the service-wide HTTP security of the config file's {@code http} section (TLS, keys that
   * open every route); {@code ingestSbom.apiKeys} add per-project scope on top.
   */
  public SbomIngestService(
      KafkaSettings kafka, IngestSbomConfig config, Metrics metrics, HttpSecurity security) {
    this.config = config;
    this.metrics = metrics;
    this.apiKeys = new ApiKeys(config.apiKeys());
    this.meters =
        metrics == null
            ? new io.micrometer.core.instrument.simple.SimpleMeterRegistry()
            : metrics.registry();
    this.dependencyTrackJson = new JsonFactory();
    dependencyTrackJson.setStreamReadConstraints(
        StreamReadConstraints.builder()
            .maxStringLength((int) Math.min(Integer.MAX_VALUE - 8, dependencyTrackLimit()))
            .build());
    this.topology =
        SbomIngestTopology.build(
            kafka.catalog(), kafka.serdeFactory(), config, waiters, this::countOutcome);
    this.streamsProps = streamsProperties(kafka, config);
    if (metrics != null) {
      metrics.pipeline().registerSbomMeters();
    }
    this.publisher = new SubmissionPublisher(kafka, "vigil-ingest-sbom-api");
    if (metrics != null) {
      metrics.bindKafkaClient(publisher.producer());
    }
    this.streams = startStreams();
    HttpService.Builder api =
        HttpService.builder("ingest-sbom")
            .port(config.httpPort())
            .security(security)
            .readiness(this::health)
            .route("POST", "/api/v1/sbom", this::uploadSbom)
            .route("GET", "/api/v1/sbom/{token}", this::status)
            .route("PUT", "/api/v1/bom", this::dependencyTrackPut)
            .route("POST", "/api/v1/bom", this::dependencyTrackPost)
            .route("GET", "/api/v1/bom/token/{token}", this::dependencyTrackProcessing)
            .route("GET", "/api/v1/event/token/{token}", this::dependencyTrackProcessing)
            .route("GET", "/api/openapi.json", r -> openApi());
    if (metrics != null) {
      api.metrics(metrics);
    }
    this.http = api.start();
    if (!apiKeys.enabled()) {
      log.warn("ingest-sbom: no API keys configured (ingestSbom.apiKeys): the upload API is open");
    }
  }

  /**
   * A new Kafka Streams client. A failed stream thread is replaced; the global (status) thread
   * cannot be, so when it dies (e.g. its checkpoint is ahead of a re-created status topic: Streams
   * wipes that local state, then stops) the whole client is restarted, at most 5 times.
   */
  private KafkaStreams startStreams() {
    KafkaStreams ks = new KafkaStreams(topology, streamsProps);
    ks.setUncaughtExceptionHandler(
        e -> {
          if (Thread.currentThread().getName().endsWith("GlobalStreamThread")) {
            log.error(
                "ingest-sbom status (global) thread failed; restarting the Streams client", e);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
          }
          log.error("ingest-sbom stream thread failed; replacing it", e);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    ks.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR && !closing) {
            restarter.execute(() -> restart(ks));
          }
        });
    if (metrics != null) {
      metrics.bindStreams(ks);
    }
    ks.start();
    return ks;
  }

  private void restart(KafkaStreams failed) {
    failed.close(Duration.ofSeconds(10));
    if (closing || failed != streams) {
      return;
    }
    if (restarts.incrementAndGet() > 5) {
      log.error("ingest-sbom: Kafka Streams failed 5 times; not restarting it again");
      return;
    }
    log.warn("ingest-sbom: restarting Kafka Streams (restart {})", restarts.get());
    streams = startStreams();
  }

  static Properties streamsProperties(KafkaSettings kafka, IngestSbomConfig config) {
    Properties props = kafka.streams(config.applicationId());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads()));
    // an upload waits for its transaction: commit more often than the default 100 ms unless the
    // configuration says otherwise (kafka.properties)
    if (!kafka.clientProperties().containsKey(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG)) {
      props.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "50");
    }
    // statuses are read only once committed, so a status never announces uncommitted events
    props.put(
        StreamsConfig.globalConsumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG),
        "read_committed");
    if (kafka.serdes().registryUrl() != null) {
      props.put("schema.registry.url", kafka.serdes().registryUrl());
    }
    DeadLetterExceptionHandler.install(props, VigilService.INGEST_SBOM, kafka.topicPrefix());
    return props;
  }

  /** Base URL of the API. */
  public String url() {
    return http.url();
  }

  public KafkaStreams streams() {
    return streams;
  }

  public Topology topology() {
    return topology;
  }

  public Health health() {
    boolean running = streams.state() == KafkaStreams.State.RUNNING;
    return Health.of(Map.of("streams", running), Map.of("streams", streams.state().name()));
  }

  // ---- POST /api/v1/sbom -------------------------------------------------------------------

  private HttpResponse uploadSbom(HttpRequest req) throws Exception {
    long t0 = System.nanoTime();
    IngestSbomConfig.ApiKey key = apiKeys.authenticate(req);
    String project = name(req.query("project"), "project", true);
    String version = name(req.query("version"), "version", false);
    ApiKeys.authorize(key, project);
    boolean lenient = flag(req.query("lenient"), "lenient", config.lenient());
    boolean wait = flag(req.query("wait"), "wait", true);
    byte[] document = decoded(body(req, config.maxDocumentBytes()), req);
    Published p =
        publish(document, project, version, req.header("Content-Type"), lenient, "http", key, wait);
    SbomStatus status = p.processing();
    if (wait) {
      status = await(p);
    }
    record("sbom", t0, status);
    if (status.getState() == SbomProcessingState.REJECTED) {
      throw rejection(status);
    }
    return HttpResponse.json(202, uploadResponse(status));
  }

  private static Map<String, Object> uploadResponse(SbomStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", s.getSubmissionId());
    out.put("project", s.getProject());
    out.put("version", s.getProjectVersion());
    out.put("components", s.getComponents());
    out.put("componentsWithoutPurl", s.getComponentsWithoutPurl());
    out.put("state", s.getState().name());
    if (s.getState() == SbomProcessingState.COMPLETED) {
      out.put("added", s.getAdded());
      out.put("removed", s.getRemoved());
      out.put("unchanged", s.getUnchanged());
      out.put("initialInventory", s.getInitialInventory());
    }
    out.put("format", s.getFormat());
    out.put("specVersion", s.getSpecVersion());
    out.put("warnings", s.getWarnings());
    return out;
  }

  // ---- Dependency-Track ---------------------------------------------------------------------

  private long dependencyTrackLimit() {
    return config.maxDocumentBytes() / 3 * 4 + 1024 * 1024;
  }

  /** {@code PUT /api/v1/bom}: JSON with {@code projectName}, {@code projectVersion}, base64 bom. */
  private HttpResponse dependencyTrackPut(HttpRequest req) throws Exception {
    long t0 = System.nanoTime();
    IngestSbomConfig.ApiKey key = apiKeys.authenticate(req);
    byte[] body = body(req, dependencyTrackLimit());
    Map<String, String> fields = new LinkedHashMap<>();
    String bom = null;
    try (JsonParser p = dependencyTrackJson.createParser(body)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw HttpError.badRequest(
            "the body must be a JSON object (Dependency-Track BomSubmitRequest)");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String field = p.currentName();
        JsonToken value = p.nextToken();
        if (field.equals("bom") && value == JsonToken.VALUE_STRING) {
          bom = p.getText();
        } else if (value.isScalarValue() && value != JsonToken.VALUE_NULL) {
          fields.put(field, p.getValueAsString());
        } else {
          p.skipChildren();
        }
      }
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw HttpError.badRequest("the body is not valid JSON: " + e.getOriginalMessage());
    }
    if (bom == null || bom.isBlank()) {
      throw HttpError.badRequest("the field 'bom' (the BOM, base64-encoded) is required");
    }
    byte[] document;
    try {
      document = Base64.getMimeDecoder().decode(bom);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("the field 'bom' is not valid base64: " + e.getMessage());
    }
    return dependencyTrackSubmit(fields, document, null, key, "PUT", t0);
  }

  /** {@code POST /api/v1/bom}: multipart form with {@code projectName}, {@code bom}, ... */
  private HttpResponse dependencyTrackPost(HttpRequest req) throws Exception {
    long t0 = System.nanoTime();
    IngestSbomConfig.ApiKey key = apiKeys.authenticate(req);
    byte[] body = body(req, config.maxDocumentBytes() + 1024 * 1024);
    Map<String, Multipart.Part> parts;
    try {
      parts = Multipart.parse(req.header("Content-Type"), body);
    } catch (IllegalArgumentException e) {
      throw HttpError.badRequest("not a valid multipart/form-data body: " + e.getMessage());
    }
    Multipart.Part bom = parts.get("bom");
    if (bom == null || bom.body().length == 0) {
      throw HttpError.badRequest("the form field 'bom' (the BOM file) is required");
    }
    Map<String, String> fields = new LinkedHashMap<>();
    parts.forEach(
        (name, part) -> {
          if (!name.equals("bom")) {
            fields.put(name, part.text().strip());
          }
        });
    return dependencyTrackSubmit(fields, bom.body(), bom.contentType(), key, "POST", t0);
  }

  private HttpResponse dependencyTrackSubmit(
      Map<String, String> fields,
      byte[] raw,
      String contentType,
      IngestSbomConfig.ApiKey key,
      String method,
      long t0)
      throws Exception {
    String project = fields.get("projectName");
    if ((project == null || project.isBlank()) && fields.containsKey("project")) {
      throw HttpError.badRequest(
          "Vigil has no project UUIDs: identify the project with 'projectName' (and"
              + " 'projectVersion') instead of 'project'");
    }
    project = name(project, "projectName", true);
    String version = name(fields.get("projectVersion"), "projectVersion", false);
    ApiKeys.authorize(key, project);
    byte[] document = Submissions.maybeGunzip(raw, config.maxDocumentBytes());
    Published p =
        publish(
            document,
            project,
            version,
            contentType,
            config.lenient(),
            "dependency-track",
            key,
            false);
    record("bom-" + method.toLowerCase(Locale.ROOT), t0, p.processing());
    return HttpResponse.ok(Map.of("token", p.processing().getSubmissionId()));
  }

  private HttpResponse dependencyTrackProcessing(HttpRequest req) {
    IngestSbomConfig.ApiKey key = apiKeys.authenticate(req);
    SbomStatus s = lookup(req.pathParam("token"));
    if (s != null) {
      ApiKeys.authorize(key, s.getProject());
    }
    return HttpResponse.ok(
        Map.of("processing", s != null && s.getState() == SbomProcessingState.PROCESSING));
  }

  // ---- GET /api/v1/sbom/{token} ------------------------------------------------------------

  private HttpResponse status(HttpRequest req) {
    IngestSbomConfig.ApiKey key = apiKeys.authenticate(req);
    String token = req.pathParam("token");
    SbomStatus s = lookup(token);
    if (s == null) {
      throw HttpError.notFound(
          "no submission '" + token + "' (unknown, or deleted from the history)");
    }
    ApiKeys.authorize(key, s.getProject());
    return HttpResponse.ok(statusJson(s));
  }

  /** The status of a submission from the global store, or null. */
  public SbomStatus lookup(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return null;
    }
    try {
      ReadOnlyKeyValueStore<String, SbomStatus> store =
          streams.store(
              StoreQueryParameters.fromNameAndType(
                  SbomIngestTopology.STATUS_STORE, QueryableStoreTypes.keyValueStore()));
      return store.get(token);
    } catch (InvalidStateStoreException e) {
      throw new HttpError(
          503, "unavailable", "the status store is not ready yet (" + streams.state() + ")");
    }
  }

  /** The JSON form of a status (as GET /api/v1/sbom/{token} answers). */
  public static Map<String, Object> statusJson(SbomStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", s.getSubmissionId());
    out.put("project", s.getProject());
    out.put("version", s.getProjectVersion());
    out.put("projectId", s.getProjectId());
    out.put("state", s.getState().name());
    out.put("format", s.getFormat());
    out.put("specVersion", s.getSpecVersion());
    out.put("components", s.getComponents());
    out.put("componentsWithoutPurl", s.getComponentsWithoutPurl());
    out.put("added", s.getAdded());
    out.put("removed", s.getRemoved());
    out.put("unchanged", s.getUnchanged());
    out.put("initialInventory", s.getInitialInventory());
    out.put("violationCount", s.getViolationCount());
    out.put("violations", s.getViolations());
    out.put("warnings", s.getWarnings());
    out.put("submittedBy", s.getSubmittedBy());
    out.put("receivedAt", s.getReceivedAt().toString());
    out.put("updatedAt", s.getUpdatedAt().toString());
    return out;
  }

  // ---- shared ------------------------------------------------------------------------------

  private record Published(SbomStatus processing, CompletableFuture<SbomStatus> outcome) {}

  /** Validates (400 with every violation), then publishes the status and the document. */
  private Published publish(
      byte[] document,
      String project,
      String version,
      String contentType,
      boolean lenient,
      String channel,
      IngestSbomConfig.ApiKey key,
      boolean wait)
      throws InterruptedException {
    SbomIntake.Result pre = SbomIntake.read(document, lenient);
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
      publisher.publish(envelope, document, processing, config.chunkBytes());
    } catch (ExecutionException e) {
      waiters.forget(token);
      log.error("could not publish SBOM {} for {}", token, project, e.getCause());
      throw new HttpError(503, "unavailable", "the SBOM could not be stored in Kafka; retry later");
    }
    return new Published(processing, outcome);
  }

  private SbomStatus await(Published p) throws InterruptedException {
    try {
      return p.outcome().get(config.uploadWait().toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      waiters.forget(p.processing().getSubmissionId());
      return p.processing();
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    }
  }

  private static HttpError rejection(SbomStatus s) {
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
  private byte[] body(HttpRequest req, long limit) throws IOException {
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
  private byte[] decoded(byte[] body, HttpRequest req) throws IOException {
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
      return Submissions.maybeGunzip(body, config.maxDocumentBytes());
    } catch (Submissions.DocumentTooLargeException e) {
      countRejected();
      throw new HttpError(413, "payload_too_large", e.getMessage());
    } catch (java.util.zip.ZipException | java.io.EOFException e) {
      throw HttpError.badRequest("the body is not valid gzip: " + e.getMessage());
    }
  }

  private static String name(String value, String param, boolean required) {
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

  private static boolean flag(String value, String param, boolean dflt) {
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

  private HttpResponse openApi() throws IOException {
    try (InputStream in = SbomIngestService.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw new IllegalStateException("openapi.json missing from the ingest-sbom jar");
      }
      return new HttpResponse(200, "application/json", in.readAllBytes(), Map.of());
    }
  }

  private void countRejected() {
    if (metrics != null) {
      metrics.pipeline().sbomRejected();
    }
  }

  private void countOutcome(SbomStatus status, String channel) {
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

  private void record(String endpoint, long t0, SbomStatus s) {
    Timer.builder("vigil.sbom.upload")
        .description("SBOM upload requests, from request to response")
        .tag("endpoint", endpoint)
        .tag("state", s.getState().name().toLowerCase(Locale.ROOT))
        .publishPercentileHistogram()
        .register(meters)
        .record(Duration.ofNanos(System.nanoTime() - t0));
  }

  @Override
  public void close() {
    http.close();
    publisher.close();
    closing = true;
    restarter.shutdownNow();
    streams.close(Duration.ofSeconds(30));
  }
}
