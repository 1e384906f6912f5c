package io.vigil.core.version;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.testing.SharedData;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Agreement with the ordering fixtures: every line of every osv-semantic file, osv.dev's Packagist
 * cases, and the vers-spec comparison suites of the OSV ecosystems (maven, alpine, nuget). The
 * hand-written osv-semantic files are bundled in test resources and always run; the generated ones
 * and vers-spec come from the shared data and are skipped loudly without it.
 */
class VersionConformanceTest {

  private static final Map<String, VersionScheme> OSV_SEMANTIC =
      Map.ofEntries(
          Map.entry("alpine", ApkVersionScheme.INSTANCE),
          Map.entry("cran", NumericVersionScheme.CRAN),
          Map.entry("debian", DpkgVersionScheme.INSTANCE),
          Map.entry("hackage", NumericVersionScheme.HACKAGE),
          Map.entry("maven", MavenVersionScheme.INSTANCE),
          Map.entry("packagist", PackagistVersionScheme.INSTANCE),
          Map.entry("pypi", PypiVersionScheme.INSTANCE),
          Map.entry("redhat", RpmVersionScheme.INSTANCE),
          Map.entry("rubygems", RubyGemsVersionScheme.INSTANCE),
          Map.entry("semver", SemverScheme.SEMVER));

  @TestFactory
  Stream<DynamicTest> shouldAgreeWithEveryLineWhenReadingBundledOsvSemanticFixtures() {
    return OSV_SEMANTIC.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey() + "-versions.txt",
                    () -> {
                      String resource = "/fixtures/osv-semantic/" + e.getKey() + "-versions.txt";
                      try (InputStream in = getClass().getResourceAsStream(resource)) {
                        assertThat(in).as(resource).isNotNull();
                        assertAgrees(resource, e.getValue(), ComparisonFixtures.read(in));
                      }
                    }));
  }

  @TestFactory
  Stream<DynamicTest> shouldAgreeWithEveryLineWhenReadingSharedOsvSemanticFixtures()
      throws IOException {
    Path dir = SharedData.require("versions/osv-semantic");
    List<DynamicTest> tests = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.sorted().toList()) {
        String name = f.getFileName().toString();
        String eco = name.substring(0, name.indexOf('-'));
        VersionScheme scheme = OSV_SEMANTIC.get(eco);
        tests.add(
            DynamicTest.dynamicTest(
                name,
                () -> {
                  assertThat(scheme).as("a scheme for " + name).isNotNull();
                  try (InputStream in = Files.newInputStream(f)) {
                    assertAgrees(name, scheme, ComparisonFixtures.read(in));
                  }
                }));
      }
    }
    return tests.stream();
  }

  @TestFactory
  Stream<DynamicTest> shouldAgreeWithOsvDevPackagistCasesWhenComparingComposerVersions() {
    return Stream.of(
        DynamicTest.dynamicTest(
            "packagist_test_cases.txt",
            () -> {
              String resource = "/fixtures/osv.dev/packagist_test_cases.txt";
              try (InputStream in = getClass().getResourceAsStream(resource)) {
                assertAgrees(
                    resource, PackagistVersionScheme.INSTANCE, ComparisonFixtures.read(in));
              }
            }));
  }

  @TestFactory
  Stream<DynamicTest> shouldAgreeWithVersSpecWhenComparingVersionsOfOsvEcosystems() {
    Map<String, VersionScheme> files =
        Map.of(
            "maven_version_cmp_test.json", MavenVersionScheme.INSTANCE,
            "alpine_version_cmp_test.json", ApkVersionScheme.INSTANCE,
            "nuget_version_cmp_test.json", SemverScheme.NUGET);
    return files.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(
            e ->
                DynamicTest.dynamicTest(
                    e.getKey(),
                    () -> {
                      Path f = SharedData.require("versions/vers-spec/" + e.getKey());
                      JsonNode root = new ObjectMapper().readTree(f.toFile());
                      List<String> bad = new ArrayList<>();
                      int cases = 0;
                      for (JsonNode t : root.path("tests")) {
                        cases++;
                        JsonNode v = t.path("input").path("versions");
                        String a = v.get(0).asText();
                        String b = v.get(1).asText();
                        if (t.path("test_type").asText().equals("equality")) {
                          Comparison c = e.getValue().compare(a, b);
                          boolean equal = !c.isError() && c.order() == 0;
                          if (c.isError() || equal != t.path("expected_output").asBoolean()) {
                            bad.add(
                                a
                                    + " == "
                                    + b
                                    + " expected "
                                    + t.path("expected_output")
                                    + " got "
                                    + c);
                          }
                        } else {
                          String lo = t.path("expected_output").get(0).asText();
                          String hi = t.path("expected_output").get(1).asText();
                          Comparison c = e.getValue().compare(lo, hi);
                          if (c.isError() || c.order() >= 0) {
                            bad.add(lo + " < " + hi + " got " + c);
                          }
                        }
                      }
                      report(e.getKey(), cases, bad);
                    }));
  }

  private static void assertAgrees(
      String what, VersionScheme scheme, List<ComparisonFixtures.Line> lines) {
    report(what, lines.size(), ComparisonFixtures.disagreements(scheme, lines));
  }

  private static void report(String what, int cases, List<String> bad) {
    System.out.printf("[conformance] %s: %d/%d agree%n", what, cases - bad.size(), cases);
    assertThat(bad).as(what + ": " + bad.size() + " of " + cases + " disagree").isEmpty();
    assertThat(cases).as(what + " has cases").isPositive();
  }
}
