package io.vigil.schemas.serde;

import io.vigil.schemas.SchemaHistory;
import io.vigil.schemas.Topic;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * Builds the serdes for catalog topics from one {@link SerdeConfig}. Keys are UTF-8 strings on
 * every topic; values are Avro. Internal types (state stores, changelogs) use {@link
 * #internal(Class)}: always the registry-free format, since only Vigil reads them.
 */
public final class SerdeFactory {
  private final SerdeConfig config;
  private final SchemaRegistryClient registry;
  private final Map<String, AvroSerde<?>> cache = new ConcurrentHashMap<>();

  public SerdeFactory(SerdeConfig config) {
    this.config = config;
    this.registry =
        config.registryUrl() == null
            ? null
            : new SchemaRegistryClient(config.registryUrl(), config.registryUserInfo());
  }

  /** The default: registry-free single-object encoding. */
  public static SerdeFactory registryFree() {
    return new SerdeFactory(SerdeConfig.registryFree());
  }

  public SerdeConfig config() {
    return config;
  }

  /** String keys (UTF-8). */
  public Serde<String> key() {
    return Serdes.String();
  }

  /** The value serde of a catalog topic (registry subject {@code <topic>-value}). */
  @SuppressWarnings("unchecked")
  public <V> AvroSerde<? extends SpecificRecord> valueUnchecked(Topic<?, V> topic) {
    return cache.computeIfAbsent(
        topic.name(),
        n -> build((Class<? extends SpecificRecord>) topic.valueType(), n + "-value", config));
  }

  /** The value serde of a catalog topic (registry subject {@code <topic>-value}). */
  @SuppressWarnings("unchecked")
  public <V extends SpecificRecord> AvroSerde<V> value(Topic<?, V> topic) {
    return (AvroSerde<V>) valueUnchecked(topic);
  }

  /** A registry-free serde for an internal Avro type (state stores, changelogs, repartitions). */
  @SuppressWarnings("unchecked")
  public <V extends SpecificRecord> AvroSerde<V> internal(Class<V> type) {
    return (AvroSerde<V>)
        cache.computeIfAbsent(
            "internal:" + type.getName(), n -> build(type, null, SerdeConfig.registryFree()));
  }

  private <V extends SpecificRecord> AvroSerde<V> build(
      Class<V> type, String subject, SerdeConfig cfg) {
    String fullName = SpecificData.get().getSchema(type).getFullName();
    return new AvroSerde<>(
        type, subject, cfg, cfg == config ? registry : null, SchemaHistory.writerSchemas(fullName));
  }
}
