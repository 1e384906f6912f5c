package io.vigil.platform.kafka;

import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.Secret;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeConfig;
import io.vigil.schemas.serde.SerdeFactory;
import io.vigil.schemas.serde.WireFormat;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.StreamsConfig;

/**
 * How every Vigil client reaches Kafka: bootstrap servers, pass-through client properties (TLS,
 * SASL/SCRAM, mTLS: the standard {@code security.protocol}, {@code ssl.*}, {@code sasl.*} keys,
 * applied to producers, consumers, admin and Streams alike), the topic prefix and replication of
 * the catalog, and the serde format.
 *
 * <p>Config file section {@code kafka}:
 *
 * <pre>
 * kafka:
 *   bootstrapServers: broker1:9092,broker2:9092   # default localhost:9092
 *   topicPrefix: ""                               # prepended to every topic name
 *   replicationFactor: 1                          # 3 on a real cluster
 *   properties:                                   # any Kafka client property
 *     security.protocol: SASL_SSL
 *     sasl.mechanism: SCRAM-SHA-512
 *     sasl.jaas.config: ${file:/run/secrets/kafka-jaas}
 *   schemaRegistry:                               # optional: Confluent wire format
 *     url: https://registry:8081
 *     userInfo: ${env:SR_USER_INFO}
 *     autoRegister: true
 * </pre>
 *
 * <p>Mutual TLS instead of SASL: {@code security.protocol: SSL} with {@code ssl.keystore.location},
 * {@code ssl.keystore.password: ${file:...}}, {@code ssl.key.password} and the trust store; a PEM
 * CA works as {@code ssl.truststore.type: PEM} + {@code ssl.truststore.location}. The same keys go
 * to every client (see {@code KafkaSecurityIT}, which runs admin, producer, consumer and Streams
 * over SASL_SSL/SCRAM-SHA-512 and over mTLS) and can be given as {@code -X key=value} flags.
 *
 * @param bootstrapServers {@code host:port[,host:port]}
 * @param clientProperties extra client properties (secrets allowed: never logged by Vigil)
 * @param topicPrefix topic name prefix
 * @param replicationFactor replication of created topics (and of Streams internal topics)
 * @param serdes value serde settings
 * @param stateDir where Kafka Streams keeps RocksDB state ({@code kafka.stateDir}; null: a
 *     directory of this instance under the temp dir, see {@link #defaultStateDir})
 */
