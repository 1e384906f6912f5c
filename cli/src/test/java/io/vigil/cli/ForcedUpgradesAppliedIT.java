package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.fix.ForcedUpgrades;
import io.vigil.core.purl.PackageIdentity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The override snippets Vigil puts in an alert and a fix plan ({@link ForcedUpgrades}), pasted into
 * sample builds whose vulnerable version arrives transitively, change what the real tools resolve:
 * Maven's {@code <dependencyManagement>} makes {@code mvn dependency:tree} resolve log4j-core
 * 2.17.1 instead of 2.14.1 under log4j-slf4j-impl, npm's {@code overrides} makes {@code npm ls}
 * resolve ms 2.1.3 instead of the 2.0.0 that debug 2.6.9 pins exactly. The artifacts come from
 * Maven Central and the npm registry. Without mvn or npm on PATH the tests are skipped with a loud
 * line, unless {@code VIGIL_REQUIRE_BUILD_TOOLS=true} (CI) makes that a failure.
 */
class ForcedUpgradesAppliedIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static String skipReason;

  @TempDir Path work;

  @BeforeAll
  static void requireTools() {
    List<String> missing = new ArrayList<>();
    for (String tool : List.of("mvn", "npm")) {
      if (!onPath(tool)) {
        missing.add(tool);
      }
    }
    if (!missing.isEmpty()) {
      String reason =
          "ForcedUpgradesAppliedIT SKIPPED: "
              + missing
              + " not on PATH; the override snippets are NOT applied to real builds";
      if ("true".equalsIgnoreCase(System.getenv("VIGIL_REQUIRE_BUILD_TOOLS"))) {
        throw new AssertionError(reason + " (required here: VIGIL_REQUIRE_BUILD_TOOLS)");
      }
      System.err.println("*** " + reason);
      skipReason = reason;
    }
  }

  @Test
  void theMavenSnippetMakesMavenResolveTheFixedTransitiveVersion() throws Exception {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
    Path pom = copy("/forced-upgrades/maven/pom.xml", work.resolve("maven/pom.xml"));
    ForcedUpgrade snippet =
        only(
            "maven",
            ForcedUpgrades.of(
                identity("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
                "2.17.1",
                "CVE-2021-44228"));

    String before = log4jCoreTree(pom.getParent());
    String xml = Files.readString(pom);
    Files.writeString(
        pom, xml.replace("  <dependencies>", indent(snippet.text()) + "  <dependencies>"));
    String after = log4jCoreTree(pom.getParent());

    assertThat(snippet.file()).isEqualTo("pom.xml");
    assertThat(before).contains("org.apache.logging.log4j:log4j-core:jar:2.14.1:runtime");
    assertThat(after)
        .contains("org.apache.logging.log4j:log4j-core:jar:2.17.1:runtime")
        .doesNotContain("2.14.1:runtime");
  }

  @Test
  void theNpmSnippetMakesNpmResolveTheFixedTransitiveVersion() throws Exception {
    Assumptions.assumeTrue(skipReason == null, () -> skipReason);
    Path manifest = copy("/forced-upgrades/npm/package.json", work.resolve("npm/package.json"));
    ForcedUpgrade snippet =
        only("npm", ForcedUpgrades.of(identity("pkg:npm/ms@2.0.0"), "2.1.3", null));

    String before = msTree(manifest.getParent());
    ObjectNode pkg = (ObjectNode) JSON.readTree(manifest.toFile());
    pkg.setAll((ObjectNode) JSON.readTree(snippet.text()));
    JSON.writerWithDefaultPrettyPrinter().writeValue(manifest.toFile(), pkg);
    String after = msTree(manifest.getParent());

    assertThat(snippet.file()).isEqualTo("package.json");
    assertThat(before).contains("debug@2.6.9").contains("ms@2.0.0");
    assertThat(after).contains("ms@2.1.3 overridden").doesNotContain("ms@2.0.0");
  }

  // ---- the tools ---------------------------------------------------------------------------

  private static String log4jCoreTree(Path dir) throws Exception {
    Path out = dir.resolve("tree.txt");
    Files.deleteIfExists(out);
    run(
        dir,
        "mvn",
        "-B",
        "-q",
        "org.apache.maven.plugins:maven-dependency-plugin:3.8.1:tree",
        "-Dincludes=org.apache.logging.log4j:log4j-core",
        "-DoutputFile=" + out);
    return Files.readString(out);
  }

  private static String msTree(Path dir) throws Exception {
    run(
        dir,
        "npm",
        "install",
        "--package-lock-only",
        "--ignore-scripts",
        "--no-audit",
        "--no-fund",
        "--cache",
        dir.resolveSibling(".npm-cache").toString());
    return run(dir, "npm", "ls", "ms", "--all", "--package-lock-only");
  }

  private static String run(Path dir, String... cmd) throws Exception {
    Path log = Files.createTempFile("forced-upgrade-", ".log");
    try {
      Process p =
          new ProcessBuilder(cmd)
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      p.getOutputStream().close();
      if (!p.waitFor(5, TimeUnit.MINUTES)) {
        p.destroyForcibly();
        throw new AssertionError(List.of(cmd) + " did not finish in 5 minutes");
      }
      String output = Files.readString(log, StandardCharsets.UTF_8);
      assertThat(p.exitValue()).as("%s in %s:%n%s", List.of(cmd), dir, output).isZero();
      return output;
    } finally {
      Files.deleteIfExists(log);
    }
  }

  private static boolean onPath(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  // ---- helpers -----------------------------------------------------------------------------

  private static PackageIdentity identity(String purl) {
    return PackageIdentity.fromPurl(purl).orElseThrow();
  }

  private static ForcedUpgrade only(String tool, List<ForcedUpgrade> upgrades) {
    List<ForcedUpgrade> of = upgrades.stream().filter(u -> u.tool().equals(tool)).toList();
    assertThat(of).as("the %s snippet among %s", tool, upgrades).hasSize(1);
    return of.get(0);
  }

  private static String indent(String text) {
    StringBuilder b = new StringBuilder();
    for (String line : text.split("\n")) {
      b.append("  ").append(line).append('\n');
    }
    return b.toString();
  }

  private static Path copy(String resource, Path to) throws Exception {
    Files.createDirectories(to.getParent());
    try (var in = ForcedUpgradesAppliedIT.class.getResourceAsStream(resource)) {
      assertThat(in).as(resource).isNotNull();
      Files.copy(in, to);
    }
    return to;
  }
}
