package io.vigil.platform.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * Waits until a pipeline has nothing left to do: every consumer group has committed up to the end
 * of every partition it reads, and nothing moved for a while. Topics written transactionally (Kafka
 * Streams under exactly-once) end with a commit marker that a consumer never commits past until it
 * reads again, so a lag of one is accepted there.
 */
public final class Quiescence {
  private Quiescence() {}

  /**
   * @param groups consumer groups (Streams application ids included) that must be caught up
   * @param transactional which topics are written in transactions (lag of 1 tolerated)
   * @param stableFor how long the offsets must stay unchanged
   * @return true when quiescent, false on timeout
   */
  public static boolean await(
      Admin admin,
      Collection<String> groups,
      Predicate<String> transactional,
      Duration stableFor,
      Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<TopicPartition, Long> lastSnapshot = null;
    long stableSince = 0;
    while (System.nanoTime() < deadline) {
      Map<TopicPartition, Long> snapshot = new HashMap<>();
      boolean caughtUp = true;
      try {
        Map<TopicPartition, Long> committed = new HashMap<>();
        for (String g : groups) {
          Map<TopicPartition, OffsetAndMetadata> offsets =
              admin.listConsumerGroupOffsets(g).partitionsToOffsetAndMetadata().get();
          if (offsets.isEmpty()) {
            caughtUp = false; // the group has not committed anything yet
          }
          offsets.forEach(
              (tp, om) -> {
                if (om != null) {
                  committed.merge(tp, om.offset(), Math::min);
                  snapshot.put(
                      new TopicPartition(g + "|" + tp.topic(), tp.partition()), om.offset());
                }
              });
        }
        Set<TopicPartition> tps = committed.keySet();
        Map<TopicPartition, OffsetSpec> specs = new HashMap<>();
        tps.forEach(tp -> specs.put(tp, OffsetSpec.latest()));
        var ends =
            admin
                .listOffsets(specs, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
                .all()
                .get();
        for (TopicPartition tp : tps) {
          long end = ends.get(tp).offset();
          snapshot.put(tp, end);
          long lag = end - committed.get(tp);
          if (lag > (transactional.test(tp.topic()) ? 1 : 0)) {
            caughtUp = false;
          }
        }
      } catch (java.util.concurrent.ExecutionException e) {
        caughtUp = false;
      }
      long now = System.nanoTime();
      if (!caughtUp || !Objects.equals(snapshot, lastSnapshot)) {
        stableSince = now;
        lastSnapshot = snapshot;
      } else if (now - stableSince >= stableFor.toNanos()) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
