package io.vigil.bench;

import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorService;
import io.vigil.correlator.SystemicConfig;
import io.vigil.platform.kafka.KafkaSettings;
import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * The correlator (or the baseline app) in a child JVM, so a benchmark measures its resident memory
 * alone (the broker runs in the parent). Prints {@code READY} once RUNNING and stops when its
 * standard input closes.
 */
public final class CorrelatorProcess {
  private CorrelatorProcess() {}

  /**
   * args: mode (correlator|baseline) bootstrap prefix stateDir partitions shards threads cacheMb
   * [httpPort: the correlator's query API, default none]
   */
  public static void main(String[] args) throws Exception {
    String mode = args[0];
    KafkaSettings kafka =
        new KafkaSettings(args[1], Map.of(), args[2], (short) 1, null, Path.of(args[3]));
    int partitions = Integer.parseInt(args[4]);
    int shards = Integer.parseInt(args[5]);
    int threads = Integer.parseInt(args[6]);
    int cacheMb = Integer.parseInt(args[7]);
    int httpPort = args.length > 8 ? Integer.parseInt(args[8]) : -1;
    AutoCloseable running;
    KafkaStreams streams;
    if (mode.equals("baseline")) {
      BaselineApp app = new BaselineApp(kafka, threads, cacheMb, writeBufferMb(cacheMb));
      streams = app.streams();
      running = app;
      streams.start();
    } else {
      CorrelatorConfig config =
          new CorrelatorConfig(
              null,
              partitions,
              threads,
              httpPort,
              null,
              shards,
              cacheMb,
              writeBufferMb(cacheMb),
              null,
              null,
              null,
              // A/B of the SYSTEMIC fan-in's cost: VIGIL_BENCH_SYSTEMIC=false leaves it out
              new SystemicConfig(
                  !"false".equals(System.getenv("VIGIL_BENCH_SYSTEMIC")), null, null, null));
      CorrelatorService service = new CorrelatorService(kafka, config, null).start();
      streams = service.streams();
      running = service;
    }
    while (streams.state() != KafkaStreams.State.RUNNING) {
      if (streams.state() == KafkaStreams.State.ERROR) {
        System.out.println("FAILED " + streams.state());
        System.exit(2);
      }
      Thread.sleep(50);
    }
    System.out.println("READY");
    System.out.flush();
    try (BufferedReader in =
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
      while (in.readLine() != null) {
        // wait for the parent to close stdin
      }
    } catch (IOException ignored) {
      // parent gone
    }
    running.close();
    System.exit(0);
  }

  /** The write buffer budget both apps get beside a shared cache of {@code cacheMb}. */
  static int writeBufferMb(int cacheMb) {
    return Math.max(1, cacheMb / 2);
  }

  /** Starts a child JVM with the same class path; returns once it printed READY. */
  static Process start(
      String mode,
      String bootstrap,
      String prefix,
      Path stateDir,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String heap)
      throws IOException, InterruptedException {
    return start(mode, bootstrap, prefix, stateDir, partitions, shards, threads, cacheMb, heap, -1);
  }

  /** As above, the correlator serving its query API on {@code httpPort} ({@code -1}: none). */
  static Process start(
      String mode,
      String bootstrap,
      String prefix,
      Path stateDir,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String heap,
      int httpPort)
      throws IOException, InterruptedException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vigil");
    // extra flags for the child, e.g. a flight recording of the correlator alone:
    // VIGIL_BENCH_CHILD_JVM_OPTS='-XX:StartFlightRecording=filename=/tmp/correlator.jfr'
    String extra = System.getenv("VIGIL_BENCH_CHILD_JVM_OPTS");
    if (extra != null && !extra.isBlank()) {
      cmd.addAll(List.of(extra.trim().split("\\s+")));
    }
    String log4j = System.getProperty("log4j2.configurationFile");
    if (log4j != null) {
      cmd.add("-Dlog4j2.configurationFile=" + log4j);
    }
    cmd.add("-cp");
    // A/B runs of two builds of the correlator: VIGIL_BENCH_CHILD_CLASSES (class directories or
    // jars) goes before the bench's class path, so its classes win
    String classes = System.getenv("VIGIL_BENCH_CHILD_CLASSES");
    cmd.add(
        (classes == null || classes.isBlank() ? "" : classes.trim() + File.pathSeparator)
            + System.getProperty("java.class.path"));
    cmd.add(CorrelatorProcess.class.getName());
    cmd.addAll(
        List.of(
            mode,
            bootstrap,
            prefix,
            stateDir.toString(),
            Integer.toString(partitions),
            Integer.toString(shards),
            Integer.toString(threads),
            Integer.toString(cacheMb),
            Integer.toString(httpPort)));
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.equals("READY")) {
        return p;
      }
      if (line.startsWith("FAILED")) {
        break;
      }
    }
    p.destroy();
    throw new IllegalStateException(mode + " process did not start (" + line + ")");
  }

  /** Stops a child started by {@link #start}: closes its stdin and waits. */
  static void stop(Process p) throws InterruptedException {
    try {
      p.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    if (!p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
      p.destroyForcibly();
    }
  }
}
