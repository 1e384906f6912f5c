package io.vigil.bench;

import io.vigil.events.v1.ComponentEvent;
import io.vigil.sbom.ComponentEvents;
import io.vigil.sbom.InventoryDiff;
import io.vigil.sbom.InventoryPages;
import io.vigil.sbom.Submissions;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.AvroSerde;
import io.vigil.schemas.serde.SerdeFactory;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.kafka.common.compress.Compression;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.utils.internals.ByteBufferOutputStream;

/**
 * The CPU cost of one SBOM upload in ingest-sbom, without the broker: everything the service
 * computes for a first upload of a project, on one thread, as it runs it: the HTTP side reads and
 * validates the document ({@code SbomIntake.read}: parse, JSON schema, purls) and gzips it into
 * submission chunks; the stream thread reads it again, builds the distinct components, diffs them
 * against an empty inventory, builds the ADDED events, serializes each (Avro single-object, as on
 * the topic), compresses them in 64 KiB batches with the producer's LZ4 (what the producer does
 * before the broker sees a byte) and lays out the inventory pages.
 *
 * <p>The SBOM is a 10,000-component CycloneDX 1.5 document like {@link SbomIngestBench}'s (hashes,
 * licenses, purls), with a dependency graph shaped like a real build's: 150 direct dependencies, a
 * shallow tree below them, and 60 % of the components also depending on one of a few popular
 * libraries. Calibrated on the shared npm example (juice-shop, 1,115 components), whose figures per
 * component it reproduces: 1.6 edges (juice-shop 1.59), pulled in by 1.6 direct dependencies
 * (1.51), 1.0 listed paths (1.19), depth 3.6 (3.60). {@code --dense}: a stress shape no real SBOM
 * of the shared data comes near (60 direct dependencies, a random recursive tree plus 0–3 edges
 * from each component to any later one: pulled in by 10.6 direct dependencies, depth 4.6). {@code
 * --flat}: {@link SbomIngestBench}'s SBOM (the project depends on every component directly).
 * Deterministic.
 *
 * <p>Prints one JSON line: per measure (wall time; CPU time of the thread; CPU time of the process,
 * which adds the garbage collector's and the JIT's threads), the first (cold) run, then min /
 * median / max of the warm runs, in ms; and the bytes of the events (raw and LZ4). On a shared
 * machine the CPU times are the figures to compare: wall time includes waiting for a core.
 *
 * <pre>
 * java -Xmx2g -cp 'cli/target/dist/lib/*' io.vigil.bench.SbomUploadCostBench \
 *     [--components 10000] [--runs 30] [--warmup 10] [--dense | --flat]
 * </pre>
 */
public final class SbomUploadCostBench {
  private SbomUploadCostBench() {}

