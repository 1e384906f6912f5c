package io.vigil.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.testing.SharedData;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.junit.jupiter.api.Test;

/**
 * The hand-written Maven order against maven-artifact 3.8.6 {@code ComparableVersion} (the
 * generator of the OSV Maven fixtures) on every fixture pair: they must agree except where the OSV
 * fixtures themselves overrule ComparableVersion.
 */
class MavenComparableVersionOracleTest {

  /** {@code 1-ga-1}: ComparableVersion keeps a nested list and says "<"; the fixtures say "=". */
  private static final List<String> KNOWN = List.of("1-1 vs 1-ga-1");

  @Test
  void shouldAgreeWithComparableVersion386OnEveryFixturePairExceptTheDocumentedOne()
      throws Exception {
    List<ComparisonFixtures.Line> lines = new ArrayList<>();
    try (InputStream in =
        getClass().getResourceAsStream("/fixtures/osv-semantic/maven-versions.txt")) {
      lines.addAll(ComparisonFixtures.read(in));
    }
    if (SharedData.root() != null) {
      try (InputStream in =
          Files.newInputStream(
              SharedData.require("versions/osv-semantic/maven-versions-generated.txt"))) {
        lines.addAll(ComparisonFixtures.read(in));
      }
    }
    List<String> differences = new ArrayList<>();
    for (ComparisonFixtures.Line l : lines) {
      int ours = MavenVersionScheme.INSTANCE.compare(l.a(), l.b()).order();
      int cv = Integer.signum(new ComparableVersion(l.a()).compareTo(new ComparableVersion(l.b())));
      if (ours != cv) {
        differences.add(l.a() + " vs " + l.b());
      }
    }
    System.out.printf(
        "[oracle] ComparableVersion 3.8.6 agrees on %d/%d fixture pairs%n",
        lines.size() - differences.size(), lines.size());
    assertThat(differences).isEqualTo(KNOWN);
  }
}
