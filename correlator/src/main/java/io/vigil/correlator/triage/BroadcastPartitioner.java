package io.vigil.correlator.triage;

import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.streams.processor.StreamPartitioner;

/**
 * Sends every record to every partition (Kafka Streams multicast, KIP-837): triage decisions and
 * policies are few, and every package-shard task needs all of them, whatever packages and projects
 * it holds.
 */
public final class BroadcastPartitioner<K, V> implements StreamPartitioner<K, V> {

  @Override
  public Optional<Set<Integer>> partitions(String topic, K key, V value, int numPartitions) {
    return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
  }
}
