package io.vigil.sbom.dt;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Has the correlator processed an accepted SBOM? Dependency-Track's token says "processing" until
 * the vulnerability analysis of the BOM is done, and CI gates read findings right after it says
 * done; so a Vigil token stays "processing" until the correlator has consumed the submission's
 * component events and correlated them, which is read from the correlator's consumer group (its
 * Streams application id) with the admin API, in two stages:
 *
 * <ol>
 *   <li>the project's partition of the components topic, against the offsets it had when the
 *       submission's status was seen COMPLETED (its events are committed before that);
 *   <li>then every partition of the correlator's {@code components-by-package} repartition topic,
 *       against the offsets it had when stage 1 was done (the correlator wrote the re-keyed events
 *       before committing stage 1's offsets).
 * </ol>
 *
 * A partition is caught up when the group's committed offset reached the end offset taken then, or
 * is one short of it while no transaction was open then: both topics are written only in Kafka
 * Streams transactions, so the last record is then a commit marker, which a consumer never commits
 * past until it reads again. Thread-safe; a failing admin call counts as "not yet".
 */
final class CorrelationProgress implements AutoCloseable {
  /** The correlator's repartition topic of component events (CorrelatorTopology). */
  static final String COMPONENTS_REPARTITION = "components-by-package";

  private static final Logger log = LoggerFactory.getLogger(CorrelationProgress.class);
  private static final long TIMEOUT_MS = 5_000;
  private static final int MAX_TRACKED = 10_000;

  private final Admin admin;
  private final String group;
  private final String componentsTopic;
  private final String repartitionTopic;
  private final Map<String, Tracking> tracked =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Tracking> eldest) {
          return size() > MAX_TRACKED;
        }
      };

  /** Where one submission is: the stage and the end offsets it waits for. */
  private static final class Tracking {
    int stage = 1;
    Map<TopicPartition, Long[]> snapshot;
  }

  /**
   * @param admin an admin client of the cluster (closed with this)
   * @param group the correlator's consumer group: topic prefix + its application id
   * @param componentsTopic the components topic's name
   */
  CorrelationProgress(Admin admin, String group, String componentsTopic) {
    this.admin = admin;
    this.group = group;
    this.componentsTopic = componentsTopic;
    this.repartitionTopic = group + "-" + COMPONENTS_REPARTITION + "-repartition";
  }

  /** True once the correlator has correlated the components of this COMPLETED submission. */
  boolean settled(String submissionId, String projectId) {
    Tracking t;
    synchronized (tracked) {
      t = tracked.computeIfAbsent(submissionId, id -> new Tracking());
    }
    synchronized (t) {
      try {
        if (t.stage == 3) {
          return true;
        }
        if (t.stage == 1) {
          if (t.snapshot == null) {
            t.snapshot = snapshot(List.of(partitionOf(projectId)));
          }
          if (!caughtUp(t.snapshot)) {
            return false;
          }
          t.stage = 2;
          t.snapshot = null;
        }
        if (t.snapshot == null) {
          t.snapshot = snapshot(partitions(repartitionTopic));
        }
        if (!caughtUp(t.snapshot)) {
          return false;
        }
        t.stage = 3;
        return true;
      } catch (Exception e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt();
        }
        log.debug("correlation progress of {} unknown for now: {}", submissionId, e.toString());
        return false;
      }
    }
  }

  private TopicPartition partitionOf(String projectId) throws Exception {
    int n = partitions(componentsTopic).size();
    byte[] key = projectId.getBytes(StandardCharsets.UTF_8);
    // the default partitioner of keyed records, which the ingest-sbom Streams sink uses
    return new TopicPartition(componentsTopic, Utils.toPositive(Utils.murmur2(key)) % n);
  }

  private List<TopicPartition> partitions(String topic) throws Exception {
    return admin
        .describeTopics(List.of(topic))
        .allTopicNames()
        .get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
        .get(topic)
        .partitions()
        .stream()
        .map(p -> new TopicPartition(topic, p.partition()))
        .toList();
  }

  /** Per partition {last stable offset, end offset}, the stable one read first. */
  private Map<TopicPartition, Long[]> snapshot(List<TopicPartition> tps) throws Exception {
    Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
    tps.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
    var stable =
        admin
            .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
            .all()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    var end =
        admin
            .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
            .all()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    Map<TopicPartition, Long[]> out = new HashMap<>();
    for (TopicPartition tp : tps) {
      out.put(tp, new Long[] {stable.get(tp).offset(), end.get(tp).offset()});
    }
    return out;
  }

  private boolean caughtUp(Map<TopicPartition, Long[]> snapshot) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            // the offsets committed so far (a transaction's offsets count once it committed)
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
    for (var e : snapshot.entrySet()) {
      if (!caughtUp(committed.get(e.getKey()), e.getValue()[0], e.getValue()[1])) {
        return false;
      }
    }
    return true;
  }

  /**
   * @param committed the group's committed offset, or null
   * @param stable the partition's last stable offset when the snapshot was taken
   * @param end its end offset then
   */
  static boolean caughtUp(OffsetAndMetadata committed, long stable, long end) {
    if (end == 0) {
      return true;
    }
    long c = committed == null ? -1 : committed.offset();
    return c >= end || (c == end - 1 && stable == end);
  }

  @Override
  public void close() {
    admin.close();
  }
}
