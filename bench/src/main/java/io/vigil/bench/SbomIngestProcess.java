package io.vigil.bench;

import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.SbomIngestService;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ingest-sbom alone in a child JVM (the broker runs in the parent), with {@code
 * -XX:+ExitOnOutOfMemoryError} as the Kubernetes manifest runs it: a document that needs more heap
 * than it has ends the process. Prints {@code URL <base>} once ready and stops when its standard
 * input closes.
 */
public final class SbomIngestProcess {
  private SbomIngestProcess() {}

  /** args: bootstrap prefix stateDir maxComponents maxDocumentTokens documentBudgetBytes */
  public static void main(String[] args) throws Exception {
    KafkaSettings kafka =
        new KafkaSettings(args[0], Map.of(), args[1], (short) 1, null, Path.of(args[2]));
    IngestSbomConfig base =
        IngestSbomConfig.defaults()
            .withHttpPort(0)
            .withLimits(Integer.parseInt(args[3]), Long.parseLong(args[4]));
    IngestSbomConfig config =
        new IngestSbomConfig(
            base.httpPort(),
            base.maxDocumentBytes(),
            base.versionsAreSeparateInventories(),
            base.lenient(),
            base.apiKeys(),
            base.applicationId(),
            base.streamThreads(),
            java.time.Duration.ofMinutes(10), // the bench waits for the final status
            base.chunkBytes(),
            base.incompleteSubmissionTimeout(),
            base.statusHistory(),
            base.maxComponents(),
            base.maxDocumentTokens(),
            base.attestationKey(),
            base.stuckAfter(),
            Long.parseLong(args[5]),
            base.dependencyTrack());
    try (SbomIngestService svc = new SbomIngestService(kafka, config, null)) {
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (!svc.health().up()) {
        if (System.nanoTime() > deadline) {
          System.out.println("FAILED " + svc.health());
          System.exit(2);
        }
        Thread.sleep(50);
      }
      System.out.println("URL " + svc.url());
      System.out.flush();
      try (BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
        while (in.readLine() != null) {
          // wait for the parent to close stdin
        }
      } catch (IOException ignored) {
        // parent gone
      }
    }
    System.exit(0);
  }

  /** Starts a child at {@code heap} (e.g. {@code 460m}); returns it and its URL once ready. */
  static Object[] start(String heap, String bootstrap, String prefix, Path state, long[] limits)
      throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vigil");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(SbomIngestProcess.class.getName());
    cmd.add(bootstrap);
    cmd.add(prefix);
    cmd.add(state.toString());
    for (long l : limits) {
      cmd.add(Long.toString(l));
    }
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    BufferedReader out =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    String line;
    while ((line = out.readLine()) != null) {
      if (line.startsWith("URL ")) {
        Thread drain =
            new Thread(
                () -> {
                  try {
                    while (out.readLine() != null) {
                      // keep the pipe empty
                    }
                  } catch (IOException ignored) {
                    // child gone
                  }
                });
        drain.setDaemon(true);
        drain.start();
        return new Object[] {p, line.substring(4).strip()};
      }
      if (line.startsWith("FAILED")) {
        break;
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("ingest-sbom child did not start (" + line + ")");
  }
}
