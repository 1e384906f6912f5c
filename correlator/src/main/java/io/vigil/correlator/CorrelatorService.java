package io.vigil.correlator;

import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.http.PeerClient;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Health;
import io.vigil.platform.metrics.Metrics;
import io.vigil.platform.streams.DeadLetterExceptionHandler;
import io.vigil.schemas.VigilService;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.apache.kafka.streams.state.HostInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the correlator: the topology under Kafka Streams (exactly-once v2, bounded RocksDB, DLQ for
 * poison records, a replaced thread on an unexpected failure), the checks before start (client
 * properties that would void exactly-once, co-partitioning, the settings the state was built with:
 * {@link StartupChecks}, {@link CoPartitioning}), and the HTTP side (query API, {@code /metrics},
 * {@code /health}) unless {@code httpPort} is {@code -1}.
 */
public final class CorrelatorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CorrelatorService.class);

  private final KafkaSettings kafka;
  private final CorrelatorConfig config;
  private final KafkaStreams streams;
  private final Topology topology;
  private final HttpService http;
  private final Properties streamsConfig;

  public CorrelatorService(KafkaSettings kafka, CorrelatorConfig config, Metrics metrics) {
    this(kafka, config, metrics, HttpSecurity.none());
  }

  /**
   * @param security API keys and TLS of the HTTP side (probes stay open)
   */
  public CorrelatorService(
      KafkaSettings kafka, CorrelatorConfig config, Metrics metrics, HttpSecurity security) {
    this.kafka = kafka;
    this.config = config;
    refuseApplicationServerOverride(kafka.clientProperties());
    StartupChecks.refuseOverrides(kafka.clientProperties());
    topology = CorrelatorTopology.build(kafka.catalog(), kafka.serdeFactory(), config);
    KafkaStreams[] holder = new KafkaStreams[1];
    QueryApi queries =
        new QueryApi(
            () -> holder[0], config.packageShards(), config.partitions(), PeerClient.of(security));
    if (config.httpPort() >= 0) {
      HttpService.Builder b =
          HttpService.builder("correlator")
              .port(config.httpPort())
              .readiness(this::health)
              .security(security);
      if (metrics != null) {
        b.metrics(metrics);
      }
      queries.register(b);
      RemediationRoutes remediation =
          new RemediationRoutes(
              queries.cluster(),
              config.remediation().policy(),
              Clock.systemUTC(),
              config.partitions());
      remediation.register(b);
      new KevEvidenceRoutes(queries.cluster(), config.remediation().policy(), Clock.systemUTC())
          .register(b);
      new RiskRoutes(queries.cluster(), config.systemic().enabled()).register(b);
      if (metrics != null) {
        OverdueGauge.register(metrics.registry(), remediation::localOverdue);
      }
      http = b.start();
      queries.self(new HostInfo(config.advertisedHost(), http.port()));
    } else {
      http = null;
    }
    // two instances on one host never share a state directory: by default it is the HTTP port's
    Properties props =
        streamsProperties(
            kafka.withDefaultStateDir(
                config.applicationId(), http == null ? null : "port-" + http.port()),
            config);
    streamsConfig = (Properties) props.clone();
    if (http != null) {
      props.put(
          StreamsConfig.APPLICATION_SERVER_CONFIG, config.advertisedHost() + ":" + http.port());
    }
    DeadLetterExceptionHandler.install(props, VigilService.CORRELATOR, kafka.topicPrefix());
    ProducerTopicWarmup producers = new ProducerTopicWarmup();
    streams = new KafkaStreams(topology, props, producers);
    holder[0] = streams;
    if (metrics != null) {
      new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams)
          .bindTo(metrics.registry());
    }
    String id = kafka.topicPrefix() + config.applicationId();
    streams.setStateListener(
        (now, before) -> {
          log.info("correlator {}: {} -> {}", id, before, now);
          if (now == KafkaStreams.State.RUNNING) {
            warmProducers(producers, id);
          }
        });
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("correlator stream thread failed; replacing it", e);
          return StreamThreadExceptionResponse.REPLACE_THREAD;
        });
  }

  /** The producers' topic metadata fetched off the stream thread ({@link ProducerTopicWarmup}). */
  private void warmProducers(ProducerTopicWarmup producers, String applicationId) {
    Thread t =
        new Thread(
            () -> {
              try (Admin admin = Admin.create(kafka.admin())) {
                int lookups = producers.warm(admin, applicationId, topology.describe());
                if (lookups > 0) {
                  log.info(
                      "correlator {}: producers know the {} topic lookups they will need",
                      applicationId,
                      lookups);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              } catch (RuntimeException e) {
                log.warn("correlator {}: producer topic warm-up failed", applicationId, e);
              }
            },
            "correlator-producer-warmup");
    t.setDaemon(true);
    t.start();
  }

  /**
   * {@code application.server} is this instance's query API address, {@code
   * correlator.advertisedHost} and the port the HTTP server bound: a client property of that name
   * would be overwritten (or, without HTTP, advertise an API that is not there), so it is refused.
   */
  static void refuseApplicationServerOverride(Map<String, String> clientProperties) {
    if (clientProperties.containsKey(StreamsConfig.APPLICATION_SERVER_CONFIG)) {
      throw new IllegalArgumentException(
          "kafka.properties."
              + StreamsConfig.APPLICATION_SERVER_CONFIG
              + " must not be set for the correlator: it advertises correlator.advertisedHost"
              + " (--advertised-host) with its HTTP port; set that instead");
    }
  }

  /** Streams properties of the correlator (without the DLQ handler and application server). */
  static Properties streamsProperties(KafkaSettings kafka, CorrelatorConfig config) {
    Properties props = kafka.streams(config.applicationId());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads()));
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
    props.put(BoundedRocksDb.CACHE_BYTES, Long.toString((long) config.rocksdbCacheMb() << 20));
    props.put(
        BoundedRocksDb.WRITE_BUFFER_BYTES,
        Long.toString((long) config.rocksdbWriteBufferMb() << 20));
    // under exactly-once a task's output is visible at commit: keep the record cache small so a
    // burst of exposures is not held back, and commit often (KafkaSettings: 100 ms)
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(8L << 20));
    // the package-shard tasks read three repartitions (components, advisories, enrichment) and
    // usually only one has data: with the default (0) a task waits for a fetch of the empty ones
    // before each batch (and Streams formats a diagnostic string per check). The rules do not
    // depend on the interleaving of the three (an advisory and a component meet whichever comes
    // first), so process what is buffered at once.
    props.put(
        StreamsConfig.MAX_TASK_IDLE_MS_CONFIG,
        Long.toString(StreamsConfig.MAX_TASK_IDLE_MS_DISABLED));
    // the advisory path's topics stay known to the producers between advisories
    ProducerTopicWarmup.configure(props);
    if (kafka.serdes().registryUrl() != null) {
      props.putAll(Map.of("schema.registry.url", kafka.serdes().registryUrl()));
    }
    return props;
  }

  public CorrelatorService start() {
    String applicationId = kafka.topicPrefix() + config.applicationId();
    try (Admin admin = Admin.create(kafka.admin())) {
      CoPartitioning.check(admin, applicationId, config.partitions());
      StartupChecks.checkState(admin, kafka, applicationId, config);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while checking the correlator's state", e);
    }
    // the first advisory after a start should not run its path interpreted (AdvisoryPathWarmup)
    AdvisoryPathWarmup.start(config.ssvc().settings());
    streams.start();
    return this;
  }

  /** The Streams properties this instance runs with (tests: the state directory). */
  Properties streamsConfig() {
    return streamsConfig;
  }

  public Topology topology() {
    return topology;
  }

  public KafkaStreams streams() {
    return streams;
  }

  /** Base URL of the query API, or null without HTTP. */
  public String url() {
    return http == null ? null : http.url();
  }

  public boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  public Health health() {
    KafkaStreams s = streams;
    String state = s == null ? "NEW" : s.state().name();
    return Health.of(Map.of("streams", s != null && running()), Map.of("streams", state));
  }

  @Override
  public void close() {
    // leave the group: the partitions move to the other instances at once instead of after the
    // session timeout (dynamic membership; exactly-once makes the hand-over safe)
    streams.close(
        org.apache.kafka.streams.CloseOptions.groupMembershipOperation(
                org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
            .withTimeout(Duration.ofSeconds(30)));
    if (http != null) {
      http.close();
    }
  }
}
