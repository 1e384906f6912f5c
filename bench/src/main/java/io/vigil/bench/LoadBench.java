package io.vigil.bench;

import io.vigil.correlator.CoPartitioning;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorTopology;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Initial-load throughput: component events/s and advisory events/s drained by a warm correlator (a
 * child JVM), against a same-run baseline Streams app (one RocksDB get+put per record, same
 * partitions, exactly-once v2) draining the same component events. Each app drains records that are
 * already on its input topic, so the rate is the app's, not the producer's.
 */
public final class LoadBench {
  /** Parameters. */
  public record Params(
      int projects,
      int componentsPerProject,
      int advisories,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String bootstrapServers) {}

  private LoadBench() {}

  public static Map<String, Object> run(Params p) throws Exception {
    double loadStart = BenchSupport.loadAverage();
    EmbeddedKafka broker = null;
    String bootstrap = p.bootstrapServers();
    if (bootstrap == null) {
      broker = EmbeddedKafka.start();
      bootstrap = broker.bootstrapServers();
    }
    String prefix = "bench" + Long.toString(System.nanoTime(), 36) + ".";
    Path stateDir = Files.createTempDirectory("vigil-bench-load-");
    Path baselineDir = Files.createTempDirectory("vigil-bench-baseline-");
    KafkaSettings kafka = new KafkaSettings(bootstrap, Map.of(), prefix, (short) 1, null, stateDir);
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    String appId = prefix + new CorrelatorConfig(null, null, null, null).applicationId();
    long components = (long) p.projects() * p.componentsPerProject();
    try (Admin admin = Admin.create(kafka.admin());
        var componentProducer =
            new KafkaProducer<>(
                kafka.producer("bench-components"),
                new StringSerializer(),
                serdes.value(topics.components()));
        var advisoryProducer =
            new KafkaProducer<>(
                kafka.producer("bench-advisories"),
                new StringSerializer(),
                serdes.value(topics.advisories()))) {
      TopicAdmin.ensure(admin, topics.all());

      // warm the correlator: half of the advisories first
      int warm = p.advisories() / 2;
      sendAdvisories(advisoryProducer, topics.advisories().name(), 0, warm);
      Process correlator = start("correlator", bootstrap, prefix, stateDir, p);
      awaitDrained(admin, appId, advisoryTopics(appId, topics.advisories().name()), p);
      CorrelatorProcess.stop(correlator);

      // components: produced while no app runs, then drained by each app
      BenchSupport.log("producing " + components + " component events...");
      for (int i = 0; i < p.projects(); i++) {
        for (int j = 0; j < p.componentsPerProject(); j++) {
          ComponentEvent e = BenchSupport.component(i, j, 0);
          componentProducer.send(
              new ProducerRecord<>(topics.components().name(), e.getProjectId(), e));
        }
      }
      componentProducer.flush();

      Process baseline = start("baseline", bootstrap, prefix, baselineDir, p);
      double baselineSeconds =
          drainSeconds(
              admin,
              prefix + BaselineApp.APPLICATION_ID,
              List.of(topics.components().name()),
              topics.components().name(),
              p);
      CorrelatorProcess.stop(baseline);

      correlator = start("correlator", bootstrap, prefix, stateDir, p);
      double componentSeconds =
          drainSeconds(
              admin,
              appId,
              List.of(
                  topics.components().name(),
                  CoPartitioning.topicName(appId, CorrelatorTopology.COMPONENTS_REPARTITION)),
              CoPartitioning.topicName(appId, CorrelatorTopology.COMPONENTS_REPARTITION),
              p);
      CorrelatorProcess.stop(correlator);

      // advisories into the warm correlator (it now holds every component)
      int more = p.advisories() - warm;
      sendAdvisories(advisoryProducer, topics.advisories().name(), warm, more);
      correlator = start("correlator", bootstrap, prefix, stateDir, p);
      double advisorySeconds =
          drainSeconds(
              admin,
              appId,
              advisoryTopics(appId, topics.advisories().name()),
              topics.advisories().name(),
              p);
      CorrelatorProcess.stop(correlator);

      double componentsPerS = components / componentSeconds;
      double baselinePerS = components / baselineSeconds;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("bench", "load");
      out.put("components", components);
      out.put("advisories", more);
      out.put("partitions", p.partitions());
      out.put("package_shards", p.shards());
      out.put("stream_threads", p.threads());
      out.put("components_per_s", Math.round(componentsPerS));
      out.put("advisories_per_s", Math.round(more / advisorySeconds));
      out.put("baseline_per_s", Math.round(baselinePerS));
      out.put("ratio", Math.round(componentsPerS / baselinePerS * 100) / 100.0);
      out.put("goal_ratio", 0.5);
      out.put("cores", Runtime.getRuntime().availableProcessors());
      out.put("load_average_start", loadStart);
      out.put("load_average_end", BenchSupport.loadAverage());
      return out;
    } finally {
      if (broker != null) {
        broker.close();
      }
      BenchSupport.deleteQuietly(stateDir);
      BenchSupport.deleteQuietly(baselineDir);
    }
  }

  private static List<String> advisoryTopics(String appId, String advisories) {
    return List.of(
        advisories, CoPartitioning.topicName(appId, CorrelatorTopology.ADVISORIES_REPARTITION));
  }

  private static Process start(String mode, String bootstrap, String prefix, Path dir, Params p)
      throws Exception {
    return CorrelatorProcess.start(
        mode, bootstrap, prefix, dir, p.partitions(), p.shards(), p.threads(), p.cacheMb(), "1g");
  }

  private static void sendAdvisories(
      KafkaProducer<String, Advisory> producer, String topic, int from, int count) {
    for (int n = from; n < from + count; n++) {
      Advisory a = BenchSupport.libraryAdvisory(n, (n * 7) % BenchSupport.UNIVERSE);
      producer.send(new ProducerRecord<>(topic, a.getId(), a));
    }
    producer.flush();
  }

  private static void awaitDrained(Admin admin, String group, List<String> topics, Params p)
      throws Exception {
    if (!BenchSupport.awaitCaughtUp(admin, group, topics, p.partitions(), 1_800_000)) {
      throw new IllegalStateException(group + " did not drain " + topics);
    }
  }

  /**
   * Seconds from the first committed progress on {@code progressTopic} to the end of every topic
   * (start-up and rebalancing excluded).
   */
  private static double drainSeconds(
      Admin admin, String group, List<String> topics, String progressTopic, Params p)
      throws Exception {
    long start = 0;
    long deadline = System.currentTimeMillis() + 1_800_000;
    while (System.currentTimeMillis() < deadline) {
      long committed = BenchSupport.committed(admin, group).getOrDefault(progressTopic, 0L);
      if (committed > 0) {
        start = System.nanoTime();
        break;
      }
      Thread.sleep(20);
    }
    awaitDrained(admin, group, topics, p);
    return (System.nanoTime() - start) / 1e9;
  }
}
