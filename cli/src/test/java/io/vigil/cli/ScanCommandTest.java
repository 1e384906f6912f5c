package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScanCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private record Run(int exit, String out, String err) {}

  private static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    var cl = Main.commandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int exit = cl.execute(args);
    return new Run(exit, out.toString(), err.toString());
  }

  private static String resource(String name) throws Exception {
    return Path.of(ScanCommandTest.class.getResource("/scan/" + name).toURI()).toString();
  }

  @Test
  void shouldPrintOneJsonObjectPerFindingWhenTheSbomShipsAnAffectedComponent() throws Exception {
    Run r =
        run(
            "scan",
            "--advisories",
            resource("GHSA-jfh8-c2jp-5v3q.json"),
            resource("log4shell-app.cdx.json"));
    assertThat(r.exit()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode f = JSON.readTree(lines.get(0));
    assertThat(f.path("purl").asText())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(f.path("advisory").asText()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
    assertThat(f.path("aliases").toString()).contains("CVE-2021-44228");
    assertThat(f.path("vulnerability").asText()).isEqualTo("CVE-2021-44228");
    assertThat(f.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(f.path("score").asDouble()).isEqualTo(10.0);
    assertThat(f.path("fixed").toString()).isEqualTo("[\"2.15.0\"]");
    assertThat(f.size()).isEqualTo(7);
  }

  @Test
  void shouldNameTheReleaseAndTheSourcePackageOfADistroFinding(@TempDir Path dir) throws Exception {
    Path record = dir.resolve("DSA-TEST.json");
    Files.writeString(
        record,
        "{\"id\":\"DSA-TEST-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":["
            + "{\"package\":{\"ecosystem\":\"Debian:11\",\"name\":\"openssl\"},\"ranges\":[{\"type\":"
            + "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.1.1n-0+deb11u4\"}]}]},"
            + "{\"package\":{\"ecosystem\":\"Debian:12\",\"name\":\"openssl\"},\"ranges\":[{\"type\":"
            + "\"ECOSYSTEM\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"3.0.11-1~deb12u1\"}]}]}]}");
    Path sbom = dir.resolve("image.json");
    Files.writeString(
        sbom,
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":["
            + "{\"type\":\"library\",\"name\":\"libssl1.1\",\"purl\":"
            + "\"pkg:deb/debian/libssl1.1@1.1.1n-0+deb11u3?upstream=openssl&distro=debian-11.6\"},"
            + "{\"type\":\"library\",\"name\":\"libssl3\",\"purl\":"
            + "\"pkg:deb/debian/libssl3@3.0.9-1?upstream=openssl\"}]}");
    Run r = run("scan", "--advisories", record.toString(), sbom.toString());
    assertThat(r.exit()).isZero();
    List<String> lines = r.out().lines().toList();
    assertThat(lines).hasSize(1);
    JsonNode f = JSON.readTree(lines.get(0));
    assertThat(f.path("purl").asText()).contains("libssl1.1");
    assertThat(f.path("release").asText()).isEqualTo("Debian:11");
    assertThat(f.path("reason").asText())
        .startsWith("Debian:11: ")
        .contains("source package openssl 1.1.1n-0+deb11u3 (binary libssl1.1)");
    // libssl3 has no distro qualifier: neither release's entry applies to it; it is counted
    assertThat(r.err()).contains("1 indeterminate matches");
  }

  @Test
  void shouldExitOneWhenAFindingMeetsFailOn() throws Exception {
    Run r =
        run(
            "scan",
            "--fail-on",
            "HIGH",
            "--advisories",
            resource("GHSA-jfh8-c2jp-5v3q.json"),
            resource("log4shell-app.cdx.json"));
    assertThat(r.exit()).isEqualTo(1);
  }

  @Test
  void shouldExitZeroWhenNoFindingMeetsFailOn(@TempDir Path dir) throws Exception {
    Path sbom = dir.resolve("clean.json");
    Files.writeString(
        sbom,
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[{\"type\":\"library\",\"name\":\"log4j-core\",\"purl\":\"pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1\"}]}");
    Run r =
        run(
            "scan",
            "--fail-on",
            "LOW",
            "--advisories",
            resource("GHSA-jfh8-c2jp-5v3q.json"),
            sbom.toString());
    assertThat(r.exit()).isZero();
    assertThat(r.out()).isEmpty();
  }

  @Test
  void shouldNameTheFileAndTheProblemWhenAnAdvisorySourceIsNotOsv(@TempDir Path dir)
      throws Exception {
    Path bad = dir.resolve("broken.json");
    Files.writeString(bad, "{not json");
    Run r = run("scan", "--advisories", bad.toString(), resource("log4shell-app.cdx.json"));
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("broken.json").contains("not JSON");
  }

  @Test
  void shouldNameTheFileAndTheProblemWhenAnSbomCannotBeRead(@TempDir Path dir) throws Exception {
    Path bad = dir.resolve("bom.json");
    Files.writeString(bad, "{\"bomFormat\":\"CDX\"}");
    Run r = run("scan", "--advisories", resource("GHSA-jfh8-c2jp-5v3q.json"), "--", bad.toString());
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("bom.json").contains("bomFormat");
  }

  @Test
  void shouldFailWhenAnAdvisorySourceDoesNotExist() throws Exception {
    Run r = run("scan", "--advisories", "/no/such/osv.zip", resource("log4shell-app.cdx.json"));
    assertThat(r.exit()).isNotZero();
    assertThat(r.err()).contains("/no/such/osv.zip");
  }

  @Test
  void shouldTreatAnSpdxJsonAsAnSbomWhenItsVersionFieldComesAfterALongFilesList(@TempDir Path dir)
      throws Exception {
    // SPDX tools often write "files" first: spdxVersion can sit past the first 8 KB
    StringBuilder files = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      files
          .append(i == 0 ? "" : ",")
          .append("{\"fileName\": \"./src/file-")
          .append(i)
          .append(".c\", \"SPDXID\": \"SPDXRef-File-")
          .append(i)
          .append("\", \"licenseConcluded\": \"NOASSERTION\"}");
    }
    String spdx =
        "{\"files\": ["
            + files
            + "], \"packages\": [{\"SPDXID\": \"SPDXRef-log4j\", \"name\": \"log4j-core\","
            + " \"versionInfo\": \"2.14.1\", \"downloadLocation\": \"NOASSERTION\","
            + " \"externalRefs\": [{\"referenceCategory\": \"PACKAGE-MANAGER\","
            + " \"referenceType\": \"purl\","
            + " \"referenceLocator\": \"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1\"}]}],"
            + " \"SPDXID\": \"SPDXRef-DOCUMENT\", \"spdxVersion\": \"SPDX-2.2\","
            + " \"name\": \"late-version\", \"dataLicense\": \"CC0-1.0\","
            + " \"documentNamespace\": \"https://example.com/late-version\","
            + " \"creationInfo\": {\"created\": \"2024-01-01T00:00:00Z\","
            + " \"creators\": [\"Tool: test\"]}}";
    assertThat(spdx.indexOf("spdxVersion")).isGreaterThan(8192);
    Path sbom = dir.resolve("late-version.spdx.json");
    Files.writeString(sbom, spdx);

    Run r = run("scan", "--advisories", resource("GHSA-jfh8-c2jp-5v3q.json"), sbom.toString());

    assertThat(r.exit()).as(r.err()).isZero();
    assertThat(r.out().lines().toList()).hasSize(1);
    assertThat(JSON.readTree(r.out().lines().findFirst().orElseThrow()).path("purl").asText())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
  }

  @Test
  void shouldScanAnArchiveThroughItsPreparedIndexWithTheSameOutputAsTheDirectRead(@TempDir Path dir)
      throws Exception {
    Path zip = dir.resolve("osv.zip");
    try (java.util.zip.ZipOutputStream out =
        new java.util.zip.ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new java.util.zip.ZipEntry("GHSA-jfh8-c2jp-5v3q.json"));
      out.write(Files.readAllBytes(Path.of(resource("GHSA-jfh8-c2jp-5v3q.json"))));
      out.closeEntry();
    }
    String cache = dir.resolve("cache").toString();
    String sbom = resource("log4shell-app.cdx.json");
    Run direct = run("scan", "--no-index", "--advisories", zip.toString(), sbom);
    Run first = run("scan", "--cache-dir", cache, "--advisories", zip.toString(), sbom);
    Run second = run("scan", "--cache-dir", cache, "--advisories", zip.toString(), sbom);

    assertThat(direct.exit()).as(direct.err()).isZero();
    assertThat(direct.out().lines().toList()).hasSize(1);
    assertThat(first.out()).isEqualTo(direct.out());
    assertThat(second.out()).isEqualTo(direct.out());
    assertThat(first.err()).contains("prepared the index of " + zip).contains("first scan");
    assertThat(second.err()).doesNotContain("index");
    assertThat(direct.err()).doesNotContain("index");
  }
}
