package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.intake.Violation;
import io.vigil.testkit.SharedData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Validation against the shared SBOM corpus ({@code ../shared/data/sbom}): every valid file is
 * accepted in strict mode except the real-world files that truly violate their schema (the table
 * below, each with its violation), which lenient mode accepts; every file of {@code invalid/} is
 * rejected in strict mode with violations that say what and where. Skipped, loudly, without the
 * shared data.
 */
class SbomCorpusTest {
  /**
   * Files of the valid corpus that break their schema, and the violation that says so. Each is a
   * genuine deviation in a real-world or regression file, except the two spec "valid" ML tests: the
   * CycloneDX 1.5/1.6 XSD bundled in cyclonedx-core-java 12.2.0 allows one {@code user} (and {@code
   * useCase}, ...) per model card consideration, the spec's test document has two.
   */
  static final Map<String, String> SCHEMA_INVALID_BUT_REAL =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry(
                  "cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.2.json",
                  "$['$schema']: does not have a value in the enumeration"),
              Map.entry(
                  "cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.3.json",
                  "$['$schema']: does not have a value in the enumeration"),
              Map.entry(
                  "cyclonedx/cyclonedx-core-java/bom-1.5.json",
                  "$.components[0].evidence.identity.tools[0]: object found, string expected"),
              Map.entry(
                  "cyclonedx/cyclonedx-core-java/regression/issue336.json",
                  "$.metadata.component: required property 'type' not found"),
              Map.entry(
                  "cyclonedx/cyclonedx-core-java/regression/issue408-1.5.json",
                  "$.metadata.licenses[0]: required property 'license' not found"),
              Map.entry(
                  "cyclonedx/cyclonedx-core-java/regression/issue408.json",
                  "$.metadata.licenses[0]: required property 'license' not found"),
              Map.entry(
                  "cyclonedx/osv-scanner/with-duplicates.cdx.xml",
                  "declared for identity constraint \"bom-ref\""),
              Map.entry(
                  "cyclonedx/specification-tests/1.5/valid-machine-learning-1.5.xml",
                  "Invalid content was found starting with element 'user'"),
              Map.entry(
                  "cyclonedx/specification-tests/1.6/valid-machine-learning-1.6.xml",
                  "Invalid content was found starting with element 'user'"),
              Map.entry(
                  "spdx/guac/alpine-spdx.json",
                  "$.packages[0]: required property 'copyrightText' not found"),
              Map.entry(
                  "spdx/guac/oci-kubectl-linux-amd64-spdx.json",
                  "$.packages[0]: required property 'copyrightText' not found"),
              Map.entry(
                  "spdx/guac/small-spdx.json",
                  "$.creationInfo.creators[0]: object found, string expected"),
              Map.entry(
                  "spdx/spdx-examples/software/example9/spdx2.2/appbomination.spdx.json",
                  "$.packages[3].externalRefs[0].referenceCategory: does not have a value in the"
                      + " enumeration")));

  /** Invalid-corpus files and the violation each must be rejected with. */
  static final Map<String, String> INVALID_NAMED =
      Map.of(
          "invalid/osv-scanner/bad-purls.cdx.xml", "'pkg:pypi/' is not a valid package URL",
          "invalid/spdx-tools-java/SPDXWrongVersion.spdx.json",
              "$.spdxVersion: 'SPDX-2.2.1' is not an SPDX version",
          "invalid/spdx-tools-java/BadJSON.spdx.json",
              "$.creationInfo.creators: string found, array expected",
          "invalid/guac/invalid-spdx.json", "$.spdxVersion: '2' is not an SPDX version",
          "invalid/guac/invalid-cyclonedx.json", "$.bomFormat is 'CDX'",
          "invalid/guac/invalid-cyclonedx.xml", "not a valid XML document",
          "invalid/dependency-track/bom-invalid.json", "not a valid JSON document",
          "invalid/cyclonedx/specification-tests/1.5/invalid-component-type-1.5.json",
              "$.components[0].type: does not have a value in the enumeration");

  private static Path root;

  @BeforeAll
  static void sharedData() {
    // skipped loudly without the corpus; with VIGIL_REQUIRE_SHARED_DATA=true (CI) it fails
    root = SharedData.require("sbom", "SbomCorpusTest");
  }

  @Test
  void shouldAcceptEveryValidCorpusFileInStrictModeExceptTheTableWhichLenientModeAccepts()
      throws IOException {
    List<String> files = new ArrayList<>(files("cyclonedx"));
    files.addAll(files("spdx"));
    List<String> unexpectedRejections = new ArrayList<>();
    List<String> tableProblems = new ArrayList<>();
    for (String file : files) {
      byte[] bytes = Files.readAllBytes(root.resolve(file));
      SbomIntake.Result strict = SbomIntake.read(bytes, false);
      String expected = SCHEMA_INVALID_BUT_REAL.get(file);
      if (expected == null) {
        if (!strict.accepted()) {
          unexpectedRejections.add(file + ": " + strict.violations());
        }
        continue;
      }
      if (strict.accepted()) {
        tableProblems.add(file + ": accepted in strict mode, but listed as invalid");
      } else if (strict.violations().stream().noneMatch(v -> v.toString().contains(expected))) {
        tableProblems.add(
            file + ": no violation contains '" + expected + "': " + strict.violations());
      }
      SbomIntake.Result lenient = SbomIntake.read(bytes, true);
      if (!lenient.accepted() || lenient.warnings().isEmpty()) {
        tableProblems.add(file + ": not accepted with warnings in lenient mode");
      }
    }

    assertThat(files).hasSizeGreaterThan(350);
    assertThat(unexpectedRejections).as("valid files rejected in strict mode").isEmpty();
    assertThat(tableProblems).isEmpty();
  }

  @Test
  void shouldRejectEveryInvalidCorpusFileNamingEachViolationWhenStrict() throws IOException {
    List<String> problems = new ArrayList<>();
    List<String> files = files("invalid");
    for (String file : files) {
      SbomIntake.Result r = SbomIntake.read(Files.readAllBytes(root.resolve(file)), false);
      if (r.accepted()) {
        problems.add(file + ": accepted");
        continue;
      }
      for (Violation v : r.violations()) {
        if (v.path() == null
            || v.path().isBlank()
            || v.message() == null
            || v.message().isBlank()) {
          problems.add(file + ": a violation without path or message: " + v);
        }
      }
      String expected = INVALID_NAMED.get(file);
      if (expected != null
          && r.violations().stream().noneMatch(v -> v.toString().contains(expected))) {
        problems.add(file + ": no violation contains '" + expected + "': " + r.violations());
      }
    }

    assertThat(files).hasSizeGreaterThan(200);
    assertThat(files).containsAll(INVALID_NAMED.keySet());
    assertThat(problems).isEmpty();
  }

  @Test
  void shouldListEveryViolationOfABadPurlDocumentWhenSeveralPurlsAreBroken() throws IOException {
    SbomIntake.Result r =
        SbomIntake.read(
            Files.readAllBytes(root.resolve("invalid/osv-scanner/bad-purls.cdx.xml")), false);

    assertThat(r.violations())
        .extracting(Violation::message)
        .filteredOn(m -> m.contains("is not a valid package URL"))
        .hasSize(5); // pkg:pypi/ three times, pkg:///, "/" ("pkg:apk/alpine/@1.36.1-r27" is valid
    // per the purl spec's parsing rules: the trailing '/' is stripped and the name is "alpine")
    assertThat(r.violations())
        .allSatisfy(v -> assertThat(v.path()).startsWith("/bom/components/component["));
  }

  private static List<String> files(String dir) throws IOException {
    try (Stream<Path> s = Files.walk(root.resolve(dir))) {
      return s.filter(Files::isRegularFile)
          .map(p -> root.relativize(p).toString().replace('\\', '/'))
          .sorted()
          .toList();
    }
  }
}
