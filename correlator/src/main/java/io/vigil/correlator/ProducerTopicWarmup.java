package io.vigil.correlator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.processor.internals.DefaultKafkaClientSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stream threads' producers know every topic the correlator writes before its first write to
 * it. A producer learns a topic's partitions on its first send there and blocks that send (the
 * stream thread) for a metadata round trip; the topics of the advisory path (the advisory
 * repartitions, the exposure stores' changelogs, the exposures topic, the SYSTEMIC trigger) are
 * first written when the first advisory arrives, so the first disclosure after a start waited for
 * one round trip per topic per thread (a JFR of the cold Log4Shell run: 8 waits of 11–89 ms in
 * {@code KafkaProducer.waitOnMetadata}, none in the warm runs; issue 20).
 *
 * <p>This client supplier keeps the producers it creates; once the instance is RUNNING (every
 * internal topic exists then) {@link #warm} asks each of them for the partitions of the topics this
 * application writes that exist ({@link #topicsToWarm}): a metadata request, nothing produced, no
 * transaction touched, never a topic created. The correlator's producers keep a topic known for
 * {@link #PRODUCER_METADATA_IDLE_MS} after its last use (Kafka's default, 5 minutes, would forget
 * the advisory path's topics between two advisories).
 */
final class ProducerTopicWarmup implements KafkaClientSupplier {
  private static final Logger log = LoggerFactory.getLogger(ProducerTopicWarmup.class);

  /** How long a producer keeps an unused topic's metadata: one day. */
  static final long PRODUCER_METADATA_IDLE_MS = 24L * 60 * 60 * 1000;

  private final KafkaClientSupplier delegate;
  private final List<Producer<byte[], byte[]>> fresh = new ArrayList<>();

  ProducerTopicWarmup() {
    this(new DefaultKafkaClientSupplier());
  }

  /** Over another supplier's clients (tests). */
  ProducerTopicWarmup(KafkaClientSupplier delegate) {
    this.delegate = delegate;
  }

  @Override
  public Admin getAdmin(Map<String, Object> config) {
    return delegate.getAdmin(config);
  }

  @Override
  public synchronized Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
    Producer<byte[], byte[]> p = delegate.getProducer(config);
    fresh.add(p);
    return p;
  }

  @Override
  public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
    return delegate.getConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
    return delegate.getRestoreConsumer(config);
  }

  @Override
  public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
    return delegate.getGlobalConsumer(config);
  }

  /** The producers created since the last call (each is warmed once). */
  synchronized List<Producer<byte[], byte[]>> takeFresh() {
    List<Producer<byte[], byte[]>> out = List.copyOf(fresh);
    fresh.clear();
    return out;
  }

  /**
   * Asks each producer created since the last call for the partitions of the existing topics this
   * application writes (listed by {@code admin}); returns the number of lookups made.
   */
  int warm(Admin admin, String applicationId, TopologyDescription topology)
      throws InterruptedException {
    if (!hasFresh()) {
      return 0;
    }
    try {
      return warm(admin.listTopics().names().get(), applicationId, topology);
    } catch (ExecutionException e) {
      log.warn("producer topic warm-up skipped: cannot list topics", e.getCause());
      return 0;
    }
  }

  private synchronized boolean hasFresh() {
    return !fresh.isEmpty();
  }

  /**
   * As above, given the existing topics. A producer closed meanwhile (a replaced stream thread), or
   * one that cannot reach the cluster, is left to look its topics up on its first sends.
   */
  int warm(Collection<String> existing, String applicationId, TopologyDescription topology) {
    List<Producer<byte[], byte[]>> producers = takeFresh();
    Set<String> topics = topicsToWarm(existing, applicationId, sinkTopics(topology));
    int lookups = 0;
    for (Producer<byte[], byte[]> p : producers) {
      for (String t : topics) {
        try {
          p.partitionsFor(t);
          lookups++;
        } catch (KafkaException e) {
          log.debug("producer topic warm-up: {} not looked up ({})", t, e.toString());
          break; // closed, or the cluster unreachable: its first sends look the topics up
        }
      }
    }
    return lookups;
  }

  /**
   * The existing topics the application writes: its internal ones (changelogs and repartitions,
   * named {@code <applicationId>-…}) and the topology's sink topics.
   */
  static Set<String> topicsToWarm(
      Collection<String> existing, String applicationId, Collection<String> sinkTopics) {
    Set<String> out = new TreeSet<>();
    for (String t : existing) {
      if (t.startsWith(applicationId + "-") || sinkTopics.contains(t)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The sink topics named in a topology's description. */
  static Set<String> sinkTopics(TopologyDescription topology) {
    Set<String> out = new TreeSet<>();
    for (TopologyDescription.Subtopology s : topology.subtopologies()) {
      for (TopologyDescription.Node n : s.nodes()) {
        if (n instanceof TopologyDescription.Sink sink && sink.topic() != null) {
          out.add(sink.topic());
        }
      }
    }
    return out;
  }

  /** The correlator's producer settings this warm-up relies on. */
  static void configure(Properties streams) {
    streams.put(
        org.apache.kafka.streams.StreamsConfig.producerPrefix("metadata.max.idle.ms"),
        Long.toString(PRODUCER_METADATA_IDLE_MS));
  }
}
