package io.vigil.bench;

import io.vigil.correlator.CoPartitioning;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorTopology;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.EpssScore;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A daily EPSS file re-scores the open exposures (issue 17): N projects × M components and A
 * library advisories (each with its CVE) are loaded into a running correlator (a child JVM) and
 * their exposures collected; then two EPSS files of C CVEs each (the real file has ~300,000) are
 * published on the EPSS topic as ingest-advisories would, and the time until the correlator has
 * committed the file through its whole enrichment path (EPSS topic → by-CVE → by-package) is
 * measured, with the UPDATED events it caused.
 *
 * <p>Day 0 gives every CVE a first score below the SSVC poc threshold (0.001–0.05). Day 1 moves
 * every 20th CVE by +0.3 (a material change that also crosses the threshold) and the others by at
 * most ±0.004 (noise, never material). The day-1 result set is checked against an independent
 * count: the UPDATED events (cause ENRICHMENT_UPDATED) name exactly the open exposures of the moved
 * CVEs, each once — only material changes are emitted.
 */
public final class EpssRescoreBench {
  /** Parameters. */
  public record Params(
      int projects,
      int componentsPerProject,
      int advisories,
      int cves,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String bootstrapServers) {}

  /** Every {@code MOVED}-th CVE moves materially on day 1. */
  static final int MOVED = 20;

  private EpssRescoreBench() {}

  /** The CVE of library advisory / EPSS line {@code i}. */
  static String cve(int i) {
    return "CVE-2099-" + (100000 + i);
  }

  /** The day-0 score of CVE {@code i}: 0.001–0.05, below the poc threshold. */
  static double day0(int i) {
    return 0.001 + (Math.floorMod(i * 2654435761L, 1000) / 1000.0) * 0.049;
  }

  /** The day-1 score: +0.3 for every {@link #MOVED}-th CVE, else at most ±0.004 of noise. */
  static double day1(int i) {
    if (i % MOVED == 0) {
      return day0(i) + 0.3;
    }
    double noise = (Math.floorMod(i * 40503L, 9) - 4) / 1000.0;
    return Math.max(0.0001, day0(i) + noise);
  }

