package io.vigil.sbom.recovery;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Inputs whose output could not be produced: a record the broker refused (too large for the topic,
 * say), which under exactly-once aborts the whole transaction. Streams then processes the same
 * input again; without this, it would fail the same way forever and block every later submission of
 * its partition. The production handler ({@link DeadLetteringProductionHandler}) marks the input
 * here; the processor, meeting a marked input again, rejects it (status REJECTED and a dead letter,
 * in the new transaction, outside the failed one) instead of producing it, and moves on.
 *
 * <p>In memory, per instance, at most {@link #MAX_ENTRIES} inputs: after a restart an input that
 * still cannot be produced fails once more, is marked again, and is then rejected. Thread-safe (the
 * stream threads share it).
 */
public final class UnproducibleInputs {
  /** Streams config key under which the service hands this object to the production handler. */
  public static final String CONFIG = "vigil.sbom.unproducible.inputs";

  static final int MAX_ENTRIES = 10_000;

  /**
   * Why an input could not be produced (the first refusal), every topic that refused a record of
   * it, and how many records were refused.
   */
  public record Failure(String reason, Set<String> failedTopics, int refusals) {
    public Failure {
      failedTopics = Set.copyOf(failedTopics);
    }
  }

  private record Input(String topic, int partition, long offset) {}

  private volatile java.util.function.BiConsumer<org.apache.kafka.common.TopicPartition, String>
      listener = (tp, reason) -> {};

  /** Also tells {@code listener} (readiness) about each refusal, with the input's partition. */
  public void onRefusal(
      java.util.function.BiConsumer<org.apache.kafka.common.TopicPartition, String> listener) {
    this.listener = listener;
  }

  private final Map<Input, Failure> failures =
      new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Input, Failure> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  /** Records that the output of this input could not be produced to {@code failedTopic}. */
  public synchronized Failure mark(
      String topic, int partition, long offset, String failedTopic, String reason) {
    Input key = new Input(topic, partition, offset);
    Failure previous = failures.get(key);
    Set<String> topics = new HashSet<>(previous == null ? Set.of() : previous.failedTopics());
    topics.add(failedTopic);
    Failure next =
        previous == null
            ? new Failure(reason, topics, 1)
            : new Failure(previous.reason(), topics, previous.refusals() + 1);
    failures.put(key, next);
    listener.accept(new org.apache.kafka.common.TopicPartition(topic, partition), reason);
    return next;
  }

  /** The failure recorded for this input, or null. */
  public synchronized Failure failure(String topic, int partition, long offset) {
    return failures.get(new Input(topic, partition, offset));
  }

  public synchronized int size() {
    return failures.size();
  }
}
