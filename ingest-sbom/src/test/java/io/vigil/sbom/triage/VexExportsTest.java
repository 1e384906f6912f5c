package io.vigil.sbom.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisResolver;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.PurlPattern;
import io.vigil.core.vex.VexEntry;
import io.vigil.core.vex.VexImport;
import io.vigil.core.vex.VexParser;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VexExportsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");
  private static final String CORE = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String LANG = "pkg:maven/org.apache.commons/commons-text@1.9";

  /** Two exposures of shop 1.0 as the correlator's query API lists them, one of shop 0.9. */
  private static List<JsonNode> items() throws Exception {
    return List.of(
        JSON.readTree(
            "{\"project\":\"shop\",\"projectVersion\":\"1.0\",\"purl\":\""
                + CORE
                + "\",\"advisory\":\"GHSA-jfh8-c2jp-5v3q\",\"aliases\":[\"CVE-2021-44228\"],"
                + "\"vulnerability\":\"CVE-2021-44228\",\"smallestFix\":\"2.15.0\"}"),
        JSON.readTree(
            "{\"project\":\"shop\",\"projectVersion\":\"1.0\",\"purl\":\""
                + LANG
                + "\",\"advisory\":\"GHSA-599f-7c49-w659\",\"aliases\":[\"CVE-2022-42889\"],"
                + "\"smallestFix\":\"1.10.0\"}"),
        JSON.readTree(
            "{\"project\":\"shop\",\"projectVersion\":\"0.9\",\"purl\":\""
                + LANG
                + "\",\"advisory\":\"GHSA-599f-7c49-w659\",\"aliases\":[]}"));
  }

  @Test
  void shouldReadTheExposuresOfOneVersionFromTheQueryApiItems() throws Exception {
    List<VexEntry> entries = VexExports.exposures(items(), "1.0");

    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).exposure().aliases()).containsExactly("CVE-2021-44228");
    assertThat(entries.get(0).fixedIn()).isEqualTo("2.15.0");
    assertThat(VexExports.exposures(items(), null)).hasSize(3);
  }

  @Test
  void shouldGiveTheSameDecisionsBackWhenItsCycloneDxAndOpenVexExportsAreImported()
      throws Exception {
    // a portfolio decision by CVE on log4j-core, and the commons-text exposure left undecided
    Analysis decided =
        Analysis.builder(
                AnalysisScope.portfolio(
                    PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core")),
                "CVE-2021-44228",
                AnalysisState.NOT_AFFECTED)
            .justification(Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH)
            .detail("JNDI lookups disabled")
            .author("oncall")
            .decidedAt(NOW.minusSeconds(3600))
            .build();
    List<VexEntry> exposures = VexExports.exposures(items(), "1.0");

    for (VexExports.Format format : VexExports.Format.values()) {
      byte[] doc =
          VexExports.write(format, "shop", "1.0", "ACME", exposures, List.of(decided), NOW);
      List<Analysis> imported =
          VexImport.analyses(
                  VexParser.parse(doc), VexImport.Target.project("shop", "1.0"), "ci", NOW)
              .analyses();

      // every exposure resolves to the same state and justification as before the round trip
      for (VexEntry e : exposures) {
        Analysis before =
            AnalysisResolver.resolve(e.exposure(), List.of(decided), NOW, null).decision();
        Analysis after = AnalysisResolver.resolve(e.exposure(), imported, NOW, null).decision();
        AnalysisState expected = before == null ? AnalysisState.IN_TRIAGE : before.state();
        assertThat(after).as(format + " " + e.componentRef()).isNotNull();
        assertThat(after.state()).as(format + " " + e.componentRef()).isEqualTo(expected);
        assertThat(after.justification())
            .as(format + " " + e.componentRef())
            .isEqualTo(before == null ? null : before.justification());
      }
    }
  }

  @Test
  void shouldRefuseAFormatItDoesNotWrite() {
    assertThat(VexExports.Format.parse(null)).isEqualTo(VexExports.Format.CYCLONEDX);
    assertThat(VexExports.Format.parse("OpenVEX")).isEqualTo(VexExports.Format.OPENVEX);
    assertThatThrownBy(() -> VexExports.Format.parse("csaf"))
        .hasMessageContaining("'csaf' is not a VEX export format");
  }
}
