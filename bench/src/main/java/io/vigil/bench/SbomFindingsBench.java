package io.vigil.bench;

import io.vigil.core.sbom.SbomParser;
import io.vigil.core.scan.OfflineScanner;
import io.vigil.core.scan.ScanFinding;
import io.vigil.correlator.CoPartitioning;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorTopology;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.SbomIngestService;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * An SBOM with thousands of findings (issue 20): the shared OSV records are published and drained
 * by a running correlator (a child JVM, {@link CorrelatorProcess}) first; then a boundary-shaped
 * SBOM ({@link BoundarySbom}) is uploaded through ingest-sbom's HTTP API (in this JVM), once per
 * run as a new project, and the exposure events of that project are read (read_committed) until
 * every finding has one. Per run: upload → 202, → first and → last exposure event, the correlator's
 * CPU time from the upload until it has committed everything, CPU per exposure event and exposure
 * events per CPU-second; and the result set is checked against {@code vigil scan}'s engine on the
 * same inputs ({@link OfflineScanner}): the same (purl, advisory, fixed versions), each once,
 * nothing else. The first run (a cold correlator: no component with findings processed yet) is
 * reported apart from the warm ones.
 */
public final class SbomFindingsBench {
  /** Parameters. */
  public record Params(
      int components,
      int runs,
      long seed,
      int edgesPerPackage,
      Path writeSbom,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String bootstrapServers) {}

  /** One exposure event as it arrived. */
  private record Arrival(long nanos, String finding, boolean isNew) {}

  private SbomFindingsBench() {}

  public static Map<String, Object> run(Params p) throws Exception {
    double loadStart = BenchSupport.loadAverage();
    BenchSupport.log("reading the shared OSV records...");
    BoundarySbom.Advisories advisories = BoundarySbom.load(BenchData.osvArchives());
    List<String> purls =
        BoundarySbom.purls(advisories.records(), p.components(), p.seed(), p.edgesPerPackage());
    byte[] sbom = BoundarySbom.cycloneDx(purls, "sbom-findings");
    if (p.writeSbom() != null) {
      Files.write(p.writeSbom(), sbom);
    }
    // what the correlator must emit: the scan engine's findings on the same inputs
    OfflineScanner scanner = new OfflineScanner(advisories.records());
    Map<String, Integer> expected = new TreeMap<>();
    for (ScanFinding f : scanner.scan(SbomParser.parse(sbom), new OfflineScanner.Stats())) {
      expected.merge(f.purl() + " " + f.advisory() + " " + f.fixed(), 1, Integer::sum);
    }
    int expectedCount = expected.values().stream().mapToInt(Integer::intValue).sum();
    BenchSupport.log(
        String.format(
            "%d advisories (%d that OsvSalvage cannot use left out), SBOM of %d components, %d bytes:"
                + " %d findings expected",
            advisories.published().size(),
            advisories.rejected(),
            purls.size(),
            sbom.length,
            expectedCount));

    EmbeddedKafka broker = null;
    String bootstrap = p.bootstrapServers();
    if (bootstrap == null) {
      broker = EmbeddedKafka.start();
      bootstrap = broker.bootstrapServers();
    }
    String prefix = "bench" + Long.toString(System.nanoTime(), 36) + ".";
    Path stateDir = Files.createTempDirectory("vigil-bench-sbom-findings-");
    KafkaSettings kafka = new KafkaSettings(bootstrap, Map.of(), prefix, (short) 1, null, stateDir);
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    String appId = prefix + new CorrelatorConfig(null, null, null, null).applicationId();
    Process correlator = null;
    AtomicBoolean stop = new AtomicBoolean();
    Thread reader = null;
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, topics.all());
      try (var producer =
          new KafkaProducer<>(
              BenchSupport.producer(kafka, "bench-advisories"),
              new StringSerializer(),
              serdes.value(topics.advisories()))) {
        List<ProducerRecord<String, Advisory>> records = new ArrayList<>();
        for (Advisory a : advisories.published()) {
          records.add(new ProducerRecord<>(topics.advisories().name(), a.getId(), a));
        }
        BenchSupport.sendAll(producer, records);
      }
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
      long cpuBeforeAdvisories = BenchSupport.cpuMillis(correlator.pid());
      long t0 = System.nanoTime();
      List<String> advisoryTopics =
          List.of(
              topics.advisories().name(),
              CoPartitioning.topicName(appId, CorrelatorTopology.ADVISORIES_REPARTITION));
      if (!BenchSupport.awaitCaughtUp(admin, appId, advisoryTopics, p.partitions(), 1_800_000)) {
        throw new IllegalStateException("the correlator did not drain the advisories");
      }
      double advisorySeconds = (System.nanoTime() - t0) / 1e9;
      long advisoryCpu = BenchSupport.cpuMillis(correlator.pid()) - cpuBeforeAdvisories;
      BenchSupport.log(
          String.format(
              "advisories drained in %.1f s (%d ms correlator CPU)", advisorySeconds, advisoryCpu));

