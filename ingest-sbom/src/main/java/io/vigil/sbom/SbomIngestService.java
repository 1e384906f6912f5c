package io.vigil.sbom;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Health;
import io.vigil.platform.metrics.Metrics;
import io.vigil.platform.streams.DeadLetterExceptionHandler;
import io.vigil.sbom.context.ProjectContextApi;
import io.vigil.sbom.context.ProjectRegistry;
import io.vigil.sbom.coverage.CoverageApi;
import io.vigil.sbom.coverage.CoverageMetrics;
import io.vigil.sbom.coverage.LastSboms;
import io.vigil.sbom.dt.DependencyTrackApi;
import io.vigil.sbom.dt.ProjectIndex;
import io.vigil.sbom.dt.QueryApiClient;
import io.vigil.sbom.recovery.Readiness;
import io.vigil.sbom.recovery.StaleGlobalState;
import io.vigil.sbom.triage.AnalysisLogReader;
import io.vigil.sbom.triage.AnalysisView;
import io.vigil.sbom.triage.AnalysisWriter;
import io.vigil.sbom.triage.CurrentDecisions;
import io.vigil.sbom.triage.TriageApi;
import io.vigil.schemas.VigilService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ingest-sbom: the stream processor and the HTTP APIs in front of it. This class runs them (the
 * Kafka Streams client, restarted when its global thread dies; the HTTP server); the routes live
 * with their API: {@link SbomApi} (Vigil's own: {@code POST /api/v1/sbom}, {@code GET
 * /api/v1/sbom/{token}}, {@code /api/openapi.json}), {@link DependencyTrackApi} (the
 * Dependency-Track-compatible surface), both over the shared upload path ({@link Uploads}), and
 * {@link TriageApi} (decisions on the analyses topics, VEX in and out; it also takes the
 * Dependency-Track VEX uploads).
 *
 * <p>API keys ({@code X-Api-Key}) with per-key project scope when configured: 401 without a valid
 * key, 403 outside its projects.
 */
