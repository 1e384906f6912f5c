package io.vigil.testkit.kafka;

/** A running Kafka broker (or cluster) that tests talk to. */
public interface KafkaBroker {

  /** {@code host:port[,host:port]} for clients. */
  String bootstrapServers();

  /** Where it comes from: {@code external}, {@code testcontainers} or {@code in-process}. */
  String kind();
}
