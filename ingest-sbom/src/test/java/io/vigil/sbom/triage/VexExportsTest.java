package io.vigil.sbom.triage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisResolver;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.PurlPattern;
import io.vigil.core.vex.VexEntry;
import io.vigil.core.vex.VexImport;
import io.vigil.core.vex.VexParser;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
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
    List<VexEntry> entries = VexExports.exposures(items(), "1.0", NONE_RECORDED, NOW);

    assertThat(entries).hasSize(2);
    assertThat(entries.get(0).exposure().aliases()).containsExactly("CVE-2021-44228");
    assertThat(entries.get(0).fixedIn()).isEqualTo("2.15.0");
    assertThat(entries).allSatisfy(e -> assertThat(e.analysis()).isNull());
    assertThat(VexExports.exposures(items(), null, NONE_RECORDED, NOW)).hasSize(3);
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
    // the correlator put the decision on the log4j-core exposure
    List<JsonNode> items = items();
    ((ObjectNode) items.get(0)).set("analysis", stated(decided));
    List<VexEntry> exposures = VexExports.exposures(items, "1.0", recorded(decided), NOW);

    for (VexExports.Format format : VexExports.Format.values()) {
      byte[] doc = VexExports.write(format, "shop", "1.0", "ACME", exposures, NOW);
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
  void shouldStateADecisionRecordedUnderAnAliasOfTheExposuresAdvisoryAsTheCorrelatorResolvedIt()
      throws Exception {
    // the exposure is keyed by the CVE (an NVD-sourced OSV record naming no GHSA); the decision
    // was recorded on the GHSA of the same alias group: only the correlator's groups join them
    JsonNode item =
        JSON.readTree(
            "{\"project\":\"shop\",\"projectVersion\":\"1.0\",\"purl\":\""
                + CORE
                + "\",\"advisory\":\"CVE-2021-44228\",\"aliases\":[],"
                + "\"vulnerability\":\"CVE-2021-44228\"}");
    Analysis onGhsa =
        Analysis.builder(
                AnalysisScope.project("shop", null),
                "GHSA-jfh8-c2jp-5v3q",
                AnalysisState.NOT_AFFECTED)
            .cycloneDxJustification(CycloneDxJustification.REQUIRES_CONFIGURATION)
            .detail("JNDI lookups disabled")
            .author("oncall")
            .decidedAt(NOW.minusSeconds(60))
            .build();
    ((ObjectNode) item).set("analysis", stated(onGhsa));

    VexEntry entry = VexExports.exposures(List.of(item), "1.0", recorded(onGhsa), NOW).get(0);

    assertThat(AnalysisResolver.resolve(entry.exposure(), List.of(onGhsa), NOW, null).decision())
        .as("resolved again without the alias group, the decision would be missed")
        .isNull();
    assertThat(entry.analysis()).isEqualTo(onGhsa);
    String cdx =
        new String(
            VexExports.write(
                VexExports.Format.CYCLONEDX, "shop", "1.0", "ACME", List.of(entry), NOW),
            java.nio.charset.StandardCharsets.UTF_8);
    JsonNode vulnerability = JSON.readTree(cdx).path("vulnerabilities").get(0);
    assertThat(vulnerability.path("id").asText()).isEqualTo("CVE-2021-44228");
    assertThat(vulnerability.path("analysis").path("state").asText()).isEqualTo("not_affected");
    assertThat(vulnerability.path("analysis").path("justification").asText())
        .as("the recorded decision's finer CycloneDX justification")
        .isEqualTo("requires_configuration");
    List<Analysis> imported =
        VexImport.analyses(
                VexParser.parse(cdx.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                VexImport.Target.project("shop", "1.0"),
                "ci",
                NOW)
            .analyses();
    assertThat(imported)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.vulnerabilityId()).isEqualTo("CVE-2021-44228");
              assertThat(a.state()).isEqualTo(AnalysisState.NOT_AFFECTED);
            });
  }

  @Test
  void shouldStateAPolicyDecisionAsTheItemSaysItAndLeaveAnExpiredOneUndecided() throws Exception {
    Analysis byPolicy =
        Analysis.builder(
                AnalysisScope.project("shop", null), "CVE-2022-42889", AnalysisState.FALSE_POSITIVE)
            .justification(Justification.COMPONENT_NOT_PRESENT)
            .author("policy:defaults/optional-scope")
            .source(AnalysisSource.POLICY)
            .decidedAt(NOW.minusSeconds(60))
            .build();
    Analysis expired =
        byPolicy.toBuilder()
            .author("oncall")
            .source(AnalysisSource.MANUAL)
            .validUntil(NOW.minusSeconds(1))
            .decidedAt(NOW.minusSeconds(120))
            .build();
    List<JsonNode> items = items();
    ((ObjectNode) items.get(1)).set("analysis", stated(byPolicy));
    ((ObjectNode) items.get(0)).set("analysis", stated(expired));

    List<VexEntry> entries = VexExports.exposures(items, "1.0", recorded(expired), NOW);

    assertThat(entries.get(0).analysis()).as("expired").isNull();
    Analysis stated = entries.get(1).analysis();
    assertThat(stated.state()).isEqualTo(AnalysisState.FALSE_POSITIVE);
    assertThat(stated.justification()).isEqualTo(Justification.COMPONENT_NOT_PRESENT);
    assertThat(stated.source()).isEqualTo(AnalysisSource.POLICY);
    assertThat(stated.author()).isEqualTo("policy:defaults/optional-scope");
    assertThat(stated.decidedAt()).isEqualTo(byPolicy.decidedAt());
  }

  private static final Function<String, Optional<Analysis>> NONE_RECORDED = k -> Optional.empty();

  /** The analyses topic's current decisions, by key. */
  private static Function<String, Optional<Analysis>> recorded(Analysis... decisions) {
    return k -> Arrays.stream(decisions).filter(a -> a.key().equals(k)).findFirst();
  }

  /** A decision as the correlator's query API puts it on an exposure item ({@code analysis}). */
  private static ObjectNode stated(Analysis a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("key", a.key());
    n.put("vulnerability", a.vulnerabilityId());
    n.put("scope", a.scope().kind().name());
    n.put("state", a.state().cycloneDx());
    if (a.justification() != null) {
      n.put("justification", a.justification().label());
    }
    var responses = n.putArray("responses");
    a.responses().forEach(r -> responses.add(r.label()));
    n.put("detail", a.detail());
    n.put("author", a.author());
    n.put("source", a.source().name());
    n.put("sourceRef", a.sourceRef());
    n.put("decidedAt", a.decidedAt().toString());
    n.put("validUntil", a.validUntil() == null ? null : a.validUntil().toString());
    return n;
  }

  @Test
  void shouldRefuseAFormatItDoesNotWrite() {
    assertThat(VexExports.Format.parse(null)).isEqualTo(VexExports.Format.CYCLONEDX);
    assertThat(VexExports.Format.parse("OpenVEX")).isEqualTo(VexExports.Format.OPENVEX);
    assertThatThrownBy(() -> VexExports.Format.parse("csaf"))
        .hasMessageContaining("'csaf' is not a VEX export format");
  }
}
