package io.vigil.correlator;

import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Health;
import io.vigil.platform.metrics.Metrics;
import io.vigil.platform.streams.DeadLetterExceptionHandler;
import io.vigil.schemas.VigilService;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the correlator topology: Kafka Streams lifecycle, readiness, metrics. */
public final class CorrelatorService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(CorrelatorService.class);

  private final KafkaStreams streams;
  private final Topology topology;

  public CorrelatorService(KafkaSettings kafka, CorrelatorConfig config, Metrics metrics) {
    topology = CorrelatorTopology.build(kafka.catalog(), kafka.serdeFactory(), config);
    Properties props = kafka.streams(config.applicationId());
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(config.streamThreads()));
    props.putAll(serdeProps(kafka));
    DeadLetterExceptionHandler.install(props, VigilService.CORRELATOR, kafka.topicPrefix());
    streams = new KafkaStreams(topology, props);
    if (metrics != null) {
      new io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics(streams)
          .bindTo(metrics.registry());
    }
    streams.setUncaughtExceptionHandler(
        e -> {
          log.error("correlator stream thread failed; replacing it", e);
          return org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler
              .StreamThreadExceptionResponse.REPLACE_THREAD;
        });
  }

  private static Map<String, String> serdeProps(KafkaSettings kafka) {
    if (kafka.serdes().registryUrl() == null) {
      return Map.of();
    }
    return Map.of("schema.registry.url", kafka.serdes().registryUrl());
  }

  public CorrelatorService start() {
    streams.start();
    return this;
  }

  public Topology topology() {
    return topology;
  }

  public KafkaStreams streams() {
    return streams;
  }

  public boolean running() {
    return streams.state() == KafkaStreams.State.RUNNING;
  }

  public Health health() {
    return Health.of(Map.of("streams", running()), Map.of("streams", streams.state().name()));
  }

  @Override
  public void close() {
    streams.close(Duration.ofSeconds(30));
  }
}
