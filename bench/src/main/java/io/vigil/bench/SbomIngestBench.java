package io.vigil.bench;

import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.ComponentEvent;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * SBOM ingestion on a real broker (in-process by default, or {@code --bootstrap HOST:PORT}),
 * through the HTTP API exactly as a CI client uses it ({@code POST /api/v1/sbom}, which answers 202
 * only once the component events are committed):
 *
 * <ol>
 *   <li><b>latency</b>: a 10,000-component CycloneDX JSON SBOM (each run a new project: 10,000
 *       ADDED events), from the start of the HTTP request to the 202 (events acknowledged by the
 *       broker and committed); also when an independent read_committed consumer has seen the last
 *       event;
 *   <li><b>throughput</b>: 8 concurrent clients uploading a 500-component SBOM in a loop for a
 *       fixed time, each upload a new project (500 ADDED events each): uploads/s and request
 *       latency percentiles. The measured window follows an unmeasured one of the same load ({@code
 *       --throughput-warmup} seconds, default 10), so that the JIT compiling the 500-component path
 *       (several CPU-seconds of C2 time) is not counted as the cost of ingestion.
 * </ol>
 *
 * Prints one JSON line. The throughput part also reports the process CPU time per upload (the
 * broker and the clients run in the same JVM, so this is the whole system's cost) and the uploads/s
 * that the machine's cores could sustain at that cost: on a machine shared with other work the
 * measured rate is lower than this ceiling.
 *
 * <pre>
 * java -Xmx2g -cp 'cli/target/dist/lib/*' io.vigil.bench.SbomIngestBench \
 *     --components 10000 --runs 7 --clients 8 --small 500 --seconds 30 [--throughput-warmup 10]
 *     [--rate UPLOADS_PER_S] [--graph]
 * </pre>
 */
public final class SbomIngestBench {
  private SbomIngestBench() {}

  /** {@code --graph}: SBOMs with a build-shaped dependency graph ({@link SbomUploadCostBench}). */
  private static boolean graph;

  public static void main(String[] args) throws Exception {
    int components = 10_000;
    int runs = 7;
    int warmup = 3;
    int clients = 8;
    int small = 500;
    int seconds = 30;
    int throughputWarmup = 10;
    double rate = 0;
    String bootstrap = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--components" -> components = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--clients" -> clients = Integer.parseInt(args[++i]);
        case "--small" -> small = Integer.parseInt(args[++i]);
        case "--seconds" -> seconds = Integer.parseInt(args[++i]);
        case "--throughput-warmup" -> throughputWarmup = Integer.parseInt(args[++i]);
        case "--rate" -> rate = Double.parseDouble(args[++i]);
        case "--bootstrap" -> bootstrap = args[++i];
        case "--graph" -> graph = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    Path state = Files.createTempDirectory("vigil-sbom-bench-");
    EmbeddedKafka broker = bootstrap == null ? EmbeddedKafka.start() : null;
    String servers = bootstrap == null ? broker.bootstrapServers() : bootstrap;
    String prefix = "bench" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka = new KafkaSettings(servers, Map.of(), prefix, (short) 1, null, state);
    StringBuilder json = new StringBuilder("{\"bench\":\"sbom-ingest\"");
    json.append(",\"date\":\"").append(Instant.now()).append('"');
    json.append(",\"cpus\":").append(Runtime.getRuntime().availableProcessors());
    json.append(",\"load_average_start\":").append(loadAverage());
    json.append(",\"rate\":").append(rate);
    json.append(",\"graph\":").append(graph);
    json.append(",\"broker\":\"").append(bootstrap == null ? "in-process" : "external").append('"');
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
    }
    try (SbomIngestService svc =
        new SbomIngestService(kafka, IngestSbomConfig.defaults().withHttpPort(0), null)) {
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!svc.health().up() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      HttpClient http =
          HttpClient.newBuilder().executor(Executors.newFixedThreadPool(clients)).build();
      json.append(",\"latency\":")
          .append(latency(svc.url(), http, kafka, components, warmup, runs));
      if (throughputWarmup > 0) {
        // the same load, unmeasured: the JIT compiles the 500-component path before the window
        throughput(svc.url(), http, small, clients, throughputWarmup, "warmup-", rate);
      }
      json.append(",\"throughput\":")
          .append(throughput(svc.url(), http, small, clients, seconds, "client-", rate));
      json.append(",\"throughput_warmup_s\":").append(throughputWarmup);
      json.append(",\"load_average_end\":").append(loadAverage());
    } finally {
      if (broker != null) {
        broker.close();
      }
    }
    System.out.println(json.append('}'));
    System.exit(0);
  }

  private static String latency(
      String url, HttpClient http, KafkaSettings kafka, int components, int warmup, int runs)
      throws Exception {
    List<Double> acked = new ArrayList<>();
    List<Double> visible = new ArrayList<>();
    Map<String, AtomicInteger> seen = new ConcurrentHashMap<>();
    Map<String, Long> lastSeenNanos = new ConcurrentHashMap<>();
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch subscribed = new CountDownLatch(1);
    Thread reader =
        new Thread(
            () -> {
              var topic = kafka.catalog().components();
              try (KafkaConsumer<String, ComponentEvent> c =
                  new KafkaConsumer<>(
                      kafka.consumer("bench-reader-" + UUID.randomUUID(), "bench-reader"),
                      new StringDeserializer(),
                      kafka.serdeFactory().value(topic))) {
                c.subscribe(List.of(topic.name()));
                c.poll(Duration.ofMillis(100));
                subscribed.countDown();
                while (!stop.get()) {
                  for (var r : c.poll(Duration.ofMillis(20))) {
                    if (seen.computeIfAbsent(r.key(), k -> new AtomicInteger()).incrementAndGet()
                        == components) {
                      lastSeenNanos.put(r.key(), System.nanoTime());
                    }
                  }
                }
              }
            },
            "bench-reader");
    reader.start();
    subscribed.await();
    for (int run = 0; run < warmup + runs; run++) {
      String project = "latency-" + run;
      byte[] sbom = document(components, project);
      long t0 = System.nanoTime();
      HttpResponse<String> r = post(http, url, project, sbom);
      long t1 = System.nanoTime();
      if (r.statusCode() != 202 || !r.body().contains("\"state\":\"COMPLETED\"")) {
        throw new IllegalStateException("upload failed: " + r.statusCode() + " " + r.body());
      }
      long waitUntil = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (!lastSeenNanos.containsKey(project) && System.nanoTime() < waitUntil) {
        Thread.sleep(1);
      }
      if (run >= warmup) {
        acked.add((t1 - t0) / 1e6);
        Long last = lastSeenNanos.get(project);
        visible.add(last == null ? Double.NaN : (last - t0) / 1e6);
      }
      System.err.printf(
          Locale.ROOT,
          "bench: %s%d components: 202 after %.0f ms%n",
          run < warmup ? "warm-up " : "",
          components,
          (t1 - t0) / 1e6);
    }
    stop.set(true);
    reader.join();
    return String.format(
        Locale.ROOT,
        "{\"components\":%d,\"bytes\":%d,\"runs\":%d,\"acked_ms\":%s,\"events_visible_ms\":%s}",
        components,
        document(components, "latency-x").length,
        runs,
        stats(acked),
        stats(visible));
  }

  private static String throughput(
      String url,
      HttpClient http,
      int components,
      int clients,
      int seconds,
      String projects,
      double rate)
      throws Exception {
    // with a rate, each client starts its uploads on a fixed schedule (open loop): the CPU per
    // upload of two versions is then compared at the same load, not at their own maximum rates
    long interval = rate > 0 ? (long) (clients * 1e9 / rate) : 0;
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Double> latencies = Collections.synchronizedList(new ArrayList<>());
    AtomicInteger failures = new AtomicInteger();
    long cpu0 = processCpuNanos();
    long jit0 = jitCpuTicks();
    long t0 = System.nanoTime();
    List<Future<?>> futures = new ArrayList<>();
    for (int client = 0; client < clients; client++) {
      int id = client;
      futures.add(
          pool.submit(
              () -> {
                int n = 0;
                long next = System.nanoTime() + id * interval / clients;
                while (System.nanoTime() < end) {
                  if (interval > 0) {
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                      Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                    }
                    next += interval;
                  }
                  String project = projects + id + "-" + n++;
                  byte[] sbom = document(components, project);
                  long s = System.nanoTime();
                  try {
                    HttpResponse<String> r = post(http, url, project, sbom);
                    if (r.statusCode() == 202 && r.body().contains("\"state\":\"COMPLETED\"")) {
                      latencies.add((System.nanoTime() - s) / 1e6);
                    } else {
                      failures.incrementAndGet();
                    }
                  } catch (Exception e) {
                    failures.incrementAndGet();
                  }
                }
                return null;
              }));
    }
    for (Future<?> f : futures) {
      f.get();
    }
    double wall = (System.nanoTime() - t0) / 1e9;
    double cpuMs = (processCpuNanos() - cpu0) / 1e6;
    long jitTicks = jitCpuTicks() - jit0;
    double jitMs = jit0 < 0 ? Double.NaN : jitTicks * 10.0; // USER_HZ = 100 on Linux
    pool.shutdown();
    List<Double> sorted = new ArrayList<>(latencies);
    Collections.sort(sorted);
    return String.format(
        Locale.ROOT,
        "{\"components\":%d,\"clients\":%d,\"seconds\":%.1f,\"uploads\":%d,\"failures\":%d,"
            + "\"uploads_per_s\":%.1f,\"events_per_s\":%.0f,\"latency_ms\":{\"p50\":%.1f,\"p90\":%.1f,\"p99\":%.1f,\"max\":%.1f},"
            + "\"process_cpu_ms_per_upload\":%.1f,\"cpu_bound_ceiling_per_s\":%.1f,"
            + "\"jit_cpu_ms_per_upload\":%.1f}",
        components,
        clients,
        wall,
        sorted.size(),
        failures.get(),
        sorted.size() / wall,
        sorted.size() * (double) components / wall,
        pct(sorted, 0.50),
        pct(sorted, 0.90),
        pct(sorted, 0.99),
        sorted.isEmpty() ? Double.NaN : sorted.get(sorted.size() - 1),
        cpuMs / Math.max(1, sorted.size()),
        Runtime.getRuntime().availableProcessors() * 1000.0 / (cpuMs / Math.max(1, sorted.size())),
        jitMs / Math.max(1, sorted.size()));
  }

  /**
   * CPU time (clock ticks) of the JIT compiler threads of this process, from /proc (Linux), or -1:
   * part of the process CPU time, but a start-up cost rather than a cost of ingestion.
   */
  private static long jitCpuTicks() {
    Path tasks = Path.of("/proc/self/task");
    if (!Files.isDirectory(tasks)) {
      return -1;
    }
    long ticks = 0;
    try (var dirs = Files.list(tasks)) {
      for (Path task : dirs.toList()) {
        try {
          if (!Files.readString(task.resolve("comm")).contains("CompilerThre")) {
            continue;
          }
          String stat = Files.readString(task.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime + stime
        } catch (java.io.IOException | RuntimeException e) {
          // the thread ended meanwhile
        }
      }
    } catch (java.io.IOException e) {
      return -1;
    }
    return ticks;
  }

  /** The 1-minute load average (the machine is shared: it says how much). */
  private static String loadAverage() {
    return String.format(
        Locale.ROOT,
        "%.2f",
        java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
  }

  /** CPU time of this process (service, broker and clients: they share the machine's cores). */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The SBOM an upload sends: {@link #sbom}, or with {@code --graph} one with a real graph. */
  private static byte[] document(int n, String project) {
    return graph
        ? SbomUploadCostBench.sbomWithGraph(n, project.hashCode(), false)
        : sbom(n, project);
  }

  /**
   * A valid CycloneDX 1.5 JSON SBOM of {@code n} distinct library components (Maven, npm and PyPI
   * in turn, each with a bom-ref, a SHA-256 hash and a license, as build plugins write them) and a
   * dependency graph from the application to every component: about 330 bytes per component.
   */
  static byte[] sbom(int n, String project) {
    StringBuilder b = new StringBuilder(n * 340 + 512);
    b.append("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,")
        .append("\"serialNumber\":\"urn:uuid:")
        .append(UUID.nameUUIDFromBytes(project.getBytes(StandardCharsets.UTF_8)))
        .append("\",\"metadata\":{\"component\":{\"bom-ref\":\"app\",\"type\":\"application\",")
        .append("\"name\":\"")
        .append(project)
        .append("\",\"version\":\"1.0.0\"}},\"components\":[");
    StringBuilder deps = new StringBuilder("[{\"ref\":\"app\",\"dependsOn\":[");
    for (int i = 0; i < n; i++) {
      String purl =
          switch (i % 3) {
            case 0 ->
                "pkg:maven/org.example.g" + (i % 211) + "/artifact-" + i + "@1." + (i % 17) + ".0";
            case 1 -> "pkg:npm/%40scope" + (i % 97) + "/package-" + i + "@2." + (i % 13) + ".1";
            default -> "pkg:pypi/project-" + i + "@0." + (i % 29) + ".3";
          };
      String name = purl.substring(purl.lastIndexOf('/') + 1, purl.lastIndexOf('@'));
      String version = purl.substring(purl.lastIndexOf('@') + 1);
      if (i > 0) {
        b.append(',');
        deps.append(',');
      }
      b.append("{\"bom-ref\":\"c")
          .append(i)
          .append("\",\"type\":\"library\",\"name\":\"")
          .append(name)
          .append("\",\"version\":\"")
          .append(version)
          .append("\",\"scope\":\"required\",\"hashes\":[{\"alg\":\"SHA-256\",\"content\":\"")
          .append(String.format(Locale.ROOT, "%064x", (long) i * 2654435761L))
          .append("\"}],\"licenses\":[{\"license\":{\"id\":\"Apache-2.0\"}}],\"purl\":\"")
          .append(purl)
          .append("\"}");
      deps.append("\"c").append(i).append('"');
    }
    b.append("],\"dependencies\":").append(deps).append("]}]}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static HttpResponse<String> post(HttpClient http, String url, String project, byte[] body)
      throws Exception {
    return http.send(
        HttpRequest.newBuilder(
                URI.create(
                    url
                        + "/api/v1/sbom?project="
                        + URLEncoder.encode(project, StandardCharsets.UTF_8)))
            .header("Content-Type", "application/vnd.cyclonedx+json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String stats(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    Collections.sort(s);
    return String.format(
        Locale.ROOT,
        "{\"min\":%.1f,\"median\":%.1f,\"max\":%.1f,\"all\":%s}",
        s.get(0),
        pct(s, 0.5),
        s.get(s.size() - 1),
        xs.stream().map(x -> String.format(Locale.ROOT, "%.1f", x)).toList());
  }

  private static double pct(List<Double> sorted, double p) {
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int i = (int) Math.ceil(p * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }
}
