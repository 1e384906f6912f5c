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
    assertThat(f.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(f.path("fixed").toString()).isEqualTo("[\"2.15.0\"]");
    assertThat(f.size()).isEqualTo(5);
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
}
