package io.vigil.schemas;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * One topic of the catalog: its name and everything needed to create it and to read and write it.
 * Instances come only from {@link TopicCatalog}; nothing else spells a topic name.
 *
 * @param name full topic name, prefix included
 * @param partitions partition count
 * @param replicationFactor replication factor
 * @param cleanupPolicy {@code delete}, {@code compact} or {@code compact,delete}
 * @param retention how long records are kept ({@code null}: forever)
 * @param keyType key class (always {@code String}: UTF-8 keys, readable by any client)
 * @param valueType Avro-generated value class
 * @param keyMeaning what the key is (for docs)
 * @param description what flows on the topic (for docs)
 * @param extraConfigs further topic configs ({@code max.message.bytes}, ...)
 */
public record Topic<K, V>(
    String name,
    int partitions,
    short replicationFactor,
    String cleanupPolicy,
    Duration retention,
    Class<K> keyType,
    Class<V> valueType,
    String keyMeaning,
    String description,
    Map<String, String> extraConfigs) {

  public Topic {
    Objects.requireNonNull(name, "name");
    if (partitions < 1) {
      throw new IllegalArgumentException("partitions must be >= 1 for " + name);
    }
    if (replicationFactor < 1) {
      throw new IllegalArgumentException("replication factor must be >= 1 for " + name);
    }
    extraConfigs = Map.copyOf(extraConfigs);
  }

  /** The topic-level configs to create it with (cleanup, retention, min ISR and the extras). */
  public Map<String, String> configs() {
    var m = new java.util.TreeMap<String, String>(extraConfigs);
    m.put("cleanup.policy", cleanupPolicy);
    m.put("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
    m.put("min.insync.replicas", Integer.toString(minInSyncReplicas()));
    return m;
  }

  /** Replication 3 tolerates one broker down with acks=all: min ISR is RF-1, at least 1. */
  public int minInSyncReplicas() {
    return Math.max(1, replicationFactor - 1);
  }

  @Override
  public String toString() {
    return name;
  }
}
