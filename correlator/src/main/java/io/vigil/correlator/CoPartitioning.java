package io.vigil.correlator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The start-up check that the correlator's repartition topics that meet in one sub-topology have
 * the same partition count (and the count configured): a package's components, advisories and
 * enrichment must land in the same task, or exposures are silently missed. Kafka Streams creates
 * missing repartition topics with the configured count; a topic left from a run with another {@code
 * correlator.partitions} is an error that names the topics and the fix.
 */
public final class CoPartitioning {
  private CoPartitioning() {}

  /** The name Kafka Streams gives a named repartition topic. */
  public static String topicName(String applicationId, String repartition) {
    return applicationId + "-" + repartition + "-repartition";
  }

  /**
   * Throws {@link IllegalStateException} when an existing repartition topic of a co-partitioned
   * group has a partition count other than {@code partitions}.
   *
   * @param applicationId the full Streams application id (with the topic prefix)
   */
  public static void check(Admin admin, String applicationId, int partitions)
      throws InterruptedException {
    List<String> problems = new ArrayList<>();
    for (List<String> group : CorrelatorTopology.CO_PARTITIONED) {
      Map<String, Integer> counts = new TreeMap<>();
      for (String r : group) {
        String topic = topicName(applicationId, r);
        try {
          TopicDescription d =
              admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
          counts.put(topic, d.partitions().size());
        } catch (ExecutionException e) {
          if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
            throw new IllegalStateException(
                "cannot describe " + topic + ": " + e.getCause().getMessage(), e.getCause());
          }
        }
      }
      counts.forEach(
          (topic, n) -> {
            if (n != partitions) {
              problems.add(topic + " has " + n + " partitions");
            }
          });
    }
    if (!problems.isEmpty()) {
      throw new IllegalStateException(
          "correlator repartition topics are not co-partitioned with correlator.partitions="
              + partitions
              + ": "
              + String.join(", ", problems)
              + ". Set correlator.partitions to the existing count, or reset the application"
              + " (kafka-streams-application-reset) before changing it.");
    }
  }
}
