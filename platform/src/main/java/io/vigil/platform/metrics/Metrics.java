package io.vigil.platform.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.VigilService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's observability: a Prometheus meter registry with JVM metrics and the {@code service}
 * common tag, Vigil's domain metrics ({@link #pipeline()}), Kafka client and Streams metrics
 * ({@link #bindKafkaClient}, {@link #bindStreams}), and the health checks behind {@code
 * /health/ready} and {@code /health/live} ({@link #readiness()}, {@link #liveness()}), which {@link
 * io.vigil.platform.http.HttpService} serves when given this object.
 *
 * <p>Domain metrics use names under {@code vigil_} ({@link MetricNames}); labels never carry
 * secrets or unbounded values (no URLs, no tokens, no purls, no project names).
 */
public final class Metrics implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Metrics.class);

  private final String service;
  private final PrometheusMeterRegistry registry;
  private final JvmGcMetrics gc;
  private final PipelineMetrics pipeline;
  private final HealthChecks readiness = new HealthChecks();
  private final HealthChecks liveness = new HealthChecks();
  private final List<AutoCloseable> owned = new ArrayList<>();

  public Metrics(String service) {
    this.service = service;
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    registry.config().commonTags("service", service);
    new ClassLoaderMetrics().bindTo(registry);
    new JvmMemoryMetrics().bindTo(registry);
    new JvmThreadMetrics().bindTo(registry);
    new ProcessorMetrics().bindTo(registry);
    new UptimeMetrics().bindTo(registry);
    new FileDescriptorMetrics().bindTo(registry);
    gc = new JvmGcMetrics();
    gc.bindTo(registry);
    pipeline = new PipelineMetrics(registry);
  }

  /** The service name (the {@code service} tag). */
  public String service() {
    return service;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /** Vigil's domain metrics: SBOMs, components, advisories, exposures and their latency. */
  public PipelineMetrics pipeline() {
    return pipeline;
  }

  /** Checks behind {@code /health/ready}. */
  public HealthChecks readiness() {
    return readiness;
  }

  /** Checks behind {@code /health/live} (fail only when a restart is the remedy). */
  public HealthChecks liveness() {
    return liveness;
  }

  /**
   * Exports a Kafka producer's, consumer's or admin client's own metrics ({@code kafka_producer_*},
   * {@code kafka_consumer_*}, {@code kafka_admin_client_*}); returns the client.
   */
  public <T> T bindKafkaClient(T client) {
    KafkaClientMetrics m;
    if (client instanceof Producer<?, ?> p) {
      m = new KafkaClientMetrics(p);
    } else if (client instanceof Consumer<?, ?> c) {
      m = new KafkaClientMetrics(c);
    } else if (client instanceof AdminClient a) {
      m = new KafkaClientMetrics(a);
    } else {
      throw new IllegalArgumentException("not a Kafka client: " + client.getClass());
    }
    m.bindTo(registry);
    synchronized (owned) {
      owned.add(m);
    }
    return client;
  }

  /**
   * Exports Kafka Streams' metrics ({@code kafka_stream_*}) and makes readiness require RUNNING and
   * liveness fail in ERROR.
   */
  public KafkaStreams bindStreams(KafkaStreams streams) {
    KafkaStreamsMetrics m = new KafkaStreamsMetrics(streams);
    m.bindTo(registry);
    synchronized (owned) {
      owned.add(m);
    }
    readiness.add("streams", KafkaChecks.streamsRunning(streams));
    liveness.add("streams", KafkaChecks.streamsNotFailed(streams));
    return streams;
  }

  /** Readiness also requires the cluster to answer (cached for 5 s, 3 s timeout). */
  public Metrics watchBroker(KafkaSettings kafka) {
    KafkaChecks.BrokerCheck check =
        KafkaChecks.brokerReachable(kafka.admin(), Duration.ofSeconds(3), Duration.ofSeconds(5));
    synchronized (owned) {
      owned.add(check);
    }
    readiness.add("kafka", check);
    return this;
  }

  /** Exports {@code vigil_dead_letters{dlq}}: how many records these services' DLQs hold. */
  public Metrics watchDeadLetters(KafkaSettings kafka, VigilService... services) {
    for (VigilService s : services) {
      DeadLetterGauge g =
          new DeadLetterGauge(
              kafka.admin(), kafka.catalog().deadLetters(s).name(), Duration.ofSeconds(15));
      synchronized (owned) {
        owned.add(g);
      }
      Gauge.builder(MetricNames.DEAD_LETTERS, g, DeadLetterGauge::value)
          .description("Records held by the dead-letter topic of a service")
          .tag("dlq", s.id())
          .register(registry);
    }
    return this;
  }

  /** The Prometheus text exposition. */
  public String scrape() {
    return registry.scrape();
  }

  @Override
  public void close() {
    List<AutoCloseable> toClose;
    synchronized (owned) {
      toClose = new ArrayList<>(owned);
      owned.clear();
    }
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception e) {
        log.debug("closing {} failed", c, e);
      }
    }
    gc.close();
    registry.close();
  }
}
