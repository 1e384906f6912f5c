package io.vigil.platform.kafka;

import io.vigil.schemas.Topic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the catalog's topics idempotently and reports drift: a topic that exists with other
 * partitions, replication or configs than the catalog says is reported, never silently changed.
 */
public final class TopicAdmin {
  private TopicAdmin() {}

  /** What happened to one topic. */
  public enum Outcome {
    CREATED,
    UP_TO_DATE,
    DRIFT
  }

  /** One line of the report: the topic, the outcome and, for drift, every difference. */
  public record Result(String topic, Outcome outcome, List<String> differences) {
    @Override
    public String toString() {
      return topic + ": " + outcome + (differences.isEmpty() ? "" : " " + differences);
    }
  }

  /** Creates missing topics, then checks every topic against the catalog. */
  public static List<Result> ensure(Admin admin, Collection<? extends Topic<?, ?>> topics)
      throws InterruptedException {
    try {
      Set<String> existing = admin.listTopics().names().get();
      List<NewTopic> missing = new ArrayList<>();
      for (Topic<?, ?> t : topics) {
        if (!existing.contains(t.name())) {
          missing.add(
              new NewTopic(t.name(), t.partitions(), t.replicationFactor()).configs(t.configs()));
        }
      }
      Set<String> created = missing.stream().map(NewTopic::name).collect(Collectors.toSet());
      if (!missing.isEmpty()) {
        var results = admin.createTopics(missing).values();
        for (var e : results.entrySet()) {
          try {
            e.getValue().get();
          } catch (ExecutionException ex) {
            if (!(ex.getCause() instanceof TopicExistsException)) {
              throw ex; // a concurrent creator is fine; anything else is not
            }
            created.remove(e.getKey());
          }
        }
      }
      return checkWhenVisible(admin, topics, created);
    } catch (ExecutionException e) {
      throw new IllegalStateException(
          "topic creation failed: " + e.getCause().getMessage(), e.getCause());
    }
  }

  /**
   * On a multi-broker cluster a topic just created is not yet known to every broker (metadata
   * propagates asynchronously): describing it can fail with UnknownTopicOrPartition for a moment.
   * Retries for up to 30 s.
   */
  private static List<Result> checkWhenVisible(
      Admin admin, Collection<? extends Topic<?, ?>> topics, Set<String> created)
      throws InterruptedException, ExecutionException {
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
    while (true) {
      try {
        return check(admin, topics, created);
      } catch (ExecutionException e) {
        if (!(e.getCause() instanceof UnknownTopicOrPartitionException)
            || System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }

  /** Compares existing topics with the catalog without changing anything. */
  public static List<Result> check(
      Admin admin, Collection<? extends Topic<?, ?>> topics, Set<String> created)
      throws InterruptedException, ExecutionException {
    List<String> names = topics.stream().map(Topic::name).toList();
    Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
    List<ConfigResource> resources =
        names.stream().map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList();
    Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all().get();
    List<Result> out = new ArrayList<>();
    for (Topic<?, ?> t : topics) {
      List<String> diffs = new ArrayList<>();
      TopicDescription d = descriptions.get(t.name());
      if (d.partitions().size() != t.partitions()) {
        diffs.add("partitions " + d.partitions().size() + " (catalog " + t.partitions() + ")");
      }
      int rf = d.partitions().get(0).replicas().size();
      if (rf != t.replicationFactor()) {
        diffs.add("replication " + rf + " (catalog " + t.replicationFactor() + ")");
      }
      Config c = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, t.name()));
      for (var e : t.configs().entrySet()) {
        var entry = c.get(e.getKey());
        String actual = entry == null ? null : entry.value();
        if (!e.getValue().equals(actual)) {
          diffs.add(e.getKey() + "=" + actual + " (catalog " + e.getValue() + ")");
        }
      }
      Outcome o =
          created.contains(t.name())
              ? Outcome.CREATED
              : diffs.isEmpty() ? Outcome.UP_TO_DATE : Outcome.DRIFT;
      out.add(new Result(t.name(), o, diffs));
    }
    return out;
  }
}
