package io.vigil.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Wall-clock time of {@code ./vigil scan} (JVM start included) of a container-image SBOM against a
 * full distro feed ({@link SyntheticDistroFeed}: the shared data has five Debian records, so the
 * feed is generated). Runs the launcher N times as a subprocess; the first run (right after the
 * files were written: a fresh JVM, files in the page cache) is reported on its own beside the
 * min/median/max of the others. The first run also prepares the feed's index (in the bench's own
 * cache directory); the others read through it, as every scan after the first does. Prints one JSON
 * line.
 *
 * <p>Arguments: {@code <repo root> [records=50000] [packages=500] [runs=7]}. {@code ./vigil bench
 * distro-scan} builds the distribution and its class-data archive first when they are stale; runs
 * use {@code VIGIL_NO_BUILD=1}.
 */
public final class DistroScanWallClock {
  private DistroScanWallClock() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args.length > 0 ? args[0] : "..").toAbsolutePath().normalize();
    int records = args.length > 1 ? Integer.parseInt(args[1]) : 50_000;
    int packages = args.length > 2 ? Integer.parseInt(args[2]) : 500;
    int runs = args.length > 3 ? Integer.parseInt(args[3]) : 7;
    Path dir = Files.createTempDirectory("vigil-distro-bench");
    Path feed = dir.resolve("Debian.zip");
    Path sbom = dir.resolve("debian12-image.cdx.json");
    long jsonBytes = SyntheticDistroFeed.writeFeed(feed, records, 7L);
    SyntheticDistroFeed.writeImageSbom(sbom, packages, 7L);
    List<String> cmd =
        List.of(
            root.resolve("vigil").toString(),
            "scan",
            // the feed's prepared index: built by the first run, used by the others
            "--cache-dir",
            dir.resolve("cache").toString(),
            "--advisories",
            feed.toString(),
            sbom.toString());
    List<Long> times = new ArrayList<>();
    List<Long> cpus = new ArrayList<>();
    long findings = -1;
    String summary = "";
    boolean timed = Files.isExecutable(Path.of("/usr/bin/time"));
    for (int i = 0; i < runs; i++) {
      Path out = dir.resolve("out.jsonl");
      Path err = dir.resolve("err.txt");
      Path cpu = dir.resolve("cpu.txt");
      List<String> run = new ArrayList<>();
      if (timed) {
        // the child's CPU (user + system): what the wall time is made of on an idle machine
        run.addAll(List.of("/usr/bin/time", "-f", "%U %S", "-o", cpu.toString()));
      }
      run.addAll(cmd);
      String loadBefore = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
      ProcessBuilder pb = new ProcessBuilder(run).directory(root.toFile());
      pb.environment().put("VIGIL_NO_BUILD", "1");
      pb.redirectOutput(out.toFile()).redirectError(err.toFile());
      long t0 = System.nanoTime();
      int exit = pb.start().waitFor();
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (exit != 0) {
        throw new IllegalStateException("vigil scan exited " + exit + ": " + Files.readString(err));
      }
      times.add(ms);
      long cpuMs = -1;
      if (timed) {
        String[] us = Files.readString(cpu).strip().split("\\s+");
        cpuMs = Math.round((Double.parseDouble(us[0]) + Double.parseDouble(us[1])) * 1000);
        cpus.add(cpuMs);
      }
      try (var lines = Files.lines(out)) {
        findings = lines.count();
      }
      summary = Files.readString(err).strip().replace("\n", " | ").replace("\"", "'");
      System.err.printf(
          "run %d: %d ms wall, %d ms CPU, load %s -> %s%n",
          i + 1, ms, cpuMs, loadBefore, Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
    }
    List<Long> warmCpu = new ArrayList<>(cpus.subList(Math.min(1, cpus.size()), cpus.size()));
    warmCpu.sort(null);
    long first = times.get(0);
    List<Long> warm = new ArrayList<>(times.subList(1, times.size()));
    warm.sort(null);
    System.out.printf(
        "{\"benchmark\":\"vigil scan distro image\",\"feed_records\":%d,\"feed_json_mb\":%.1f,"
            + "\"feed_zip_mb\":%.1f,\"sbom_packages\":%d,\"runs\":%d,\"findings\":%d,"
            + "\"first_run_ms\":%d,\"wall_ms_min\":%d,\"wall_ms_median\":%d,\"wall_ms_max\":%d,"
            + "\"first_run_cpu_ms\":%d,\"cpu_ms_min\":%d,\"cpu_ms_median\":%d,\"cpu_ms_max\":%d,"
            + "\"cpus\":%d,\"java\":\"%s\",\"summary\":\"%s\"}%n",
        records,
        jsonBytes / 1e6,
        Files.size(feed) / 1e6,
        packages,
        runs,
        findings,
        first,
        warm.get(0),
        warm.get(warm.size() / 2),
        warm.get(warm.size() - 1),
        cpus.isEmpty() ? -1 : cpus.get(0),
        warmCpu.isEmpty() ? -1 : warmCpu.get(0),
        warmCpu.isEmpty() ? -1 : warmCpu.get(warmCpu.size() / 2),
        warmCpu.isEmpty() ? -1 : warmCpu.get(warmCpu.size() - 1),
        Runtime.getRuntime().availableProcessors(),
        System.getProperty("java.version"),
        summary);
    BenchSupport.deleteQuietly(dir); // the feed, the SBOM, the outputs and the prepared index
  }
}
