package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The product distribution ({@code cli/target/dist/lib}: what {@code ./vigil} runs and the image
 * copies) ships the product: Vigil's services and their runtime libraries, no benchmark harness,
 * JMH, commons-math or test library. Benchmarks run from the bench module ({@code ./vigil bench}).
 */
class DistributionContentsIT {
  private static final Path LIB =
      Path.of(System.getProperty("basedir", ".")).resolve("target/dist/lib");

  private static List<String> jars() throws Exception {
    try (Stream<Path> files = Files.list(LIB)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void shouldShipTheServicesAndNoBenchmarkOrTestLibrary() throws Exception {
    List<String> jars = jars();

    assertThat(jars)
        .as("the product's modules")
        .anyMatch(j -> j.startsWith("vigil-cli-"))
        .anyMatch(j -> j.startsWith("vigil-ingest-sbom-"))
        .anyMatch(j -> j.startsWith("vigil-ingest-advisories-"))
        .anyMatch(j -> j.startsWith("vigil-correlator-"))
        .anyMatch(j -> j.startsWith("vigil-alerting-"))
        .anyMatch(j -> j.startsWith("kafka-streams-"));
    assertThat(jars)
        .as("no benchmark, JMH, commons-math or test library in %s", LIB)
        .noneMatch(j -> j.startsWith("vigil-bench"))
        .noneMatch(j -> j.startsWith("vigil-testkit"))
        .noneMatch(j -> j.startsWith("jmh-"))
        .noneMatch(j -> j.startsWith("commons-math3"))
        .noneMatch(j -> j.startsWith("junit-") || j.startsWith("opentest4j"))
        .noneMatch(j -> j.startsWith("assertj-") || j.startsWith("awaitility"))
        .noneMatch(j -> j.startsWith("testcontainers") || j.startsWith("kafka-streams-test-utils"));
  }
}