      // every exposure event, by project, with its arrival time (a thread of its own, so an event
      // is timed when it becomes readable, not when the uploading thread gets round to it)
      Map<String, List<Arrival>> arrivals = new ConcurrentHashMap<>();
      Map<TopicPartition, Long> positions = new ConcurrentHashMap<>();
      java.util.concurrent.CountDownLatch assigned = new java.util.concurrent.CountDownLatch(1);
      reader =
          new Thread(
              () -> {
                try (var consumer =
                    new KafkaConsumer<>(
                        kafka.consumer("bench-reader", "bench-reader"),
                        new StringDeserializer(),
                        serdes.value(topics.exposures()))) {
                  List<TopicPartition> parts = new ArrayList<>();
                  consumer
                      .partitionsFor(topics.exposures().name())
                      .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
                  consumer.assign(parts);
                  consumer.seekToEnd(parts);
                  parts.forEach(tp -> positions.put(tp, consumer.position(tp)));
                  assigned.countDown();
                  while (!stop.get()) {
                    var records = consumer.poll(Duration.ofMillis(10));
                    long now = System.nanoTime();
                    for (var r : records) {
                      ExposureEvent e = r.value();
                      arrivals
                          .computeIfAbsent(r.key(), k -> new ArrayList<>())
                          .add(
                              new Arrival(
                                  now,
                                  e.getComponent().getPurl()
                                      + " "
                                      + e.getAdvisory().getId()
                                      + " "
                                      + e.getFixedVersions(),
                                  e.getType() == ExposureType.NEW));
                    }
                    parts.forEach(tp -> positions.put(tp, consumer.position(tp)));
                  }
                }
              },
              "bench-exposure-reader");
      reader.start();
      assigned.await();

      List<Map<String, Object>> runs = new ArrayList<>();
      try (SbomIngestService ingest =
          new SbomIngestService(kafka, IngestSbomConfig.defaults().withHttpPort(0), null)) {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!ingest.health().up() && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        HttpClient http = HttpClient.newHttpClient();
        for (int run = 0; run < p.runs(); run++) {
          runs.add(
              oneRun(
                  run,
                  http,
                  ingest.url(),
                  sbom,
                  expected,
                  expectedCount,
                  arrivals,
                  positions,
                  admin,
                  appId,
                  topics.components().name(),
                  topics.exposures().name(),
                  correlator.pid(),
                  p));
        }
      }
      stop.set(true);
      reader.join();
      long rss = BenchSupport.rssBytes(correlator.pid());