  public static void main(String[] args) throws Exception {
    int components = 10_000;
    int runs = 30;
    int warmup = 10;
    boolean flat = false;
    boolean dense = false;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--components" -> components = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--warmup" -> warmup = Integer.parseInt(args[++i]);
        case "--flat" -> flat = true;
        case "--dense" -> dense = true;
        default -> throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    byte[] sbom =
        flat ? SbomIngestBench.sbom(components, "cost") : sbomWithGraph(components, 7L, dense);
    AvroSerde<ComponentEvent> serde =
        SerdeFactory.registryFree().value(TopicCatalog.local().components());
    String topic = TopicCatalog.local().components().name();
    com.sun.management.OperatingSystemMXBean os =
        (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();
    java.lang.management.ThreadMXBean threads =
        java.lang.management.ManagementFactory.getThreadMXBean();
    double[] first = new double[3];
    List<List<Double>> warm = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    long[] bytes = new long[2];
    List<Double> pathShares = new ArrayList<>();
    for (int run = 0; run < 1 + warmup + runs; run++) {
      long wall0 = System.nanoTime();
      long thread0 = threads.getCurrentThreadCpuTime();
      long process0 = os.getProcessCpuTime();
      bytes = upload(sbom, serde, topic, "project-" + run);
      double[] ms = {
        (System.nanoTime() - wall0) / 1e6,
        (threads.getCurrentThreadCpuTime() - thread0) / 1e6,
        (os.getProcessCpuTime() - process0) / 1e6
      };
      for (int k = 0; k < 3; k++) {
        if (run == 0) {
          first[k] = ms[k];
        } else if (run > warmup) {
          warm.get(k).add(ms[k]);
        }
      }
      if (run > warmup) {
        double pathsMs = pathsPartMs(sbom, serde, topic, threads);
        pathShares.add(pathsMs / (ms[1] - pathsMs));
      }
    }
    Collections.sort(pathShares);
    StringBuilder out =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "{\"bench\":\"sbom-upload-cost\",\"date\":\"%s\",\"cpus\":%d,"
                    + "\"load_average\":%.2f,\"components\":%d,\"graph\":\"%s\","
                    + "\"document_bytes\":%d,\"event_bytes\":%d,\"event_bytes_lz4\":%d,"
                    + "\"runs\":%d",
                Instant.now(),
                Runtime.getRuntime().availableProcessors(),
                os.getSystemLoadAverage(),
                components,
                flat ? "flat" : dense ? "dense" : "build",
                sbom.length,
                bytes[0],
                bytes[1],
                runs));
    String[] names = {"wall", "thread_cpu", "process_cpu"};
    for (int k = 0; k < 3; k++) {
      List<Double> w = warm.get(k);
      Collections.sort(w);
      out.append(
          String.format(
              Locale.ROOT,
              ",\"%s_ms\":{\"first\":%.1f,\"min\":%.1f,\"median\":%.1f,\"max\":%.1f}",
              names[k],
              first[k],
              w.get(0),
              w.get(w.size() / 2),
              w.get(w.size() - 1)));
    }
    out.append(
        String.format(
            Locale.ROOT,
            ",\"paths_share\":{\"min\":%.3f,\"median\":%.3f,\"max\":%.3f,\"goal\":0.15}",
            pathShares.get(0),
            pathShares.get(pathShares.size() / 2),
            pathShares.get(pathShares.size() - 1)));
    System.out.println(out.append('}'));
  }

  /**
   * The thread CPU of the upload's dependency-path work, measured apart on the same document: the
   * graph ({@code DependencyPaths.of}), every distinct component's paths, and what the paths add to
   * serialising and compressing the events (the events serialised with and without them). Issue
   * 16's goal: paths add < 15 % to the upload's cost ({@code paths_share}: this part over the rest
   * of the upload's thread CPU).
   */
  private static double pathsPartMs(
      byte[] sbom,
      AvroSerde<ComponentEvent> serde,
      String topic,
      java.lang.management.ThreadMXBean threads)
      throws Exception {
    SbomIntake.Result result =
        SbomIntake.read(sbom, SbomIntake.Options.strict().withSchemaValidation(false));
    var doc = result.document();
    Map<String, List<io.vigil.core.sbom.SbomComponent>> occurrences =
        new java.util.LinkedHashMap<>();
    for (var c : doc.components()) {
      occurrences.computeIfAbsent(ComponentEvents.identity(c), k -> new ArrayList<>(1)).add(c);
    }
    List<ComponentEvent> events =
        ComponentEvents.events(
            InventoryDiff.diff(Map.of(), ComponentEvents.items(doc)),
            "p",
            "p",
            null,
            "s",
            Instant.now(),
            true);
    List<ComponentEvent> withoutPaths = new ArrayList<>(events.size());
    events.forEach(e -> withoutPaths.add(ComponentEvent.newBuilder(e).setPaths(null).build()));

    long t0 = threads.getCurrentThreadCpuTime();
    io.vigil.core.paths.DependencyPaths graph = io.vigil.core.paths.DependencyPaths.of(doc);
    long sink = 0;
    for (var all : occurrences.values()) {
      sink += graph.of(all).fingerprint();
    }
    long graphNs = threads.getCurrentThreadCpuTime() - t0;
    long with = serialiseNs(events, serde, topic, threads);
    long without = serialiseNs(withoutPaths, serde, topic, threads);
    if (sink == 42) {
      System.err.print(""); // keeps the loop from being optimised away
    }
    return (graphNs + Math.max(0, with - without)) / 1e6;
  }

  private static long serialiseNs(
      List<ComponentEvent> events,
      AvroSerde<ComponentEvent> serde,
      String topic,
      java.lang.management.ThreadMXBean threads)
      throws Exception {
    long t0 = threads.getCurrentThreadCpuTime();
    ByteBufferOutputStream batch = new ByteBufferOutputStream(64 * 1024);
    OutputStream lz4 =
        Compression.lz4().build().wrapForOutput(batch, RecordBatch.CURRENT_MAGIC_VALUE);
    for (ComponentEvent e : events) {
      lz4.write(serde.serialize(topic, e));
    }
    lz4.close();
    return threads.getCurrentThreadCpuTime() - t0;
  }

  /** One first upload of a project; returns the event bytes, raw and compressed. */
  private static long[] upload(
      byte[] sbom, AvroSerde<ComponentEvent> serde, String topic, String project) throws Exception {
    // HTTP side
    SbomIntake.Result pre = SbomIntake.read(sbom, false);
    if (!pre.accepted()) {
      throw new IllegalStateException(pre.reason());
    }
    Submissions.Envelope envelope =
        new Submissions.Envelope(
            UUID.randomUUID().toString(),
            project,
            null,
            "application/vnd.cyclonedx+json",
            false,
            true,
            "http",
            null,
            Instant.now());
    Submissions.encode(envelope, sbom, 768 * 1024);
    // stream thread
    SbomIntake.Result result =
        SbomIntake.read(sbom, SbomIntake.Options.strict().withSchemaValidation(false));
    List<ComponentEvents.Item> items = ComponentEvents.items(result.document());
    InventoryDiff.Diff diff = InventoryDiff.diff(Map.of(), items);
    List<ComponentEvent> events =
        ComponentEvents.events(
            diff, project, project, null, envelope.submissionId(), envelope.receivedAt(), true);
    long raw = 0;
    List<InventoryPages.Entry> added = new ArrayList<>(events.size());
    ByteBufferOutputStream batch = new ByteBufferOutputStream(64 * 1024);
    OutputStream lz4 =
        Compression.lz4().build().wrapForOutput(batch, RecordBatch.CURRENT_MAGIC_VALUE);
    long compressed = 0;
    int inBatch = 0;
    for (ComponentEvent e : events) {
      byte[] b = serde.serialize(topic, e);
      raw += b.length;
      added.add(new InventoryPages.Entry(e.getEventId(), b));
      lz4.write(b);
      inBatch += b.length;
      if (inBatch >= 64 * 1024) {
        lz4.close();
        compressed += batch.position();
        batch = new ByteBufferOutputStream(64 * 1024);
        lz4 = Compression.lz4().build().wrapForOutput(batch, RecordBatch.CURRENT_MAGIC_VALUE);
        inBatch = 0;
      }
    }
    lz4.close();
    compressed += batch.position();
    InventoryPages.apply(Map.of(), new HashSet<>(), added);
    return new long[] {raw, compressed};
  }

  /**
   * A CycloneDX 1.5 SBOM of {@code n} components (as {@link SbomIngestBench#sbom}) whose graph is
   * shaped like a build's (see the class comment); {@code dense}: the stress shape instead.
   */
  static byte[] sbomWithGraph(int n, long seed, boolean dense) {
    Random rnd = new Random(seed);
    List<List<Integer>> dependsOn = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      dependsOn.add(new ArrayList<>());
    }
    int direct;
    if (dense) {
      // a random recursive tree (depth about ln n) plus 0-3 edges to any later component
      direct = Math.min(60, n);
      for (int i = direct; i < n; i++) {
        dependsOn.get(rnd.nextInt(i)).add(i);
      }
      for (int i = 0; i < n - 1; i++) {
        int more = rnd.nextInt(4);
        for (int k = 0; k < more; k++) {
          int j = i + 1 + rnd.nextInt(n - i - 1);
          if (!dependsOn.get(i).contains(j)) {
            dependsOn.get(i).add(j);
          }
        }
      }
    } else {
      // 150 direct dependencies; each other component the dependency of an earlier one, chosen
      // with a bias to the first ones (parent = i * u^2) so the tree stays shallow; 60 % of the
      // components also depend on one of the 2 % "popular" libraries (numbered last)
      direct = Math.min(150, n);
      for (int i = direct; i < n; i++) {
        double u = rnd.nextDouble();
        dependsOn.get((int) (i * u * u)).add(i);
      }
      int popular = Math.max(1, n / 50);
      for (int i = 0; i < n; i++) {
        if (rnd.nextDouble() < 0.6) {
          int j = n - 1 - rnd.nextInt(popular);
          if (j > i && !dependsOn.get(i).contains(j)) {
            dependsOn.get(i).add(j);
          }
        }
      }
    }
    StringBuilder b = new StringBuilder(n * 420 + 512);
    b.append("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,")
        .append("\"serialNumber\":\"urn:uuid:")
        .append(UUID.nameUUIDFromBytes(("graph" + n).getBytes(StandardCharsets.UTF_8)))
        .append("\",\"metadata\":{\"component\":{\"bom-ref\":\"app\",\"type\":\"application\",")
        .append("\"name\":\"graph-")
        .append(n)
        .append("\",\"version\":\"1.0.0\"}},\"components\":[");
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
      b.append(i == 0 ? "" : ",")
          .append("{\"bom-ref\":\"c")
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
    }
    b.append("],\"dependencies\":[{\"ref\":\"app\",\"dependsOn\":[");
    for (int i = 0; i < direct; i++) {
      b.append(i == 0 ? "" : ",").append("\"c").append(i).append('"');
    }
    b.append("]}");
    for (int i = 0; i < n; i++) {
      b.append(",{\"ref\":\"c").append(i).append("\",\"dependsOn\":[");
      List<Integer> to = dependsOn.get(i);
      for (int k = 0; k < to.size(); k++) {
        b.append(k == 0 ? "" : ",").append("\"c").append(to.get(k)).append('"');
      }
      b.append("]}");
    }
    b.append("]}");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