  public static Map<String, Object> run(Params p) throws Exception {
    double loadStart = BenchSupport.loadAverage();
    EmbeddedKafka broker = null;
    String bootstrap = p.bootstrapServers();
    if (bootstrap == null) {
      broker = EmbeddedKafka.start();
      bootstrap = broker.bootstrapServers();
    }
    String prefix = "bench" + Long.toString(System.nanoTime(), 36) + ".";
    Path stateDir = Files.createTempDirectory("vigil-bench-epss-");
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
      long t0 = System.nanoTime();
      try (var producer =
          new KafkaProducer<>(
              BenchSupport.producer(kafka, "bench-components"),
              new StringSerializer(),
              serdes.value(topics.components()))) {
        for (int i = 0; i < p.projects(); i++) {
          for (int j = 0; j < p.componentsPerProject(); j++) {
            ComponentEvent e = BenchSupport.component(i, j, 0);
            producer.send(new ProducerRecord<>(topics.components().name(), e.getProjectId(), e));
          }
        }
        producer.flush();
      }
      try (var producer =
          new KafkaProducer<>(
              BenchSupport.producer(kafka, "bench-advisories"),
              new StringSerializer(),
              serdes.value(topics.advisories()))) {
        for (int n = 0; n < p.advisories(); n++) {
          // distinct libraries (7 is coprime with the universe's 20,000)
          Advisory a = BenchSupport.libraryAdvisory(n, (n * 7) % BenchSupport.UNIVERSE);
          producer.send(new ProducerRecord<>(topics.advisories().name(), a.getId(), a));
        }
        producer.flush();
      }
      List<String> inputs =
          List.of(
              topics.components().name(),
              topics.advisories().name(),
              CoPartitioning.topicName(appId, CorrelatorTopology.COMPONENTS_REPARTITION),
              CoPartitioning.topicName(appId, CorrelatorTopology.ADVISORIES_REPARTITION));
      for (String t : inputs) {
        if (!BenchSupport.awaitCommittedEverything(admin, appId, List.of(t), 3_600_000)) {
          throw new IllegalStateException("the correlator did not catch up with " + t);
        }
      }
      if (!BenchSupport.awaitQuiescent(admin, appId, inputs, p.partitions(), 3_600_000)) {
        throw new IllegalStateException("the correlator's later stages did not catch up");
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      try (var consumer =
          new KafkaConsumer<>(
              kafka.consumer("bench-epss-reader", "bench-epss-reader"),
              new StringDeserializer(),
              serdes.value(topics.exposures()))) {
        List<TopicPartition> parts = new ArrayList<>();
        consumer
            .partitionsFor(topics.exposures().name())
            .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        consumer.assign(parts);
        consumer.seekToBeginning(parts);
        Map<String, String> open = new HashMap<>(); // exposure id -> CVE
        readToEnd(
            consumer,
            parts,
            e -> {
              if (e.getType() == ExposureType.NEW) {
                open.put(e.getExposureId(), e.getAdvisory().getAliases().get(0));
              } else if (e.getType() == ExposureType.RESOLVED) {
                open.remove(e.getExposureId());
              }
            });
        BenchSupport.log(
            String.format(
                "loaded %d component instances and %d advisories in %.1f s: %d open exposures",
                (long) p.projects() * p.componentsPerProject(),
                p.advisories(),
                loadSeconds,
                open.size()));
        Map<String, Object> day0 = publishDay(0, p, kafka, admin, appId, consumer, parts, null);
        Set<String> expected = new HashSet<>();
        open.forEach(
            (id, cve) -> {
              int i = Integer.parseInt(cve.substring("CVE-2099-".length())) - 100000;
              if (i % MOVED == 0 && i < p.cves()) {
                expected.add(id);
              }
            });
        Map<String, Object> day1 = publishDay(1, p, kafka, admin, appId, consumer, parts, expected);
        long rss = BenchSupport.rssBytes(correlator.pid());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("bench", "epss-rescore");
        out.put("date", Instant.now().toString());
        out.put("projects", p.projects());
        out.put("components_per_project", p.componentsPerProject());
        out.put("advisories", p.advisories());
        out.put("open_exposures", open.size());
        out.put("epss_cves", p.cves());
        out.put("load_seconds", Math.round(loadSeconds * 10) / 10.0);
        out.put("day0", day0);
        out.put("day1", day1);
        out.put("goal_ms", 60_000);
        out.put("correlator_rss_bytes", rss);
        out.put("partitions", p.partitions());
        out.put("package_shards", p.shards());
        out.put("stream_threads", p.threads());
        out.put("cores", Runtime.getRuntime().availableProcessors());
        out.put("load_average_start", loadStart);
        out.put("load_average_end", BenchSupport.loadAverage());
        return out;
      }
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

  /**
   * Publishes day {@code day}'s file, waits until the correlator committed it through the
   * enrichment path, and reads the UPDATED events it caused; with {@code expected}, checks that
   * they name exactly those exposures, each once.
   */
  private static Map<String, Object> publishDay(
      int day,
      Params p,
      KafkaSettings kafka,
      Admin admin,
      String appId,
      KafkaConsumer<String, ExposureEvent> consumer,
      List<TopicPartition> parts,
      Set<String> expected)
      throws Exception {
    var topics = kafka.catalog();
    LocalDate date = LocalDate.of(2099, 1, 1).plusDays(day);
    Instant now = Instant.now();
    long t0 = System.nanoTime();
    try (var producer =
        new KafkaProducer<>(
            BenchSupport.producer(kafka, "bench-epss-" + day),
            new StringSerializer(),
            kafka.serdeFactory().value(topics.epss()))) {
      for (int i = 0; i < p.cves(); i++) {
        double score = day == 0 ? day0(i) : day1(i);
        EpssScore s =
            EpssScore.newBuilder()
                .setCveId(cve(i))
                .setEpss(score)
                .setPercentile(Math.min(1.0, score * 2))
                .setScoreDate(date)
                .setModelVersion("v2025.03.14")
                .setIngestedAt(now)
                .build();
        producer.send(new ProducerRecord<>(topics.epss().name(), s.getCveId(), s));
      }
      producer.flush();
    }
    long producedMs = (System.nanoTime() - t0) / 1_000_000;
    // the path in order: each stage's end offsets are final once the stage before has committed
    for (String t :
        List.of(
            topics.epss().name(),
            CoPartitioning.topicName(appId, CorrelatorTopology.CVE_ENRICHMENT_REPARTITION),
            CoPartitioning.topicName(appId, CorrelatorTopology.PACKAGE_ENRICHMENT_REPARTITION))) {
      if (!BenchSupport.awaitCommittedEverything(admin, appId, List.of(t), 1_800_000)) {
        throw new IllegalStateException("day " + day + ": the correlator did not commit " + t);
      }
    }
    long committedMs = (System.nanoTime() - t0) / 1_000_000;
    List<String> updated = new ArrayList<>();
    int[] others = {0};
    readToEnd(
        consumer,
        parts,
        e -> {
          if (e.getType() == ExposureType.UPDATED
              && e.getCause() == ExposureCause.ENRICHMENT_UPDATED) {
            updated.add(e.getExposureId());
          } else {
            others[0]++;
          }
        });
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("produced_ms", producedMs);
    out.put("committed_ms", committedMs);
    out.put("updated_events", updated.size());
    out.put("other_events", others[0]);
    if (expected != null) {
      Set<String> distinct = new HashSet<>(updated);
      boolean exact =
          distinct.equals(expected) && updated.size() == expected.size() && others[0] == 0;
      if (!exact) {
        Set<String> missing = new HashSet<>(expected);
        missing.removeAll(distinct);
        Set<String> extra = new HashSet<>(distinct);
        extra.removeAll(expected);
        throw new IllegalStateException(
            String.format(
                "day %d: %d UPDATED for %d exposures, expected %d (missing %d, not material %d,"
                    + " %d other events)",
                day,
                updated.size(),
                distinct.size(),
                expected.size(),
                missing.size(),
                extra.size(),
                others[0]));
      }
      out.put("result_set_verified", true);
    }
    BenchSupport.log(
        String.format(
            "day %d: %,d EPSS scores produced in %d ms, committed by the correlator %d ms after the"
                + " first; %d UPDATED%s",
            day,
            p.cves(),
            producedMs,
            committedMs,
            updated.size(),
            expected == null ? "" : " (exactly the material changes)"));
    return out;
  }

  private static void readToEnd(
      KafkaConsumer<String, ExposureEvent> consumer,
      List<TopicPartition> parts,
      java.util.function.Consumer<ExposureEvent> sink) {
    Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
    while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
      consumer.poll(Duration.ofMillis(100)).forEach(r -> sink.accept(r.value()));
    }
  }
}
