package io.vigil.bench;

import io.vigil.correlator.CoPartitioning;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorTopology;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * The Log4Shell moment: N projects × M components loaded into a running correlator (a child JVM),
 * every project shipping log4j-core (the hot package); then Log4Shell-like advisories are published
 * one by one and the time until the K-th NEW exposure is readable (read_committed) on the exposures
 * topic is measured, per run and per event. The first advisory after the load is the cold run (what
 * a real disclosure gets) and is reported apart from the warm ones. Each run's result set is
 * checked: once the correlator has committed the advisory, its NEW events name exactly the K
 * affected projects, each once, and no other event names the advisory.
 *
 * <p>With {@code suppress}, each advisory's exposures are then decided away portfolio-wide: a
 * not_affected decision for every log4j-core (scope PORTFOLIO, keyed by the CVE alias as a security
 * team would write it) is published on the analyses topic, and the time until the K-th SUPPRESSED
 * event is measured and its result set checked the same way (issue 15's "a portfolio decision
 * suppresses 1,000 open exposures in < 2 s").
 *
 * <p>With {@code fixPlanQueries} N, once every advisory has been published, the portfolio fix plan
 * ({@code GET /api/v1/fix-plan}, issue 16: "over 10,000 projects × 200 components answers in < 1
 * s") is asked N times of the correlator's query API and timed, the first (cold) apart; its first
 * upgrade is checked: log4j-core, to be upgraded in every affected project, resolving every NEW
 * exposure the runs produced.
 *
 * <p>With several affected counts (a curve, {@code --affected 1000,5000,10000}), the projects are
 * in tiers of log4j-core versions ({@link BenchSupport#log4jVersion}) and each run publishes one
 * advisory per count, the smallest first ({@link BenchSupport#log4shellTier}). Also: state size on
 * disk and the correlator's resident memory, per million component instances.
 */
public final class Log4ShellBench {
  /** Parameters ({@code affected}: ascending affected counts, one advisory each per run). */
  public record Params(
      int projects,
      int componentsPerProject,
      List<Integer> affected,
      int runs,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String bootstrapServers,
      boolean suppress,
      int fixPlanQueries) {}

  /**
   * One advisory's publication; {@code suppressMs}: with {@link Params#suppress}, the time from the
   * portfolio decision to the last of its SUPPRESSED events (else -1).
   */
  private record Publication(
      int run, int tier, int affected, long totalMs, List<Long> perEvent, long suppressMs) {}

  private Log4ShellBench() {}

  public static Map<String, Object> run(Params p) throws Exception {
    double loadStart = BenchSupport.loadAverage();
    int[] tiers = p.affected().stream().mapToInt(Integer::intValue).toArray();
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
    int queryPort = p.fixPlanQueries() > 0 ? BenchSupport.freePort() : -1;
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
              "1g",
              queryPort);
      String appId = prefix + new CorrelatorConfig(null, null, null, null).applicationId();
      long instances = (long) p.projects() * p.componentsPerProject();
      BenchSupport.log("loading " + instances + " component instances...");
      long t0 = System.nanoTime();
      try (var producer =
          new KafkaProducer<>(
              BenchSupport.producer(kafka, "bench-components"),
              new StringSerializer(),
              serdes.value(topics.components()))) {
        for (int i = 0; i < p.projects(); i++) {
          for (int j = 0; j < p.componentsPerProject(); j++) {
            ComponentEvent e = BenchSupport.component(i, j, tiers);
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
      if (!BenchSupport.awaitQuiescent(admin, appId, repartitions, p.partitions(), 3_600_000)) {
        throw new IllegalStateException("the correlator did not catch up with the load");
      }
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      BenchSupport.log(String.format("loaded and correlated in %.1f s", loadSeconds));

      List<Publication> publications = new ArrayList<>();
      try (var advisories =
              new KafkaProducer<>(
                  BenchSupport.producer(kafka, "bench-advisories"),
                  new StringSerializer(),
                  serdes.value(topics.advisories()));
          var decisions =
              new KafkaProducer<>(
                  BenchSupport.producer(kafka, "bench-analyses"),
                  new StringSerializer(),
                  serdes.value(topics.analyses()));
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
          for (int k = 0; k < tiers.length; k++) {
            consumer.seekToEnd(parts);
            parts.forEach(consumer::position);
            int n = run * tiers.length + k;
            String id = "GHSA-bench-" + String.format("%04d", n);
            String cve = "CVE-2099-" + (44228 + n);
            Advisory a =
                tiers.length == 1
                    ? BenchSupport.log4shell(id, cve)
                    : BenchSupport.log4shellTier(id, cve, k);
            publications.add(
                publish(
                    run,
                    k,
                    tiers[k],
                    a,
                    cve,
                    advisories,
                    decisions,
                    consumer,
                    parts,
                    admin,
                    appId,
                    topics,
                    p,
                    correlator.pid()));
          }
        }
      }
      Map<String, Object> fixPlan =
          p.fixPlanQueries() > 0
              ? Log4ShellFollowUps.fixPlan(
                  "http://127.0.0.1:" + queryPort,
                  p.fixPlanQueries(),
                  tiers[tiers.length - 1],
                  publications.stream().mapToLong(x -> x.affected()).sum())
              : null;
      long rss = BenchSupport.rssBytes(correlator.pid());
      CorrelatorProcess.stop(correlator); // closing flushes the memtables: the disk size is whole
      correlator = null;
      long disk = BenchSupport.diskBytes(stateDir);
      double millions = instances / 1e6;
      Map<String, Object> out = new LinkedHashMap<>();
      out.put("bench", "log4shell");
      out.put("date", java.time.Instant.now().toString());
      out.put("projects", p.projects());
      out.put("components_per_project", p.componentsPerProject());
      out.put("component_instances", instances);
      out.put("affected", tiers.length == 1 ? tiers[0] : p.affected());
      out.put("partitions", p.partitions());
      out.put("package_shards", p.shards());
      out.put("stream_threads", p.threads());
      out.put("runs", p.runs());
      Publication cold = publications.get(0);
      out.put("cold_ms", cold.totalMs());
      out.put("cold_affected", cold.affected());
      List<Map<String, Object>> curve = new ArrayList<>();
      for (int k = 0; k < tiers.length; k++) {
        int tier = k;
        List<Long> warm = new ArrayList<>();
        List<Long> all = new ArrayList<>();
        List<Long> events = new ArrayList<>();
        for (Publication x : publications) {
          if (x.tier() == tier) {
            all.add(x.totalMs());
            events.addAll(x.perEvent());
            if (x != cold) {
              warm.add(x.totalMs());
            }
          }
        }
        List<Long> sortedWarm = BenchSupport.sorted(warm);
        List<Long> sortedEvents = BenchSupport.sorted(events);
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("affected", tiers[k]);
        t.put("runs_ms", all);
        if (!sortedWarm.isEmpty()) {
          t.put("warm_ms_min", sortedWarm.get(0));
          t.put("warm_ms_median", sortedWarm.get(sortedWarm.size() / 2));
          t.put("warm_ms_max", sortedWarm.get(sortedWarm.size() - 1));
        }
        t.put("p50_ms", BenchSupport.quantile(sortedEvents, 0.50));
        t.put("p99_ms", BenchSupport.quantile(sortedEvents, 0.99));
        if (p.suppress()) {
          List<Long> suppress = new ArrayList<>();
          for (Publication x : publications) {
            if (x.tier() == tier) {
              suppress.add(x.suppressMs());
            }
          }
          // the first decision is the cold one: the correlator has not yet met an analysis
          t.put("suppress_runs_ms", suppress);
          List<Long> warmSuppress =
              BenchSupport.sorted(suppress.subList(tier == 0 ? 1 : 0, suppress.size()));
          if (!warmSuppress.isEmpty()) {
            t.put("suppress_warm_ms_min", warmSuppress.get(0));
            t.put("suppress_warm_ms_median", warmSuppress.get(warmSuppress.size() / 2));
            t.put("suppress_warm_ms_max", warmSuppress.get(warmSuppress.size() - 1));
          }
        }
        curve.add(t);
      }
      if (tiers.length == 1) {
        // the keys of the earlier results (every run, the cold one included)
        List<Long> totals =
            BenchSupport.sorted(publications.stream().map(x -> x.totalMs()).toList());
        out.put("advisory_to_last_exposure_ms", totals.get(totals.size() / 2));
        out.put("advisory_to_last_exposure_ms_min", totals.get(0));
        out.put("advisory_to_last_exposure_ms_max", totals.get(totals.size() - 1));
        out.putAll(curve.get(0));
        out.put("affected", tiers[0]);
      } else {
        out.put("curve", curve);
      }
      out.put("result_sets_verified", publications.size());
      if (fixPlan != null) {
        out.put("portfolio_fix_plan", fixPlan);
      }
      out.put("load_seconds", Math.round(loadSeconds * 10) / 10.0);
      out.put("state_bytes", disk);
      out.put("state_mb_per_million_components", Math.round(disk / 1e6 / millions * 10) / 10.0);
      out.put("correlator_rss_bytes", rss);
      out.put("rss_mb_per_million_components", Math.round(rss / 1e6 / millions * 10) / 10.0);
      out.put("goal_ms", 2000);
      out.put("goal_cold_ms", 1000);
      if (p.suppress()) {
        out.put("suppress_goal_ms", 2000);
      }
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

  /**
   * Publishes one advisory, times its NEW events until the {@code affected}-th, then (untimed)
   * reads on until the correlator has committed the advisory and checks the result set.
   */
  private static Publication publish(
      int run,
      int tier,
      int affected,
      Advisory a,
      String cve,
      KafkaProducer<String, Advisory> advisories,
      KafkaProducer<String, Analysis> decisions,
      KafkaConsumer<String, ExposureEvent> consumer,
      List<TopicPartition> parts,
      Admin admin,
      String appId,
      io.vigil.schemas.TopicCatalog topics,
      Params p,
      long correlatorPid)
      throws Exception {
    long cpu0 = BenchSupport.cpuMillis(correlatorPid);
    long published = System.currentTimeMillis();
    advisories.send(new ProducerRecord<>(topics.advisories().name(), a.getId(), a)).get();
    List<String> newProjects = new ArrayList<>();
    int others = 0;
    long last = published;
    long emittedFirst = Long.MAX_VALUE;
    long emittedLast = 0;
    List<Long> latencies = new ArrayList<>();
    long deadline = published + 120_000;
    while (newProjects.size() < affected && System.currentTimeMillis() < deadline) {
      for (var r : consumer.poll(Duration.ofMillis(20))) {
        ExposureEvent e = r.value();
        if (!e.getAdvisory().getId().equals(a.getId())) {
          continue;
        }
        if (e.getType() == ExposureType.NEW) {
          long now = System.currentTimeMillis();
          latencies.add(now - published);
          last = now;
          long emitted = e.getEmittedAt().toEpochMilli() - published;
          emittedFirst = Math.min(emittedFirst, emitted);
          emittedLast = Math.max(emittedLast, emitted);
          newProjects.add(e.getProjectId());
        } else {
          others++;
        }
      }
    }
    if (newProjects.size() < affected) {
      throw new IllegalStateException(
          "run "
              + run
              + ": only "
              + newProjects.size()
              + " of "
              + affected
              + " exposures in 120 s");
    }
    long totalMs = last - published;
    // not timed: everything the correlator wrote for this advisory, then the check
    List<String> advisoryTopics =
        List.of(
            topics.advisories().name(),
            CoPartitioning.topicName(appId, CorrelatorTopology.ADVISORIES_REPARTITION));
    if (!BenchSupport.awaitCommittedEverything(admin, appId, advisoryTopics, 600_000)) {
      throw new IllegalStateException(
          "run " + run + ": the correlator did not commit " + a.getId());
    }
    // the correlator's CPU for the whole advisory (fan-out, shards, commits), whatever the load
    long cpuMs = BenchSupport.cpuMillis(correlatorPid) - cpu0;
    Map<TopicPartition, Long> ends = consumer.endOffsets(parts);
    while (parts.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
      for (var r : consumer.poll(Duration.ofMillis(20))) {
        ExposureEvent e = r.value();
        if (!e.getAdvisory().getId().equals(a.getId())) {
          continue;
        }
        if (e.getType() == ExposureType.NEW) {
          newProjects.add(e.getProjectId());
        } else {
          others++;
        }
      }
    }
    String problem = resultSetProblem(newProjects, others, affected);
    if (problem != null) {
      throw new IllegalStateException("run " + run + ", " + a.getId() + ": " + problem);
    }
    BenchSupport.log(
        String.format(
            "run %d, %d affected: %d ms to the last of %d NEW events (result set checked;"
                + " emitted by the correlator %d..%d ms after the advisory, the rest is"
                + " commit and delivery; correlator CPU %d ms)",
            run, affected, totalMs, affected, emittedFirst, emittedLast, cpuMs));
    long suppressMs =
        p.suppress()
            ? Log4ShellFollowUps.suppress(run, affected, a, cve, decisions, consumer, parts, topics)
            : -1;
    return new Publication(run, tier, affected, totalMs, latencies, suppressMs);
  }

  /**
   * Why the NEW events of an advisory are not exactly one per affected project ({@code project-0}
   * .. {@code project-(affected-1)}), or null when they are.
   *
   * @param newProjects the project id of each NEW event, in arrival order
   * @param others events of other types for the advisory
   */
  static String resultSetProblem(List<String> newProjects, int others, int affected) {
    Set<String> distinct = new HashSet<>(newProjects);
    List<String> wrong = new ArrayList<>();
    for (String project : distinct) {
      int i = project.startsWith("project-") ? parseOrMinus(project.substring(8)) : -1;
      if (i < 0 || i >= affected) {
        wrong.add(project);
      }
    }
    if (others == 0
        && wrong.isEmpty()
        && distinct.size() == affected
        && newProjects.size() == affected) {
      return null;
    }
    return String.format(
        "%d NEW events for %d distinct projects (expected %d), %d not affected %s, %d events of"
            + " another type",
        newProjects.size(),
        distinct.size(),
        affected,
        wrong.size(),
        wrong.stream().sorted().limit(5).toList(),
        others);
  }

  private static int parseOrMinus(String s) {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