public final class SbomIngestService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(SbomIngestService.class);

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
  private final Metrics metrics;
  private final Uploads uploads;
  private final StatusStore statuses;
  private final ProjectIndex projects = new ProjectIndex();
  private final DependencyTrackApi dependencyTrack;
  private final AnalysisView analyses;
  private final AnalysisLogReader analysisReader;
  private final AnalysisWriter analysisWriter;
  private final LastSboms lastSboms = new LastSboms();
  private final ProjectRegistry registry;
  private final Safeguards safeguards;
  private final Readiness readiness;

  public SbomIngestService(KafkaSettings kafka, IngestSbomConfig config, Metrics metrics) {
    this(kafka, config, metrics, HttpSecurity.none());
  }

  /**
   * With the service-wide HTTP security of the config file's {@code http} section (TLS, keys that
   * open every route); {@code ingestSbom.apiKeys} add per-project scope on top.
   */
  public SbomIngestService(
      KafkaSettings kafka, IngestSbomConfig config, Metrics metrics, HttpSecurity security) {
    this.metrics = metrics;
    this.apiKeys = new ApiKeys(config.apiKeys());
    MeterRegistry meters =
        metrics == null
            ? new io.micrometer.core.instrument.simple.SimpleMeterRegistry()
            : metrics.registry();
    if (metrics != null) {
      metrics.pipeline().registerSbomMeters();
    }
    this.publisher = new SubmissionPublisher(kafka, "vigil-ingest-sbom-api");
    if (metrics != null) {
      metrics.bindKafkaClient(publisher.producer());
    }
    // two instances on one host never share a state directory: by default it is the HTTP port's
    this.streamsProps =
        streamsProperties(
            kafka.withDefaultStateDir(
                config.applicationId(), config.httpPort() > 0 ? "port-" + config.httpPort() : null),
            config);
    this.safeguards = Safeguards.of(config, streamsProps);
    this.readiness = new Readiness(config.stuckAfter());
    safeguards.unproducible().onRefusal(readiness::refused);
    this.uploads = new Uploads(config, apiKeys, publisher, waiters, metrics, meters, safeguards);
    CoverageMetrics coverage = new CoverageMetrics(meters, lastSboms, Clock.systemUTC());
    // triage: decisions on the analyses topics (HTTP, and VEX submissions in the processor)
    this.analyses = new AnalysisView();
    this.analysisReader = new AnalysisLogReader(kafka, analyses, "vigil-ingest-sbom-analyses");
    this.topology =
        SbomIngestTopology.build(
            kafka.catalog(),
            kafka.serdeFactory(),
            config,
            (id, status) -> {
              waiters.onStatus(id, status);
              projects.onStatus(id, status);
              lastSboms.onStatus(id, status);
            },
            (status, channel) -> {
              uploads.countOutcome(status, channel);
              coverage.outcome(status);
            },
            safeguards,
            CurrentDecisions.of(analyses, analysisReader));
    this.statuses = new StatusStore(() -> streams);
    StaleGlobalState.removeIfTopicRecreated(
        streamsProps, kafka.admin(), kafka.catalog().sbomStatus().name());
    this.streams = startStreams();
    HttpService.Builder api =
        HttpService.builder("ingest-sbom")
            .port(config.httpPort())
            .security(security)
            .readiness(this::health);
    new SbomApi(uploads, statuses).register(api);
    this.registry = new ProjectRegistry(kafka, publisher.producer());
    new ProjectContextApi(apiKeys, registry, lastSboms, Clock.systemUTC()).register(api);
    new CoverageApi(apiKeys, lastSboms, Clock.systemUTC()).register(api);
    this.dependencyTrack =
        new DependencyTrackApi(uploads, statuses, projects, config.dependencyTrack(), kafka);
    dependencyTrack.register(api);
    // triage API: VEX in and out
    this.analysisWriter = new AnalysisWriter(kafka, analyses, "vigil-ingest-sbom-triage");
    TriageApi triage =
        new TriageApi(
            analyses,
            analysisReader,
            analysisWriter,
            security,
            apiKeys.enabled() && !security.requiresKey(),
            new QueryApiClient(config.dependencyTrack()),
            uploads,
            config::projectId,
            Clock.systemUTC());
    triage.register(api);
    dependencyTrack.vexReceiver(
        (document, project, version, req) ->
            triage.importDocument(document, project, version, triage.author(req, null)));
    if (metrics != null) {
      api.metrics(metrics);
    }
    this.http = api.start();
    if (!apiKeys.enabled() && !security.requiresKey()) {
      log.warn(
          "ingest-sbom: no API keys configured (http.apiKeys, ingestSbom.apiKeys): the upload API"
              + " is open");
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
          readiness.threadFailed(e, ks);
          return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
    ks.setStateListener(
        (now, before) -> {
          if (now == KafkaStreams.State.ERROR && !closing) {
            restarter.execute(() -> restart(ks));
          } else if (now == KafkaStreams.State.RUNNING && !closing) {
            // the global status store is restored: (re)read the projects from it
            restarter.execute(() -> rebuildProjects(ks));
          }
        });
    if (metrics != null) {
      metrics.bindStreams(ks);
    }
    ks.start();
    return ks;
  }

  private void restart(KafkaStreams failed) {
    closeLeavingTheGroup(failed, Duration.ofSeconds(10));
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

  private void rebuildProjects(KafkaStreams ks) {
    if (closing) {
      return;
    }
    try {
      DependencyTrackApi.rebuild(projects, new StatusStore(() -> ks));
      try (var it = new StatusStore(() -> ks).all()) {
        it.forEachRemaining(kv -> lastSboms.onStatus(kv.key, kv.value));
      }
    } catch (RuntimeException e) {
      log.warn("ingest-sbom: could not read the projects from the status store: {}", e.toString());
    }
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

  /** RUNNING, and no input partition stuck (readiness DOWN names it). */
  public Health health() {
    return readiness.of(streams);
  }

  /** The status of a submission from the global store, or null. */
  public SbomStatus lookup(String token) {
    return statuses.lookup(token);
  }

  /** The JSON form of a status (as GET /api/v1/sbom/{token} answers). */
  public static Map<String, Object> statusJson(SbomStatus s) {
    return StatusStore.json(s);
  }

  @Override
  public void close() {
    http.close();
    dependencyTrack.close();
    analysisWriter.close();
    analysisReader.close();
    registry.close();
    publisher.close();
    closing = true;
    restarter.shutdownNow();
    closeLeavingTheGroup(streams, Duration.ofSeconds(30));
  }

  /**
   * Leaves the group on close: the partitions move to the other (or the restarted) instance at once
   * instead of after the consumer session timeout (dynamic membership; exactly-once makes the
   * hand-over safe), as the correlator does.
   */
  private static void closeLeavingTheGroup(KafkaStreams ks, Duration timeout) {
    ks.close(
        CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(timeout));
  }
}
