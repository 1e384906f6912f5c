package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

/**
 * The stream threads' producers are asked, once each, for the partitions of the existing topics the
 * correlator writes (its internal topics and its sink topics), and of no other topic; nothing is
 * produced.
 */
class ProducerTopicWarmupTest {
  private static final String APP = "vigil-correlator";
  private static final TopicCatalog TOPICS = TopicCatalog.local();
  private static final TopologyDescription TOPOLOGY =
      CorrelatorTopology.build(
              TOPICS, SerdeFactory.registryFree(), new CorrelatorConfig(null, 6, 1, -1))
          .describe();

  @Test
  void theSinkTopicsIncludeTheExposuresTopic() {
    assertThat(ProducerTopicWarmup.sinkTopics(TOPOLOGY)).contains(TOPICS.exposures().name());
  }

  @Test
  void warmsTheApplicationsInternalTopicsAndItsSinkTopicsThatExist() {
    List<String> existing =
        List.of(
            APP + "-exposures-store-changelog",
            APP + "-advisories-by-package-repartition",
            "other-app-exposures-store-changelog",
            TOPICS.exposures().name(),
            TOPICS.components().name());

    assertThat(
            ProducerTopicWarmup.topicsToWarm(
                existing, APP, ProducerTopicWarmup.sinkTopics(TOPOLOGY)))
        .containsExactly(
            APP + "-advisories-by-package-repartition",
            APP + "-exposures-store-changelog",
            TOPICS.exposures().name());
  }

  @Test
  void eachProducerIsAskedOnceForEveryTopicAndNothingIsProduced() {
    List<RecordingProducer> made = new ArrayList<>();
    ProducerTopicWarmup supplier = new ProducerTopicWarmup(suppliedBy(made));
    supplier.getProducer(Map.of());
    supplier.getProducer(Map.of());
    List<String> existing = List.of(APP + "-exposures-store-changelog", TOPICS.exposures().name());

    assertThat(supplier.warm(existing, APP, TOPOLOGY)).isEqualTo(4);
    assertThat(supplier.warm(existing, APP, TOPOLOGY)).isZero(); // warmed already
    supplier.getProducer(Map.of()); // a replaced stream thread's
    assertThat(supplier.warm(existing, APP, TOPOLOGY)).isEqualTo(2);

    assertThat(made).hasSize(3);
    for (RecordingProducer p : made) {
      assertThat(p.lookedUp)
          .containsExactly(APP + "-exposures-store-changelog", TOPICS.exposures().name());
      assertThat(p.history()).isEmpty();
    }
  }

  @Test
  void theProducersKeepAnUnusedTopicKnownForADay() {
    Properties props = new Properties();

    ProducerTopicWarmup.configure(props);

    assertThat(props).containsEntry("producer.metadata.max.idle.ms", "86400000");
  }

  /** A mock producer that records the topics it was asked about. */
  private static final class RecordingProducer extends MockProducer<byte[], byte[]> {
    final List<String> lookedUp = new ArrayList<>();

    RecordingProducer() {
      super(true, null, new ByteArraySerializer(), new ByteArraySerializer());
    }

    @Override
    public synchronized List<PartitionInfo> partitionsFor(String topic) {
      lookedUp.add(topic);
      return super.partitionsFor(topic);
    }
  }

  private static KafkaClientSupplier suppliedBy(List<RecordingProducer> made) {
    return new KafkaClientSupplier() {
      @Override
      public Admin getAdmin(Map<String, Object> config) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Producer<byte[], byte[]> getProducer(Map<String, Object> config) {
        RecordingProducer p = new RecordingProducer();
        made.add(p);
        return p;
      }

      @Override
      public Consumer<byte[], byte[]> getConsumer(Map<String, Object> config) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Consumer<byte[], byte[]> getRestoreConsumer(Map<String, Object> config) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Consumer<byte[], byte[]> getGlobalConsumer(Map<String, Object> config) {
        throw new UnsupportedOperationException();
      }
    };
  }
}
