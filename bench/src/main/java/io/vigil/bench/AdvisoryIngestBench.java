package io.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.advisories.IngestAdvisoriesConfig;
import io.vigil.advisories.IngestAdvisoriesService;
import io.vigil.advisories.OsvSource;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.platform.kafka.KafkaSettings;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Advisory ingestion throughput on an in-process broker (same JVM, same 2 cores): a full ingest of
 * the shared OSV zips, and of a synthetic all.zip of N records built from the shared records (ids
 * rewritten; generation not timed), each on fresh topics; then a re-run of the same input (must
 * publish nothing). Prints one JSON line with min/median/max records/s, the heap high-water mark
 * during ingestion and the process RSS high-water mark (broker included).
 *
 * <pre>
 * java -Xmx3g -cp 'cli/target/dist/lib/*' io.vigil.bench.AdvisoryIngestBench \
 *     --shared ../shared/data/osv --synthetic 500000 --runs 3
 * </pre>
 *
 * <p>{@code --client key=value} (repeatable) passes a Kafka client property to every client of the
 * run (e.g. {@code linger.ms=50}), {@code --batch-size N} sets the records per transaction; {@code
 * --skip-shared} measures the synthetic dump only; {@code --synthetic-zip PATH} keeps the generated
 * zip at PATH and reuses it when it exists (same records from run to run and variant to variant; it
 * must have been generated with the same {@code --synthetic} count).
 */
public final class AdvisoryIngestBench {
  /** Kafka client properties for every client of a run ({@code --client key=value}). */
  private static final Map<String, String> CLIENT = new java.util.TreeMap<>();

  /** {@code --batch-size}: records per transaction (null: the config default). */
  private static Integer batchSize;

  private AdvisoryIngestBench() {}

  public static void main(String[] args) throws Exception {
    Path shared = Path.of("../shared/data/osv");
    int synthetic = 500_000;
    int runs = 3;
    boolean measureShared = true;
    Path syntheticZip = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--shared" -> shared = Path.of(args[++i]);
        case "--synthetic" -> synthetic = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--skip-shared" -> measureShared = false;
        case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
        case "--client" -> {
          String[] kv = args[++i].split("=", 2);
          CLIENT.put(kv[0], kv[1]);
        }
        case "--synthetic-zip" -> syntheticZip = Path.of(args[++i]);
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    List<Path> zips;
    try (Stream<Path> s = Files.list(shared)) {
      zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
    }
    Path tmp = Files.createTempDirectory("vigil-bench-");
    StringBuilder json = new StringBuilder("{\"bench\":\"advisory-ingest\"");
    json.append(",\"date\":\"").append(Instant.now()).append('"');
    json.append(",\"cpus\":").append(Runtime.getRuntime().availableProcessors());
    json.append(",\"maxHeapMiB\":").append(Runtime.getRuntime().maxMemory() >> 20);
    try (EmbeddedKafka broker = EmbeddedKafka.start()) {
      if (measureShared) {
        json.append(",\"shared\":").append(measure(broker, tmp, zips, runs));
      }
      if (synthetic > 0) {
        Path zip = syntheticZip == null ? tmp.resolve("synthetic-all.zip") : syntheticZip;
        if (syntheticZip != null && Files.exists(zip)) {
          System.err.printf(Locale.ROOT, "bench: reusing %s%n", zip);
        } else {
          long t0 = System.nanoTime();
          generate(zips, synthetic, zip);
          System.err.printf(
              Locale.ROOT,
              "bench: generated %,d synthetic records (%,d MiB zip) in %.1f s%n",
              synthetic,
              Files.size(zip) >> 20,
              (System.nanoTime() - t0) / 1e9);
        }
        json.append(",\"synthetic\":")
            .append(measure(broker, tmp, List.of(zip), Math.max(1, runs - 1)));
        if (syntheticZip == null) {
          Files.deleteIfExists(zip); // 457 MiB for 500,000 records: not left behind in /tmp
        }
      }
    }
    json.append(",\"rssHighWaterMiB\":").append(vmHwmMiB()).append('}');
    System.out.println(json);
  }

