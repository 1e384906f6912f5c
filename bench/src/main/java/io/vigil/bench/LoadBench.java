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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Initial-load throughput: component events/s drained by a correlator warmed with advisories (a
 * child JVM), against a baseline Streams app (one RocksDB get+put per record, same partitions,
 * exactly-once v2, the same RocksDB settings) draining the same component events, and advisory
 * events/s drained by the correlator once it holds every component. Each app drains records that
 * are already on its input topic, so the rate is the app's, not the producer's. {@code rounds}
 * rounds, each on topics of its own, alternate which app drains first (baseline first in even
 * rounds), so a change in the machine's load falls on both; per app and round the rate and the
 * child JVM's CPU per record (user + system, /proc) over the same window.
 */
public final class LoadBench {
  /** Parameters. */
  public record Params(
      int projects,
      int componentsPerProject,
      int advisories,
      int rounds,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String bootstrapServers) {}

  /** One app's drain: records in the timed window, its seconds and the child's CPU over it. */
  private record Drain(long records, double seconds, long cpuMs) {
    double perSecond() {
      return records / seconds;
    }

    double cpuMicrosPerRecord() {
      return cpuMs * 1000.0 / records;
    }
  }

  private LoadBench() {}

  public static Map<String, Object> run(Params p) throws Exception {
    double loadStart = BenchSupport.loadAverage();
    EmbeddedKafka broker = null;
    String bootstrap = p.bootstrapServers();
    if (bootstrap == null) {
      broker = EmbeddedKafka.start();
      bootstrap = broker.bootstrapServers();
    }
    List<Map<String, Object>> rounds = new ArrayList<>();
    try {
      for (int r = 0; r < p.rounds(); r++) {
        rounds.add(round(r, bootstrap, p));
      }
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bench", "load");
    out.put("date", java.time.Instant.now().toString());
    out.put("components", (long) p.projects() * p.componentsPerProject());
    out.put("advisories", p.advisories() - p.advisories() / 2);
    out.put("partitions", p.partitions());
    out.put("package_shards", p.shards());
    out.put("stream_threads", p.threads());
    out.put("rounds", p.rounds());
    for (String k :
        List.of(
            "components_per_s",
            "baseline_per_s",
            "ratio",
            "correlator_cpu_us_per_component",
            "baseline_cpu_us_per_record",
            "cpu_ratio",
            "advisories_per_s")) {
      List<Double> xs = new ArrayList<>();
      rounds.forEach(x -> xs.add(((Number) x.get(k)).doubleValue()));
      xs.sort(Double::compare);
      out.put(k, xs.get(xs.size() / 2));
      out.put(k + "_min", xs.get(0));
      out.put(k + "_max", xs.get(xs.size() - 1));
    }
    out.put("all_rounds", rounds);
    out.put("goal_ratio", 0.7);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("load_average_start", loadStart);
    out.put("load_average_end", BenchSupport.loadAverage());
    return out;
  }

  /** One round on topics of its own (a prefix per round): both apps, in the round's order. */
  private static Map<String, Object> round(int r, String bootstrap, Params p) throws Exception {
    double loadAtStart = BenchSupport.loadAverage();
    String prefix = "bench" + Long.toString(System.nanoTime(), 36) + ".";
    Path stateDir = Files.createTempDirectory("vigil-bench-load-");
    Path baselineDir = Files.createTempDirectory("vigil-bench-baseline-");
    KafkaSettings kafka = new KafkaSettings(bootstrap, Map.of(), prefix, (short) 1, null, stateDir);
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    String appId = prefix + new CorrelatorConfig(null, null, null, null).applicationId();
    long components = (long) p.projects() * p.componentsPerProject();
    String componentsTopic = topics.components().name();
    try (Admin admin = Admin.create(kafka.admin());
        var componentProducer =
            new KafkaProducer<>(
                BenchSupport.producer(kafka, "bench-components"),
                new StringSerializer(),
                serdes.value(topics.components()));
        var advisoryProducer =
            new KafkaProducer<>(
                BenchSupport.producer(kafka, "bench-advisories"),
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
      BenchSupport.log("round " + r + ": producing " + components + " component events...");
      List<ProducerRecord<String, ComponentEvent>> records = new ArrayList<>();
      for (int i = 0; i < p.projects(); i++) {
        for (int j = 0; j < p.componentsPerProject(); j++) {
          ComponentEvent e = BenchSupport.component(i, j, 0);
          records.add(new ProducerRecord<>(componentsTopic, e.getProjectId(), e));
        }
      }
      BenchSupport.sendAll(componentProducer, records);
      records = null;

      Drain baseline = null;
      Drain correlated = null;
      for (String app :
          r % 2 == 0 ? List.of("baseline", "correlator") : List.of("correlator", "baseline")) {
        if (app.equals("baseline")) {
          Process b = start("baseline", bootstrap, prefix, baselineDir, p);
          baseline =
              drain(
                  admin,
                  b,
                  prefix + BaselineApp.APPLICATION_ID,
                  List.of(componentsTopic),
                  componentsTopic,
                  0,
                  components,
                  p);
          CorrelatorProcess.stop(b);
        } else {
          Process c = start("correlator", bootstrap, prefix, stateDir, p);
          correlated =
              drain(
                  admin,
                  c,
                  appId,
                  List.of(
                      componentsTopic,
                      CoPartitioning.topicName(appId, CorrelatorTopology.COMPONENTS_REPARTITION)),
                  componentsTopic,
                  0,
                  components,
                  p);
          CorrelatorProcess.stop(c);
        }
      }

      // advisories into the warm correlator (it now holds every component)
      int more = p.advisories() - warm;
      sendAdvisories(advisoryProducer, topics.advisories().name(), warm, more);
      correlator = start("correlator", bootstrap, prefix, stateDir, p);
      Drain advisories =
          drain(
              admin,
              correlator,
              appId,
              advisoryTopics(appId, topics.advisories().name()),
              topics.advisories().name(),
              warm,
              more,
              p);
      CorrelatorProcess.stop(correlator);

      Map<String, Object> out = new LinkedHashMap<>();
      out.put("round", r);
      out.put("first", r % 2 == 0 ? "baseline" : "correlator");
      out.put("components_per_s", Math.round(correlated.perSecond()));
      out.put("baseline_per_s", Math.round(baseline.perSecond()));
      out.put("ratio", round2(correlated.perSecond() / baseline.perSecond()));
      out.put("correlator_cpu_us_per_component", round1(correlated.cpuMicrosPerRecord()));
      out.put("baseline_cpu_us_per_record", round1(baseline.cpuMicrosPerRecord()));
      out.put("cpu_ratio", round2(baseline.cpuMicrosPerRecord() / correlated.cpuMicrosPerRecord()));
      out.put("advisories_per_s", Math.round(advisories.perSecond()));
      out.put("correlator_window_records", correlated.records());
      out.put("baseline_window_records", baseline.records());
      out.put("load_average_start", loadAtStart);
      out.put("load_average_end", BenchSupport.loadAverage());
      BenchSupport.log("round " + r + ": " + out);
      return out;
    } finally {
      BenchSupport.deleteQuietly(stateDir);
      BenchSupport.deleteQuietly(baselineDir);
    }
  }

  private static double round1(double x) {
    return Math.round(x * 10) / 10.0;
  }

  private static double round2(double x) {
    return Math.round(x * 100) / 100.0;
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
      KafkaProducer<String, Advisory> producer, String topic, int from, int count)
      throws Exception {
    List<ProducerRecord<String, Advisory>> records = new ArrayList<>(count);
    for (int n = from; n < from + count; n++) {
      Advisory a = BenchSupport.libraryAdvisory(n, (n * 7) % BenchSupport.UNIVERSE);
      records.add(new ProducerRecord<>(topic, a.getId(), a));
    }
    BenchSupport.sendAll(producer, records);
  }

  private static void awaitDrained(Admin admin, String group, List<String> topics, Params p)
      throws Exception {
    if (!BenchSupport.awaitQuiescent(admin, group, topics, p.partitions(), 1_800_000)) {
      throw new IllegalStateException(group + " did not drain " + topics);
    }
  }

  /**
   * One app draining {@code total} new records of {@code inputTopic} (after the {@code before} it
   * had committed already): the window runs from its first committed progress on that topic
   * (start-up and rebalancing excluded) to the end of every listed topic; the records are those not
   * yet committed when it opened (the input is produced by a non-transactional producer, so its
   * offsets count records).
   */
  private static Drain drain(
      Admin admin,
      Process app,
      String group,
      List<String> topics,
      String inputTopic,
      long before,
      long total,
      Params p)
      throws Exception {
    long start = 0;
    long cpuStart = 0;
    long committedAtStart = 0;
    long deadline = System.currentTimeMillis() + 1_800_000;
    while (System.currentTimeMillis() < deadline) {
      long committed = BenchSupport.committed(admin, group).getOrDefault(inputTopic, 0L) - before;
      if (committed > 0) {
        start = System.nanoTime();
        cpuStart = BenchSupport.cpuMillis(app.pid());
        committedAtStart = committed;
        break;
      }
      Thread.sleep(20);
    }
    awaitDrained(admin, group, topics, p);
    long cpu = BenchSupport.cpuMillis(app.pid()) - cpuStart;
    return new Drain(total - committedAtStart, (System.nanoTime() - start) / 1e9, cpu);
  }
}
