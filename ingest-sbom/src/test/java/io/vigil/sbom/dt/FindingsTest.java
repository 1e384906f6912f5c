package io.vigil.sbom.dt;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class FindingsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CORE = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final UUID PROJECT = ProjectUuids.project("shop", "1.0");

  private static JsonNode exposure(
      String purl, String advisory, String vuln, String severity, Double score, String... aliases)
      throws Exception {
    var n = JSON.createObjectNode();
    n.put("type", "NEW");
    n.put("project", "shop");
    n.put("purl", purl);
    n.put("version", purl.substring(purl.indexOf('@') + 1));
    n.put("advisory", advisory);
    var a = n.putArray("aliases");
    for (String s : aliases) {
      a.add(s);
    }
    n.put("vulnerability", vuln);
    n.put("severity", severity);
    if (score != null) {
      n.put("score", score);
    }
    n.put("smallestFix", "2.17.1");
    n.put("triggeredAt", "2026-12-01T10:00:00Z");
    return n;
  }

  @Test
  void shouldGiveOneFindingPerComponentAndVulnerabilityKeepingTheWorstRatingOfTheAliasGroup()
      throws Exception {
    List<Findings.Finding> f =
        Findings.of(
            List.of(
                exposure(
                    CORE,
                    "GHSA-jfh8-c2jp-5v3q",
                    "CVE-2021-44228",
                    "CRITICAL",
                    10.0,
                    "CVE-2021-44228"),
                exposure(CORE, "CVE-2021-44228", "CVE-2021-44228", "HIGH", 9.0),
                exposure(
                    CORE,
                    "GHSA-7rjr-3q55-vv33",
                    "CVE-2021-45046",
                    "CRITICAL",
                    9.0,
                    "CVE-2021-45046"),
                exposure(
                    "pkg:npm/lodash@4.17.20",
                    "GHSA-35jh-r3h4-6jhm",
                    "CVE-2021-23337",
                    "HIGH",
                    7.2)));

    assertThat(f)
        .extracting(x -> x.purl() + " " + x.vulnId() + " " + x.severity() + " " + x.aliases())
        .containsExactly(
            CORE + " CVE-2021-44228 CRITICAL [GHSA-jfh8-c2jp-5v3q]",
            CORE + " CVE-2021-45046 CRITICAL [GHSA-7rjr-3q55-vv33]",
            "pkg:npm/lodash@4.17.20 CVE-2021-23337 HIGH [GHSA-35jh-r3h4-6jhm]");
  }

  @Test
  void shouldShapeAFindingAsDependencyTracksFindingJson() throws Exception {
    Findings.Finding f =
        Findings.of(
                List.of(
                    exposure(
                        CORE,
                        "GHSA-jfh8-c2jp-5v3q",
                        "CVE-2021-44228",
                        "CRITICAL",
                        10.0,
                        "CVE-2021-44228")))
            .get(0);

    JsonNode json = JSON.valueToTree(Findings.json(PROJECT, f));

    JsonNode c = json.path("component");
    assertThat(c.path("group").asText()).isEqualTo("org.apache.logging.log4j");
    assertThat(c.path("name").asText()).isEqualTo("log4j-core");
    assertThat(c.path("version").asText()).isEqualTo("2.14.1");
    assertThat(c.path("purl").asText()).isEqualTo(CORE);
    assertThat(c.path("project").asText()).isEqualTo(PROJECT.toString());
    JsonNode v = json.path("vulnerability");
    assertThat(v.path("vulnId").asText()).isEqualTo("CVE-2021-44228");
    assertThat(v.path("source").asText()).isEqualTo("NVD");
    assertThat(v.path("severity").asText()).isEqualTo("CRITICAL");
    assertThat(v.path("severityRank").asInt()).isZero();
    assertThat(v.path("cvssV3BaseScore").asDouble()).isEqualTo(10.0);
    assertThat(v.path("recommendation").asText()).isEqualTo("Upgrade to version 2.17.1");
    assertThat(v.path("aliases").toString())
        .isEqualTo("[{\"cveId\":\"CVE-2021-44228\",\"ghsaId\":\"GHSA-jfh8-c2jp-5v3q\"}]");
    assertThat(json.path("analysis").toString()).isEqualTo("{\"isSuppressed\":false}");
    assertThat(json.path("attribution").path("analyzerIdentity").asText())
        .isEqualTo("INTERNAL_ANALYZER");
    assertThat(json.path("attribution").path("attributedOn").asLong())
        .isEqualTo(Instant.parse("2026-12-01T10:00:00Z").toEpochMilli());
    assertThat(json.path("matrix").asText())
        .isEqualTo(PROJECT + ":" + c.path("uuid").asText() + ":" + v.path("uuid").asText());
  }

  @Test
  void shouldMapRatingsAndIdsToDependencyTracksSeveritiesAndSources() {
    assertThat(Findings.severity("moderate")).isEqualTo("MEDIUM");
    assertThat(Findings.severity("NONE")).isEqualTo("INFO");
    assertThat(Findings.severity(null)).isEqualTo("UNASSIGNED");
    assertThat(Findings.source("GHSA-jfh8-c2jp-5v3q")).isEqualTo("GITHUB");
    assertThat(Findings.source("PYSEC-2021-1")).isEqualTo("OSV");
    assertThat(Findings.groupAndName("pkg:npm/%40scope/pkg@1.0")).containsExactly("@scope", "pkg");
  }

  @Test
  void shouldCountMetricsAndTheInheritedRiskScoreAsDependencyTrackDoes() throws Exception {
    List<Findings.Finding> f =
        Findings.of(
            List.of(
                exposure(CORE, "A", "CVE-1", "CRITICAL", null),
                exposure(CORE, "B", "CVE-2", "HIGH", null),
                exposure("pkg:npm/x@1", "C", "CVE-3", "LOW", null),
                exposure("pkg:npm/x@1", "D", "CVE-4", null, null)));
    Instant first = Instant.parse("2026-12-01T00:00:00Z");

    Map<String, Object> m = Findings.metrics(f, 12, first, first.plusSeconds(60));

    assertThat(m)
        .containsEntry("critical", 1)
        .containsEntry("high", 1)
        .containsEntry("medium", 0)
        .containsEntry("low", 1)
        .containsEntry("unassigned", 1)
        .containsEntry("vulnerabilities", 4)
        .containsEntry("vulnerableComponents", 2)
        .containsEntry("components", 12)
        .containsEntry("findingsTotal", 4)
        .containsEntry("findingsUnaudited", 4)
        .containsEntry("suppressed", 0)
        .containsEntry("policyViolationsTotal", 0)
        .containsEntry("inheritedRiskScore", 21.0)
        .containsEntry("firstOccurrence", first.toEpochMilli())
        .containsEntry("lastOccurrence", first.plusSeconds(60).toEpochMilli());
  }
}
