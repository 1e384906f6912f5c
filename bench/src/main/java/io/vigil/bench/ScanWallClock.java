package io.vigil.bench;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Wall-clock time of {@code ./vigil scan} (JVM start included) on a synthetic SBOM against every
 * shared OSV archive: runs the launcher N times as a subprocess and prints one JSON line with
 * min/median/max milliseconds and the number of findings.
 *
 * <p>Arguments: {@code <repo root> [components=10000] [runs=5] [vulnerable share=0.2]}. The
 * distribution must be built ({@code ./vigil --help} once); runs use {@code VIGIL_NO_BUILD=1}.
 */
public final class ScanWallClock {
  private ScanWallClock() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
    int components = args.length > 1 ? Integer.parseInt(args[1]) : 10_000;
    int runs = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    double share = args.length > 3 ? Double.parseDouble(args[3]) : 0.2;
    Path sbom = Files.createTempFile("vigil-synthetic-", ".cdx.json");
    SyntheticSbom.write(sbom, components, share, 1L, BenchData.records());
    // the archives' prepared indexes in a cache of the bench's own, built by an untimed first run:
    // the timed runs are scans after the first, as a user's are
    Path cache = Files.createTempDirectory("vigil-scan-index");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                root.resolve("vigil").toString(),
                "scan",
                "--cache-dir",
                cache.toString(),
                "--advisories"));
    int archives = BenchData.osvArchives().size();
    for (Path zip : BenchData.osvArchives()) {
      cmd.add(zip.toAbsolutePath().toString());
    }
    cmd.add(sbom.toString());
    List<Long> times = new ArrayList<>();
    long findings = -1;
    for (int i = -1; i < runs; i++) {
      Path out = Files.createTempFile("vigil-scan-", ".jsonl");
      ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile());
      pb.environment().put("VIGIL_NO_BUILD", "1");
      pb.redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.DISCARD);
      long t0 = System.nanoTime();
      int exit = pb.start().waitFor();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (exit != 0) {
        throw new IllegalStateException("vigil scan exited " + exit);
      }
      if (i >= 0) {
        times.add(ms); // run -1 prepared the indexes
      }
      findings = Files.lines(out).count();
      Files.delete(out);
    }
    Files.delete(sbom);
    Collections.sort(times);
    System.out.printf(
        "{\"benchmark\":\"vigil scan\",\"components\":%d,\"vulnerable_share\":%.2f,\"advisory_archives\":%d,\"runs\":%d,\"findings\":%d,"
            + "\"wall_ms_min\":%d,\"wall_ms_median\":%d,\"wall_ms_max\":%d,\"cpus\":%d,\"java\":\"%s\"}%n",
        components,
        share,
        archives,
        runs,
        findings,
        times.get(0),
        times.get(times.size() / 2),
        times.get(times.size() - 1),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"));
    if (File.separatorChar != '/') {
      System.err.println("(timings measured on a non-POSIX system)");
    }
  }
}
