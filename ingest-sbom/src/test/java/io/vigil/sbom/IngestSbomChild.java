package io.vigil.sbom;

import io.vigil.platform.kafka.KafkaSettings;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ingest-sbom alone in a child JVM, so that a test runs it at the heap the shipped Kubernetes
 * manifest gives it (the broker stays in the parent, as in production). Prints {@code URL <base>}
 * once ready and stops when its standard input closes. With {@code -XX:+ExitOnOutOfMemoryError} (as
 * shipped), running out of heap ends the process: the parent sees it die.
 */
public final class IngestSbomChild {
  /** The shipped heap: {@code -XX:MaxRAMPercentage=60} of the 768 MiB container limit. */
  public static final String SHIPPED_HEAP = "-Xmx460m";

  private IngestSbomChild() {}

  /** args: bootstrap prefix stateDir maxComponents maxDocumentTokens */
  public static void main(String[] args) throws Exception {
    KafkaSettings kafka =
        new KafkaSettings(args[0], Map.of(), args[1], (short) 1, null, Path.of(args[2]));
    IngestSbomConfig config =
        IngestSbomConfig.defaults()
            .withHttpPort(0)
            .withLimits(Integer.parseInt(args[3]), Long.parseLong(args[4]));
    try (SbomIngestService svc = new SbomIngestService(kafka, config, null)) {
      Instant deadline = Instant.now().plus(Duration.ofSeconds(120));
      while (!svc.health().up()) {
        if (Instant.now().isAfter(deadline)) {
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

  /** A running child and its API's URL. */
  record Running(Process process, String url) implements AutoCloseable {
    @Override
    public void close() throws Exception {
      process.getOutputStream().close();
      if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Starts a child with the test class path and {@code heap}; returns once it is ready. */
  static Running start(
      String heap,
      String bootstrap,
      String prefix,
      Path stateDir,
      int maxComponents,
      long maxDocumentTokens,
      Path log)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add(heap);
    cmd.add("-XX:+UseParallelGC"); // as ./vigil runs every service
    cmd.add("-XX:+ExitOnOutOfMemoryError"); // as deploy/k8s/ingest-sbom.yaml
    cmd.add("-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"));
    cmd.add("-Dorg.apache.avro.SERIALIZABLE_PACKAGES=io.vigil");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(IngestSbomChild.class.getName());
    cmd.addAll(
        List.of(
            bootstrap,
            prefix,
            stateDir.toString(),
            Integer.toString(maxComponents),
            Long.toString(maxDocumentTokens)));
    Process p =
        new ProcessBuilder(cmd)
            .redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
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
        return new Running(p, line.substring(4).strip());
      }
      if (line.startsWith("FAILED")) {
        break;
      }
    }
    p.destroyForcibly();
    throw new IOException("the ingest-sbom child did not start: " + line + " (log: " + log + ")");
  }
}
