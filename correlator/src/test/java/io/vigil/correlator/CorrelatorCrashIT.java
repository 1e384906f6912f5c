package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import io.vigil.testkit.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash, not a close: the correlator runs in its own JVM and is killed with SIGKILL while
 * components stream in (its open transaction, RocksDB memtables and checkpoints die with it), then
 * restarted on the same state directory. Every expected exposure event is read exactly once
 * (read_committed), including those of an advisory published after the restart, which needs the
 * component state rebuilt after the unclean shutdown.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CorrelatorCrashIT {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");
  private static final int PARTITIONS = 2;
  private static final int SHARDS = 2;
  private static final int BEFORE = 40; // 30 affected, 10 fixed
  private static final int STREAMED = 600; // all affected, streamed across the kill
  @TempDir Path stateDir;
  @TempDir Path logs;

  @Test
  void shouldEmitEveryExposureExactlyOnceWhenTheCorrelatorJvmIsKilledMidStream(KafkaBroker broker)
      throws Exception {
    String prefix = "crash" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, null);
    try (Admin admin = Admin.create(kafka.admin())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                TopicAdmin.ensure(admin, kafka.catalog().all());
                return true;
              });
    }
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    List<String> args =
        List.of(
            broker.bootstrapServers(),
            prefix,
            stateDir.toString(),
            Integer.toString(PARTITIONS),
            Integer.toString(SHARDS));
    List<ExposureEvent> seen = new ArrayList<>();
    ChildJvm first = startCorrelator(args, "first");
    ChildJvm second = null;
    try (var components =
            new KafkaProducer<>(
                kafka.producer("crash-components"),
                new StringSerializer(),
                serdes.value(topics.components()));
        var advisories =
            new KafkaProducer<>(
                kafka.producer("crash-advisories"),
                new StringSerializer(),
                serdes.value(topics.advisories()));
        var consumer =
            new KafkaConsumer<>(
                kafka.consumer("reader-" + prefix, "reader"),
                new StringDeserializer(),
                serdes.value(topics.exposures()))) {
      consumer.subscribe(List.of(topics.exposures().name()));

      // 1. 40 projects ship log4j-core (30 affected); Log4Shell lands
      for (int i = 0; i < BEFORE; i++) {
        send(components, kafka, project(i), i < 30 ? "2.14.1" : "2.17.1");
      }
      components.flush();
      Advisory log4shell = Fixtures.log4shell(T0, "2.0", "2.15.0");
      advisories.send(
          new ProducerRecord<>(topics.advisories().name(), log4shell.getId(), log4shell));
      advisories.flush();
      awaitEvents(consumer, seen, 30);

      // 2. 600 more projects stream in (a few per 10 ms); the JVM is killed mid-stream
      AtomicInteger sent = new AtomicInteger();
      Thread stream =
          new Thread(
              () -> {
                for (int i = BEFORE; i < BEFORE + STREAMED; i++) {
                  send(components, kafka, project(i), "2.14.1");
                  if (sent.incrementAndGet() % 5 == 0) {
                    components.flush();
                    sleep(10);
                  }
                }
                components.flush();
              },
              "component-stream");
      stream.start();
      awaitEvents(consumer, seen, 30 + 20);
      // freeze the JVM until it is caught with a transaction open that already wrote exposure
      // events to the broker, and kill it there
      ChildJvm correlator = first;
      await()
          .atMost(Duration.ofMinutes(2))
          .pollInterval(Duration.ofMillis(20))
          .until(
              () -> {
                correlator.freeze();
                if (openTransactionWrote(kafka, topics.exposures().name())) {
                  return true;
                }
                correlator.thaw();
                return false;
              });
      first.kill();
      int sentAtKill = sent.get();
      int seenAtKill = poll(consumer, seen);
      System.err.printf(
          "CorrelatorCrashIT: killed pid %d with %d of %d components sent, %d events seen%n",
          first.pid(), sentAtKill, STREAMED, seenAtKill);
      assertThat(seenAtKill).as("the kill lands mid-stream").isLessThan(30 + STREAMED);
      stream.join(120_000);

      // 3. restart on the same state; then an advisory that needs every component of the state
      second = startCorrelator(args, "second");
      Advisory cve45046 =
          Fixtures.advisory("GHSA-7rjr-3q55-vv33", List.of("CVE-2021-45046"), T0)
              .severity(9.0, "CRITICAL")
              .range(LOG4J, "2.0", "2.16.0")
              .build();
      advisories.send(new ProducerRecord<>(topics.advisories().name(), cve45046.getId(), cve45046));
      advisories.flush();

      int exposed = 30 + STREAMED;
      int expected = 2 * exposed;
      awaitEvents(consumer, seen, expected);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(30))
          .until(() -> poll(consumer, seen) == expected);

      Map<String, Integer> perExposure = new HashMap<>();
      for (ExposureEvent e : seen) {
        assertThat(e.getType()).isEqualTo(ExposureType.NEW);
        perExposure.merge(e.getProjectId() + " " + e.getAdvisory().getId(), 1, Integer::sum);
      }
      assertThat(seen.stream().map(ExposureEvent::getEventId).distinct()).hasSize(expected);
      assertThat(perExposure).hasSize(expected);
      assertThat(perExposure.values()).as("every exposure exactly once").containsOnly(1);
      Set<String> exposures = new TreeSet<>();
      for (int i = 0; i < BEFORE + STREAMED; i++) {
        if (i < 30 || i >= BEFORE) { // the 10 projects on 2.17.1 are not exposed
          exposures.add(project(i) + " GHSA-jfh8-c2jp-5v3q");
          exposures.add(project(i) + " GHSA-7rjr-3q55-vv33");
        }
      }
      assertThat(perExposure.keySet()).isEqualTo(exposures);
      // the killed transaction's exposure events are on the topic, aborted, and were redone
      assertThat(aborted(kafka, topics.exposures().name())).isPositive();
    } catch (AssertionError | RuntimeException e) {
      System.err.println("first correlator:\n" + first.logTail(40));
      if (second != null) {
        System.err.println("second correlator:\n" + second.logTail(40));
      }
      throw e;
    } finally {
      first.close();
      if (second != null) {
        second.stop();
      }
    }
  }

  private ChildJvm startCorrelator(List<String> args, String name) throws Exception {
    return ChildJvm.start(
        CorrelatorChild.class, args, "512m", logs.resolve(name + ".log"), Duration.ofMinutes(3));
  }

  private static String project(int i) {
    return String.format("p%04d", i);
  }

  private static void send(
      KafkaProducer<String, ComponentEvent> p,
      KafkaSettings kafka,
      String project,
      String version) {
    p.send(
        new ProducerRecord<>(
            kafka.catalog().components().name(),
            project,
            Fixtures.component(project, LOG4J_PURL + version, ComponentChange.ADDED, "s1")));
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static int poll(KafkaConsumer<String, ExposureEvent> consumer, List<ExposureEvent> seen) {
    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
    return seen.size();
  }

  private static void awaitEvents(
      KafkaConsumer<String, ExposureEvent> consumer, List<ExposureEvent> seen, int count) {
    await()
        .atMost(Duration.ofMinutes(5))
        .alias("at least " + count + " exposure events")
        .until(() -> poll(consumer, seen) >= count);
  }

  /** Whether a transaction still open has written to the topic (high watermark above the LSO). */
  private static boolean openTransactionWrote(KafkaSettings kafka, String topic) throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
      var written =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_UNCOMMITTED))
              .all()
              .get();
      var committed =
          admin
              .listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED))
              .all()
              .get();
      return written.entrySet().stream()
          .anyMatch(e -> e.getValue().offset() > committed.get(e.getKey()).offset());
    }
  }

  /** Records of a topic that belong to aborted transactions (read_uncommitted − read_committed). */
  private static int aborted(KafkaSettings kafka, String topic) {
    return count(kafka, topic, "read_uncommitted") - count(kafka, topic, "read_committed");
  }

  private static int count(KafkaSettings kafka, String topic, String isolation) {
    Properties p = kafka.consumer("count-" + UUID.randomUUID(), "count");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    try (var c = new KafkaConsumer<>(p, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
      c.subscribe(List.of(topic));
      int n = 0;
      int empty = 0;
      while (empty < 10) {
        int got = c.poll(Duration.ofMillis(300)).count();
        n += got;
        empty = got == 0 ? empty + 1 : 0;
      }
      return n;
    }
  }
}
