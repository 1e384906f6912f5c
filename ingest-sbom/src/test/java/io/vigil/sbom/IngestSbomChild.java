package io.vigil.sbom;

import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.testkit.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * ingest-sbom alone in a child JVM ({@link ChildJvm}), so that a test runs it at the heap and with
 * the options the shipped Kubernetes manifest gives it (the broker stays in the parent, as in
 * production). Prints {@code URL <base>} and {@value ChildJvm#READY} once ready and stops when its
 * standard input closes. With {@code -XX:+ExitOnOutOfMemoryError} (as shipped), running out of heap
 * ends the process: the parent sees it die.
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
      System.out.println(ChildJvm.READY);
      System.out.flush();
      ChildJvm.awaitStdinClosed();
    }
    System.exit(0);
  }

  /** A running child and its API's URL. */
  record Running(ChildJvm child, String url) implements AutoCloseable {
    boolean alive() {
      return child.alive();
    }

    @Override
    public void close() throws Exception {
      child.stop();
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
      throws Exception {
    ChildJvm child =
        ChildJvm.start(
            IngestSbomChild.class,
            List.of(
                bootstrap,
                prefix,
                stateDir.toString(),
                Integer.toString(maxComponents),
                Long.toString(maxDocumentTokens)),
            List.of(
                heap,
                "-XX:+UseParallelGC", // as ./vigil runs every service
                "-XX:+ExitOnOutOfMemoryError"), // as deploy/k8s/ingest-sbom.yaml
            log,
            Duration.ofSeconds(150));
    return new Running(child, child.outputLine("URL "));
  }
}