      Map<String, Object> out = new LinkedHashMap<>();
      out.put("bench", "sbom-findings");
      out.put("date", java.time.Instant.now().toString());
      out.put("advisories", advisories.published().size());
      out.put("advisories_rejected", advisories.rejected());
      out.put("advisories_drain_s", Math.round(advisorySeconds * 10) / 10.0);
      out.put("advisories_correlator_cpu_ms", advisoryCpu);
      out.put("components", purls.size());
      out.put("edges_per_package", p.edgesPerPackage());
      out.put("sbom_bytes", sbom.length);
      out.put("exposures", expectedCount);
      out.put("partitions", p.partitions());
      out.put("package_shards", p.shards());
      out.put("stream_threads", p.threads());
      out.put("runs", p.runs());
      out.put("cold", runs.get(0));
      List<Map<String, Object>> warm = runs.subList(1, runs.size());
      for (String k :
          List.of(
              "upload_to_first_ms",
              "upload_to_last_ms",
              "correlator_cpu_ms",
              "cpu_us_per_exposure",
              "exposures_per_cpu_s")) {
        out.put("warm_" + k, stats(warm, k));
      }
      out.put("all_runs", runs);
      out.put("result_set_verified", true);
      out.put("correlator_rss_bytes", rss);
      out.put("goal_last_ms", 3000);
      out.put("goal_exposures_per_cpu_s", 5000);
      out.put("cores", Runtime.getRuntime().availableProcessors());
      out.put("load_average_start", loadStart);
      out.put("load_average_end", BenchSupport.loadAverage());
      return out;
    } finally {
      stop.set(true);
      if (reader != null) {
        reader.join(10_000);
      }
      if (correlator != null) {
        CorrelatorProcess.stop(correlator);
      }
      if (broker != null) {
        broker.close();
      }
      BenchSupport.deleteQuietly(stateDir);
    }
  }

  private static Map<String, Object> oneRun(
      int run,
      HttpClient http,
      String url,
      byte[] sbom,
      Map<String, Integer> expected,
      int expectedCount,
      Map<String, List<Arrival>> arrivals,
      Map<TopicPartition, Long> positions,
      Admin admin,
      String appId,
      String componentsTopic,
      String exposuresTopic,
      long correlatorPid,
      Params p)
      throws Exception {
    String project = "sbom-findings-" + run;
    double load = BenchSupport.loadAverage();
    long cpu0 = BenchSupport.cpuMillis(correlatorPid);
    long t0 = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        url
                            + "/api/v1/sbom?project="
                            + URLEncoder.encode(project, StandardCharsets.UTF_8)))
                .header("Content-Type", "application/vnd.cyclonedx+json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(sbom))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    long acked = System.nanoTime();
    if (r.statusCode() != 202 || !r.body().contains("\"state\":\"COMPLETED\"")) {
      throw new IllegalStateException("upload failed: " + r.statusCode() + " " + r.body());
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(600).toNanos();
    while (count(arrivals, project) < expectedCount && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
    long cpuAtLast = BenchSupport.cpuMillis(correlatorPid);
    // then until the correlator committed its whole input, and the reader read everything it
    // wrote: anything beyond the expected events (a duplicate, a wrong finding) is seen too
    List<String> inputs =
        List.of(
            componentsTopic,
            CoPartitioning.topicName(appId, CorrelatorTopology.COMPONENTS_REPARTITION));
    if (!BenchSupport.awaitQuiescent(admin, appId, inputs, p.partitions(), 600_000)) {
      throw new IllegalStateException("run " + run + ": the correlator did not catch up");
    }
    long cpu1 = BenchSupport.cpuMillis(correlatorPid);
    Map<String, Long> ends = endOffsets(admin, exposuresTopic);
    while (!reached(positions, ends) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    List<Arrival> got = new ArrayList<>(arrivals.getOrDefault(project, List.of()));
    verify(run, expected, got);
    long first = got.stream().mapToLong(Arrival::nanos).min().orElseThrow();
    long last = got.stream().mapToLong(Arrival::nanos).max().orElseThrow();
    long cpu = cpu1 - cpu0;
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("run", run);
    out.put("upload_acked_ms", (acked - t0) / 1_000_000);
    out.put("upload_to_first_ms", (first - t0) / 1_000_000);
    out.put("upload_to_last_ms", (last - t0) / 1_000_000);
    out.put("exposures", got.size());
    out.put("exposures_per_s_wall", Math.round(got.size() / Math.max(1e-3, (last - t0) / 1e9)));
    out.put("correlator_cpu_ms", cpu);
    out.put("correlator_cpu_ms_to_last", cpuAtLast - cpu0);
    out.put("cpu_us_per_exposure", Math.round(cpu * 1000.0 / got.size() * 10) / 10.0);
    out.put("exposures_per_cpu_s", Math.round(got.size() / (Math.max(1, cpu) / 1000.0)));
    out.put("load_average", load);
    BenchSupport.log("run " + run + ": " + out);
    return out;
  }

  /** The events of one project are exactly the scan's findings: each once, nothing else. */
  private static void verify(int run, Map<String, Integer> expected, List<Arrival> got) {
    List<String> news = new ArrayList<>();
    int others = 0;
    for (Arrival a : got) {
      if (a.isNew()) {
        news.add(a.finding());
      } else {
        others++;
      }
    }
    String problem = resultSetProblem(expected, news, others);
    if (problem != null) {
      throw new IllegalStateException("run " + run + ": " + problem);
    }
  }

  /**
   * Why a project's NEW events ({@code "purl advisory fixedVersions"} each) are not exactly the
   * expected findings, each once, with no event of another type; null when they are.
   */
  static String resultSetProblem(Map<String, Integer> expected, List<String> news, int others) {
    Map<String, Integer> actual = new TreeMap<>();
    news.forEach(n -> actual.merge(n, 1, Integer::sum));
    if (others == 0 && actual.equals(expected)) {
      return null;
    }
    Map<String, Integer> missing = new TreeMap<>(expected);
    actual.forEach((k, v) -> missing.merge(k, -v, Integer::sum));
    missing.values().removeIf(v -> v == 0);
    return "the exposure events differ from the scan's findings ("
        + others
        + " events other than NEW; differences, + missing / - extra: "
        + missing.entrySet().stream().limit(10).toList()
        + ")";
  }

  private static int count(Map<String, List<Arrival>> arrivals, String project) {
    List<Arrival> l = arrivals.get(project);
    return l == null ? 0 : l.size();
  }

  private static Map<String, Long> endOffsets(Admin admin, String topic) throws Exception {
    Map<String, Long> out = new HashMap<>();
    var specs = new HashMap<TopicPartition, org.apache.kafka.clients.admin.OffsetSpec>();
    for (var d : admin.describeTopics(List.of(topic)).allTopicNames().get().values()) {
      d.partitions()
          .forEach(
              i ->
                  specs.put(
                      new TopicPartition(d.name(), i.partition()),
                      org.apache.kafka.clients.admin.OffsetSpec.latest()));
    }
    admin.listOffsets(specs).all().get().forEach((tp, r) -> out.put(tp.toString(), r.offset()));
    return out;
  }

  /** Whether the reader is at (or past) the given end offsets (markers included). */
  private static boolean reached(Map<TopicPartition, Long> positions, Map<String, Long> ends) {
    for (var e : positions.entrySet()) {
      if (e.getValue() < ends.getOrDefault(e.getKey().toString(), 0L)) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, Object> stats(List<Map<String, Object>> runs, String key) {
    List<Double> xs = new ArrayList<>();
    runs.forEach(r -> xs.add(((Number) r.get(key)).doubleValue()));
    xs.sort(Double::compare);
    Map<String, Object> out = new LinkedHashMap<>();
    if (xs.isEmpty()) {
      return out;
    }
    out.put("min", xs.get(0));
    out.put("median", xs.get(xs.size() / 2));
    out.put("max", xs.get(xs.size() - 1));
    return out;
  }
}