  /** Fresh topics per run; then a re-run on the last run's topics (must publish nothing). */
  private static String measure(EmbeddedKafka broker, Path tmp, List<Path> inputs, int runs)
      throws Exception {
    List<IngestAdvisoriesService.Source> sources = new ArrayList<>();
    for (Path p : inputs) {
      sources.add(IngestAdvisoriesService.Source.parse("osv:" + p));
    }
    long records = 0;
    for (Path p : inputs) {
      records += OsvSource.count(p, n -> true);
    }
    double[] rates = new double[runs];
    double[] cpuPerRecordMicros = new double[runs];
    double[] cpuShare = new double[runs];
    long[] published = new long[runs];
    long heapPeak = 0;
    KafkaSettings last = null;
    for (int r = 0; r < runs; r++) {
      String prefix = "bench" + UUID.randomUUID().toString().substring(0, 8) + ".";
      last = new KafkaSettings(broker.bootstrapServers(), CLIENT, prefix, (short) 1, null, tmp);
      System.gc();
      resetPeaks();
      try (IngestAdvisoriesService svc = service(last)) {
        Instant started = Instant.now();
        String loadBefore = loadAverage();
        long cpu0 = processCpuNanos();
        long t0 = System.nanoTime();
        var results = svc.runOnce(sources);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpuSecs = (processCpuNanos() - cpu0) / 1e9;
        cpuPerRecordMicros[r] = cpuSecs * 1e6 / records;
        cpuShare[r] = cpuSecs / secs / Runtime.getRuntime().availableProcessors();
        System.err.printf(
            Locale.ROOT,
            "bench: run %d from %s to %s: process CPU %.1f s (%.0f µs/record, %.0f %% of the"
                + " machine's %d cores); load average before %s, after %s%n",
            r + 1,
            started,
            Instant.now(),
            cpuSecs,
            cpuPerRecordMicros[r],
            100 * cpuShare[r],
            Runtime.getRuntime().availableProcessors(),
            loadBefore,
            loadAverage());
        for (var x : results) {
          if (!x.ok()) {
            throw new IllegalStateException(x.source().label() + ": " + x.error());
          }
          published[r] += x.published();
        }
        rates[r] = records / secs;
        System.err.printf(
            Locale.ROOT,
            "bench: run %d: %,d records in %.2f s = %,.0f records/s (%,d published)%n",
            r + 1,
            records,
            secs,
            rates[r],
            published[r]);
        if (published[r] != published[0]) {
          throw new IllegalStateException(
              "run " + (r + 1) + " published " + published[r] + ", run 1 " + published[0]);
        }
      }
      heapPeak = Math.max(heapPeak, heapPeakBytes());
    }
    double rerunSecs;
    long rerunPublished = 0;
    long t0 = System.nanoTime();
    try (IngestAdvisoriesService svc = service(last)) {
      for (var x : svc.runOnce(sources)) {
        rerunPublished += x.published();
      }
    }
    rerunSecs = (System.nanoTime() - t0) / 1e9;
    double[] sorted = rates.clone();
    Arrays.sort(sorted);
    double[] cpuSorted = cpuPerRecordMicros.clone();
    Arrays.sort(cpuSorted);
    return String.format(
        Locale.ROOT,
        "{\"records\":%d,\"runs\":%d,\"published\":%d,\"records_per_s_min\":%.0f,\"records_per_s_median\":%.0f,"
            + "\"records_per_s_max\":%.0f,\"seconds_median\":%.2f,\"heapPeakMiB\":%d,"
            + "\"cpu_us_per_record_min\":%.0f,\"cpu_us_per_record_median\":%.0f,"
            + "\"cpu_us_per_record_max\":%.0f,\"machine_share_median\":%.2f,"
            + "\"rerun_seconds_incl_state_load\":%.2f,\"rerun_published\":%d}",
        records,
        runs,
        published[0],
        sorted[0],
        sorted[runs / 2],
        sorted[runs - 1],
        records / sorted[runs / 2],
        heapPeak >> 20,
        cpuSorted[0],
        cpuSorted[runs / 2],
        cpuSorted[runs - 1],
        median(cpuShare),
        rerunSecs,
        rerunPublished);
  }

  private static IngestAdvisoriesService service(KafkaSettings k) throws InterruptedException {
    IngestAdvisoriesConfig cfg = IngestAdvisoriesConfig.defaults();
    if (batchSize != null) {
      cfg = cfg.withBatching(batchSize, cfg.maxRecordBytes());
    }
    return new IngestAdvisoriesService(k, cfg, new SimpleMeterRegistry(), null, Clock.systemUTC());
  }

  /** N records: the shared records in turn, each with a new id ({@code <original id>-s<n>}). */
  static void generate(List<Path> zips, int n, Path out) throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<String[]> templates = new ArrayList<>(); // {original id, record text}
    for (Path z : zips) {
      OsvSource.forEach(
          z,
          name -> true,
          r -> {
            var node = json.readTree(r.bytes());
            if (node.isObject() && node.hasNonNull("id")) {
              templates.add(
                  new String[] {
                    node.get("id").asText(), new String(r.bytes(), StandardCharsets.UTF_8)
                  });
            }
          });
    }
    try (OutputStream os = new java.io.BufferedOutputStream(Files.newOutputStream(out), 1 << 20);
        ZipOutputStream zip = new ZipOutputStream(os)) {
      zip.setLevel(Deflater.BEST_SPEED);
      for (int i = 0; i < n; i++) {
        String[] t = templates.get(i % templates.size());
        String id = t[0] + "-s" + i;
        String quoted = "\"" + t[0] + "\"";
        int at = t[1].indexOf(quoted);
        String text =
            t[1].substring(0, at) + "\"" + id + "\"" + t[1].substring(at + quoted.length());
        zip.putNextEntry(new ZipEntry(id.replace(':', '_') + ".json"));
        zip.write(text.getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
      }
    }
  }

  private static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    return v[v.length / 2];
  }

  /** CPU time of this process (ingestion, the in-process broker, GC), in nanoseconds. */
  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** The 1-minute load average (the machine is shared: runs compete with other processes). */
  private static String loadAverage() {
    try {
      return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
    } catch (IOException | RuntimeException e) {
      return "?";
    }
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP) {
        p.resetPeakUsage();
      }
    }
  }

  private static long heapPeakBytes() {
    long sum = 0;
    for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
      if (p.getType() == MemoryType.HEAP && p.getPeakUsage() != null) {
        sum += p.getPeakUsage().getUsed();
      }
    }
    return sum;
  }

  private static long vmHwmMiB() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmHWM:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) >> 10;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }
}