public record KafkaSettings(
    String bootstrapServers,
    Map<String, String> clientProperties,
    String topicPrefix,
    short replicationFactor,
    SerdeConfig serdes,
    Path stateDir) {

  public KafkaSettings {
    if (bootstrapServers == null || bootstrapServers.isBlank()) {
      throw new IllegalArgumentException("bootstrap servers must be set");
    }
    clientProperties = Map.copyOf(clientProperties == null ? Map.of() : clientProperties);
    topicPrefix = topicPrefix == null ? "" : topicPrefix;
    serdes = serdes == null ? SerdeConfig.registryFree() : serdes;
  }

  /** Plain settings for a local broker: no security, registry-free serdes, replication 1. */
  public static KafkaSettings local(String bootstrapServers) {
    return new KafkaSettings(
        bootstrapServers, Map.of(), "", (short) 1, SerdeConfig.registryFree(), null);
  }

  /** The {@code kafka} section of the config file (secrets resolved from env/files). */
  public static KafkaSettings fromConfig(ConfigSource config) {
    Section s = config.bind("kafka", Section.class);
    SerdeConfig serdes =
        s.schemaRegistry() == null || s.schemaRegistry().url() == null
            ? SerdeConfig.registryFree()
            : new SerdeConfig(
                WireFormat.CONFLUENT,
                s.schemaRegistry().url(),
                s.schemaRegistry().userInfo() == null
                    ? null
                    : s.schemaRegistry().userInfo().reveal(),
                s.schemaRegistry().autoRegister() == null || s.schemaRegistry().autoRegister());
    return new KafkaSettings(
        s.bootstrapServers() == null ? "localhost:9092" : s.bootstrapServers(),
        config.properties("kafka", "properties"),
        s.topicPrefix(),
        s.replicationFactor() == null ? 1 : s.replicationFactor(),
        serdes,
        s.stateDir() == null ? null : Path.of(s.stateDir()));
  }

  /** The config file's {@code kafka} section. */
  public record Section(
      String bootstrapServers,
      String topicPrefix,
      Short replicationFactor,
      Map<String, Object> properties,
      Registry schemaRegistry,
      String stateDir) {}

  /** The {@code kafka.schemaRegistry} section. */
  public record Registry(String url, Secret userInfo, Boolean autoRegister) {}

  public KafkaSettings withBootstrapServers(String servers) {
    return new KafkaSettings(
        servers, clientProperties, topicPrefix, replicationFactor, serdes, stateDir);
  }

  public KafkaSettings withSerdes(SerdeConfig cfg) {
    return new KafkaSettings(
        bootstrapServers, clientProperties, topicPrefix, replicationFactor, cfg, stateDir);
  }

  public KafkaSettings withStateDir(Path dir) {
    return new KafkaSettings(
        bootstrapServers, clientProperties, topicPrefix, replicationFactor, serdes, dir);
  }

  /**
   * These settings with {@link #defaultStateDir} of this instance when no state directory is
   * configured ({@code instance}: e.g. {@code port-8083}; null: this process).
   */
  public KafkaSettings withDefaultStateDir(String applicationId, String instance) {
    return stateDir != null ? this : withStateDir(defaultStateDir(applicationId, instance));
  }

  /**
   * Where a Streams app keeps its state when {@code kafka.stateDir} is not set: {@code
   * <java.io.tmpdir>/vigil-streams/<prefix + application id>-<instance>}, the instance being the
   * HTTP port the service listens on ({@code port-8083}: stable across restarts, and two services
   * on one host cannot share a port) or, without one, this process ({@code pid-1234}: a restart
   * restores its state from the changelogs). Never Kafka's own default {@code
   * <tmp>/kafka-streams/<application id>}, which two instances on one host would share, and where
   * Streams refuses the second.
   */
  public Path defaultStateDir(String applicationId, String instance) {
    String who = instance != null ? instance : "pid-" + ProcessHandle.current().pid();
    return Path.of(System.getProperty("java.io.tmpdir"), "vigil-streams")
        .resolve(topicPrefix + applicationId + "-" + who);
  }

  public KafkaSettings withClientProperties(Map<String, String> extra) {
    Map<String, String> m = new TreeMap<>(clientProperties);
    m.putAll(extra);
    return new KafkaSettings(bootstrapServers, m, topicPrefix, replicationFactor, serdes, stateDir);
  }

  public TopicCatalog catalog() {
    return new TopicCatalog(topicPrefix, replicationFactor);
  }

  public SerdeFactory serdeFactory() {
    return new SerdeFactory(serdes);
  }

  private Properties base() {
    Properties p = new Properties();
    p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
    p.putAll(clientProperties);
    return p;
  }

  /** Admin client properties. */
  public Properties admin() {
    return base();
  }

  /**
   * An idempotent producer with acks=all (no duplicates on retry, nothing acknowledged
   * unreplicated).
   */
  public Properties producer(String clientId) {
    Properties p = base();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "5");
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(128 * 1024));
    p.put(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, Integer.toString(TopicCatalog.MAX_MESSAGE_BYTES));
    p.putAll(clientProperties);
    return p;
  }

  /** A transactional producer (exactly-once read-process-write outside Kafka Streams). */
  public Properties transactionalProducer(String clientId, String transactionalId) {
    Properties p = producer(clientId);
    p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    return p;
  }

  /** A consumer reading committed data only, from the earliest offset, committing by hand. */
  public Properties consumer(String groupId, String clientId) {
    Properties p = base();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.putAll(clientProperties);
    return p;
  }

  /**
   * Consumer properties for a reader of assigned partitions outside any group: no {@code group.id},
   * nothing committed, read_committed, from the earliest offset (state read back at start, a
   * compacted status topic, a live tail).
   */
  public Properties reader(String clientId) {
    Properties p = consumer("unused", clientId);
    p.remove(ConsumerConfig.GROUP_ID_CONFIG);
    return p;
  }

  /**
   * Kafka Streams properties: exactly-once v2, explicit naming of internal resources enforced,
   * replication of internal topics as the catalog's, 100 ms commits (the latency budget), the state
   * directory ({@code kafka.stateDir}, else {@link #defaultStateDir} of this process).
   */
  public Properties streams(String applicationId) {
    Properties p = base();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, topicPrefix + applicationId);
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, Short.toString(replicationFactor));
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, "100");
    p.put("ensure.explicit.internal.resource.naming", "true");
    p.put("processing.exception.handler.global.enabled", "true");
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
        Integer.toString(TopicCatalog.MAX_MESSAGE_BYTES));
    p.put(StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "lz4");
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), "5");
    // a commit flushes each partition's batch: with small records (components, changelog
    // entries) 64 KiB batches mean a quarter of the batches, compressor set-ups and broker appends
    p.put(
        StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), Integer.toString(64 << 10));
    p.put(
        StreamsConfig.topicPrefix("min.insync.replicas"),
        Integer.toString(Math.max(1, replicationFactor - 1)));
    p.put(
        StreamsConfig.STATE_DIR_CONFIG,
        (stateDir != null ? stateDir : defaultStateDir(applicationId, null)).toString());
    p.putAll(clientProperties);
    return p;
  }

  @Override
  public String toString() {
    // client properties may hold secrets (sasl.jaas.config, ssl passwords): keys only
    return "KafkaSettings[bootstrap="
        + bootstrapServers
        + ", properties="
        + clientProperties.keySet()
        + ", topicPrefix='"
        + topicPrefix
        + "', replication="
        + replicationFactor
        + ", serdes="
        + serdes
        + "]";
  }
}
