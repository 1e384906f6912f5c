package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.sbom.SbomParser;
import io.vigil.testkit.SharedData;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whole-pipeline replay: {@code vigil demo --advisories <every shared OSV zip> <the held-out PyPA
 * records> --sbom <every shared CycloneDX and SPDX SBOM the SBOM parser reads> <an SBOM that ships
 * their packages> --exposures-out F --once} (ingest-advisories, ingest-sbom over HTTP, the
 * correlator and alerting on the in-process broker) emits NEW events that are exactly the findings
 * of {@code vigil scan} on the same inputs, record for record: the same (purl, advisory) pairs, as
 * many times (one per SBOM that ships the purl), with the same fixed versions, vulnerability id and
 * severity. Nothing is set aside: records the OSV schema rejects (PYSEC-2021-425's abbreviated
 * commit, PYSEC-2017-27's {@code .patch}, ...) are used by both, and a record neither can use is
 * skipped by both ({@code io.vigil.core.osv.OsvSalvage}).
 *
 * <p>Reads {@code ../shared/data} ({@code -Dvigil.shared.data}); skipped, loudly, without it, and
 * failed with {@code VIGIL_REQUIRE_SHARED_DATA=true} (CI).
 */
class ReplayMatchesScanIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path work;

  @Test
  void shouldEmitExactlyTheScanFindingsWhenTheSharedDataIsReplayedThroughThePipeline()
      throws Exception {
    // skipped loudly without the data; with VIGIL_REQUIRE_SHARED_DATA=true (CI) it fails
    Path shared = SharedData.require("osv", "ReplayMatchesScanIT").getParent();
    List<String> zips = new ArrayList<>();
    try (Stream<Path> s = Files.list(shared.resolve("osv"))) {
      s.filter(p -> p.toString().endsWith(".zip")).sorted().forEach(p -> zips.add(p.toString()));
    }
    Path replay = Path.of(ReplayMatchesScanIT.class.getResource("/replay").toURI());
    zips.add(replay.resolve("osv").toString());
    List<String> sboms = new ArrayList<>();
    int skipped = 0;
    for (String dir : List.of("sbom/cyclonedx", "sbom/spdx")) {
      try (Stream<Path> s = Files.walk(shared.resolve(dir))) {
        for (Path p : s.filter(Files::isRegularFile).sorted().toList()) {
          try {
            SbomParser.parse(p); // the parser both scan and ingest-sbom use
            sboms.add(p.toString());
          } catch (Exception e) {
            skipped++;
          }
        }
      }
    }
    sboms.add(replay.resolve("pypa-app.cdx.json").toString());
    System.err.printf(
        "ReplayMatchesScanIT: %d OSV sources, %d SBOMs (%d the parser rejects, left out)%n",
        zips.size(), sboms.size(), skipped);
    assertThat(sboms).isNotEmpty();

    // vigil scan
    // the archives' prepared indexes in this test's own directory, never the user's cache
    List<String> scanArgs =
        new ArrayList<>(
            List.of(
                "scan",
                "--cache-dir",
                Files.createTempDirectory("vigil-scan-index").toString(),
                "--advisories"));
    scanArgs.addAll(zips);
    scanArgs.addAll(sboms);
    StringWriter scanOut = new StringWriter();
    StringWriter scanErr = new StringWriter();
    var scan = Main.commandLine();
    scan.setOut(new PrintWriter(scanOut, true));
    scan.setErr(new PrintWriter(scanErr, true));
    assertThat(scan.execute(scanArgs.toArray(String[]::new))).as(scanErr.toString()).isZero();
    Map<String, Integer> expected = new TreeMap<>();
    for (String line : scanOut.toString().lines().toList()) {
      expected.merge(finding(JSON.readTree(line)), 1, Integer::sum);
    }
    System.err.println(
        "ReplayMatchesScanIT: what the scan skipped or dropped (ingest-advisories does the same):");
    scanErr
        .toString()
        .lines()
        .filter(l -> l.contains("skipped") || l.contains("dropped"))
        .forEach(l -> System.err.println("  " + l));

    // vigil demo --once
    Path out = work.resolve("exposures.jsonl");
    List<String> demoArgs =
        new ArrayList<>(
            List.of("demo", "--once", "--timeout", "1500", "--exposures-out", out.toString()));
    demoArgs.add("--advisories");
    demoArgs.addAll(zips);
    demoArgs.add("--sbom");
    demoArgs.addAll(sboms);
    var demo = Main.commandLine();
    demo.setErr(new PrintWriter(new StringWriter(), true));
    assertThat(demo.execute(demoArgs.toArray(String[]::new))).isZero();
    Map<String, Integer> actual = new TreeMap<>();
    int others = 0;
    for (String line : Files.readAllLines(out)) {
      JsonNode e = JSON.readTree(line);
      if (e.path("type").asText().equals("NEW")) {
        actual.merge(finding(e), 1, Integer::sum);
      } else {
        others++;
      }
    }

    System.err.printf(
        "ReplayMatchesScanIT: scan %d findings, pipeline %d NEW events (%d other events)%n",
        expected.values().stream().mapToInt(Integer::intValue).sum(),
        actual.values().stream().mapToInt(Integer::intValue).sum(),
        others);
    assertThat(expected).as("the shared data has findings").isNotEmpty();
    assertThat(expected.keySet())
        .as("findings carry a vulnerability id and a severity (the comparison is not vacuous)")
        .anyMatch(k -> k.contains("vulnerability=CVE-") && k.contains("severity=CRITICAL"))
        .anyMatch(k -> k.contains("severity=MEDIUM"));
    for (String pysec :
        List.of(
            "PYSEC-2021-425",
            "PYSEC-2017-27",
            "PYSEC-2021-424",
            "PYSEC-2021-436",
            "PYSEC-2019-155",
            "PYSEC-2023-80")) {
      assertThat(expected.keySet())
          .as("a finding of %s (the OSV schema rejects the record)", pysec)
          .anyMatch(k -> k.contains(" " + pysec + " "));
    }
    Map<String, Integer> missing = new TreeMap<>();
    Map<String, Integer> extra = new TreeMap<>();
    for (String k : expected.keySet()) {
      int d = expected.get(k) - actual.getOrDefault(k, 0);
      if (d > 0) {
        missing.put(k, d);
      }
    }
    for (String k : actual.keySet()) {
      int d = actual.get(k) - expected.getOrDefault(k, 0);
      if (d > 0) {
        extra.put(k, d);
      }
    }
    // both sides in one message: a record that differs in one field shows as a pair
    assertThat(missing)
        .as(
            "scan findings without a NEW event (and the NEW events the scan does not find: %s)",
            extra)
        .isEmpty();
    assertThat(extra).as("NEW events the scan does not find").isEmpty();
  }

  /**
   * purl, advisory, fixed versions, vulnerability id and severity of a scan line or an exposure
   * line (the same field names in both).
   */
  private static String finding(JsonNode n) {
    List<String> fixed = new ArrayList<>();
    n.path("fixed").forEach(v -> fixed.add(v.asText()));
    return n.path("purl").asText()
        + " "
        + n.path("advisory").asText()
        + " "
        + fixed
        + " vulnerability="
        + n.path("vulnerability").asText()
        + " severity="
        + n.path("severity").asText();
  }
}
