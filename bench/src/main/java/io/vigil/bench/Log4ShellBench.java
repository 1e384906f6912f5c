package io.vigil.bench;

import io.vigil.correlator.CoPartitioning;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorTopology;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The Log4Shell moment: N projects × M components loaded into a running correlator (a child JVM), K
 * projects on an affected log4j-core (every project ships log4j-core: the hot package); then a
 * Log4Shell-like advisory is published and the time until the K-th NEW exposure is readable
 * (read_committed) on the exposures topic is measured, per run and per event. Also: state size on
 * disk and the correlator's resident memory, per million component instances.
 */
public final class Log4ShellBench {
  /** Parameters. */
  public record Params(
      int projects,
      int componentsPerProject,
      int affected,
      int runs,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String bootstrapServers) {}

  private Log4ShellBench() {}

  public static Map<String, Object> run(Params p) throws Exception {
    double loadStart = BenchSupport.loadAverage();
    EmbeddedKafka broker = null;
    String bootstrap = p.bootstrapServers();
    if (bootstrap == null) {
      broker = EmbeddedKafka.start();
      bootstrap = broker.bootstrapServers();
    }
    String prefix = "bench" + Long.toString(System.nanoTime(), 36) + ".";
    Path stateDir = Files.createTempDirectory("vigil-bench-log4shell-");
    KafkaSettings kafka = new KafkaSettings(bootstrap, Map.of(), prefix, (short) 1, null, stateDir);
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    Process correlator = null;
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, topics.all());
      correlator =
          CorrelatorProcess.start(
              "correlator",
              bootstrap,
              prefix,
              stateDir,
              p.partitions(),
              p.shards(),
              p.threads(),
              p.cacheMb(),
              "1g");
      String appId = prefix + new CorrelatorConfig(null, null, null, null).applicationId();
      long instances = (long) p.projects() * p.componentsPerProject();
      BenchSupport.log("loading " + instances + " component instances...");
      long t0 = System.nanoTime();
      try (var producer =
          new KafkaProducer<>(
              kafka.producer("bench-components"),
              new StringSerializer(),
              serdes.value(topics.components()))) {
        for (int i = 0; i < p.projects(); i++) {
          for (int j = 0; j < p.componentsPerProject(); j++) {
            ComponentEvent e = BenchSupport.component(i, j, p.affected());
            producer.send(new ProducerRecord<>(topics.components().name(), e.getProjectId(), e));
          }
        }
        producer.flush();
      }
      double produceSeconds = (System.nanoTime() - t0) / 1e9;
      BenchSupport.log(
          String.format("produced in %.1f s; waiting for the correlator", produceSeconds));
      List<String> repartitions =
          List.of(
              topics.components().name(),
              CoPartitioning.topicName(appId, CorrelatorTopology.COMPONENTS_REPARTITION));
      if (!BenchSupport.awaitCaughtUp(admin, appId, repartitions, p.partitions(), 3_600_000)) {
        throw new IllegalStateException("the correlator did not catch up with the load");
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      BenchSupport.log(String.format("loaded and correlated in %.1f s", loadSeconds));

      List<Long> totals = new ArrayList<>();
      List<Long> perEvent = new ArrayList<>();
      try (var advisories =
              new KafkaProducer<>(
                  kafka.producer("bench-advisories"),
                  new StringSerializer(),
                  serdes.value(topics.advisories()));
          var consumer =
              new KafkaConsumer<>(
                  kafka.consumer("bench-reader", "bench-reader"),
                  new StringDeserializer(),
                  serdes.value(topics.exposures()))) {
        List<TopicPartition> parts = new ArrayList<>();
        consumer
            .partitionsFor(topics.exposures().name())
            .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        consumer.assign(parts);
        for (int run = 0; run < p.runs(); run++) {
          consumer.seekToEnd(parts);
          parts.forEach(consumer::position);
          Advisory a =
              BenchSupport.log4shell(
                  "GHSA-bench-" + String.format("%04d", run), "CVE-2099-" + (44228 + run));
          long published = System.currentTimeMillis();
          advisories.send(new ProducerRecord<>(topics.advisories().name(), a.getId(), a)).get();
          int seen = 0;
          long last = published;
          List<Long> latencies = new ArrayList<>();
          long deadline = published + 120_000;
          while (seen < p.affected() && System.currentTimeMillis() < deadline) {
            for (var r : consumer.poll(Duration.ofMillis(20))) {
              ExposureEvent e = r.value();
              if (e.getType() == ExposureType.NEW && e.getAdvisory().getId().equals(a.getId())) {
                long now = System.currentTimeMillis();
                latencies.add(now - published);
                last = now;
                seen++;
              }
            }
          }
          if (seen < p.affected()) {
            throw new IllegalStateException(
                "run " + run + ": only " + seen + " of " + p.affected() + " exposures in 120 s");
          }
          totals.add(last - published);
          perEvent.addAll(latencies);
          BenchSupport.log(
              "run "
                  + run
                  + ": "
                  + (last - published)
                  + " ms to the last of "
                  + seen
                  + " NEW events");
        }
      }
      long rss = BenchSupport.rssBytes(correlator.pid());
      CorrelatorProcess.stop(correlator); // closing flushes the memtables: the disk size is whole
      correlator = null;
      long disk = BenchSupport.diskBytes(stateDir);
      double millions = instances / 1e6;
      List<Long> sortedTotals = BenchSupport.sorted(totals);
      List<Long> sortedEvents = BenchSupport.sorted(perEvent);
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("bench", "log4shell");
      out.put("projects", p.projects());
      out.put("components_per_project", p.componentsPerProject());
      out.put("component_instances", instances);
      out.put("affected", p.affected());
      out.put("partitions", p.partitions());
      out.put("package_shards", p.shards());
      out.put("stream_threads", p.threads());
      out.put("runs", p.runs());
      out.put("advisory_to_last_exposure_ms", sortedTotals.get(sortedTotals.size() / 2));
      out.put("advisory_to_last_exposure_ms_min", sortedTotals.get(0));
      out.put("advisory_to_last_exposure_ms_max", sortedTotals.get(sortedTotals.size() - 1));
      out.put("p50_ms", BenchSupport.quantile(sortedEvents, 0.50));
      out.put("p99_ms", BenchSupport.quantile(sortedEvents, 0.99));
      out.put("load_seconds", Math.round(loadSeconds * 10) / 10.0);
      out.put("state_bytes", disk);
      out.put("state_mb_per_million_components", Math.round(disk / 1e6 / millions * 10) / 10.0);
      out.put("correlator_rss_bytes", rss);
      out.put("rss_mb_per_million_components", Math.round(rss / 1e6 / millions * 10) / 10.0);
      out.put("goal_ms", 2000);
      out.put("cores", Runtime.getRuntime().availableProcessors());
      out.put("load_average_start", loadStart);
      out.put("load_average_end", BenchSupport.loadAverage());
      return out;
    } finally {
      if (correlator != null) {
        CorrelatorProcess.stop(correlator);
      }
      if (broker != null) {
        broker.close();
      }
      BenchSupport.deleteQuietly(stateDir);
    }
  }
}
