package io.vigil.core.vex;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.BomRefMatcher;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.ExposureRef;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.PurlPattern;
import io.vigil.core.triage.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.junit.jupiter.api.Test;

class VexWriterTest {
  private static final Instant DECIDED = Instant.parse("2026-02-10T09:30:00.123Z");
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";
  private static final String DATABIND =
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4";
  private static final String TEXT = "pkg:maven/org.apache.commons/commons-text@1.9";
  private static final String SNAKEYAML = "pkg:maven/org.yaml/snakeyaml@1.30";
  private static final String NETTY = "pkg:maven/io.netty/netty-handler@4.1.86.Final";

  /** The exposures of project shop 1.0 (log4j-core twice: a GHSA-keyed and a CVE-keyed record). */
  private static final List<VexEntry> EXPOSURES =
      List.of(
          entry(LOG4J, null, "GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228", "2.17.1"),
          entry(LOG4J, null, "CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q", "2.17.1"),
          entry(DATABIND, null, "CVE-2018-7489", "GHSA-6fpp-rgj9-8rwc", "2.9.5"),
          entry(TEXT, null, "GHSA-599f-7c49-w659", "CVE-2022-42889", "1.10.0"),
          entry(SNAKEYAML, null, "CVE-2022-1471", null, "2.0"),
          entry(NETTY, null, "CVE-2023-34462", null, "4.1.94.Final"),
          entry(null, "internal-lib", "CVE-2099-0001", null, null));

  /** Decisions of every scope kind, one of them for an alias of its exposure's advisory. */
  private static final List<Analysis> DECISIONS =
      List.of(
          decision(
                  AnalysisScope.portfolio(
                      PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core")),
                  "GHSA-jfh8-c2jp-5v3q",
                  AnalysisState.NOT_AFFECTED)
              .justification(Justification.COMPONENT_NOT_PRESENT)
              .detail("log4j-core is shaded out of the shipped jar")
              .build(),
          decision(
                  AnalysisScope.component("shop", null, PurlPattern.parse(DATABIND)),
                  "CVE-2018-7489",
                  AnalysisState.EXPLOITABLE)
              .responses(List.of(Response.UPDATE))
              .actionStatement("Upgrade jackson-databind to 2.9.5")
              .detail("c3p0 is on the classpath")
              .build(),
          decision(
                  AnalysisScope.project("shop", "1.0"),
                  "CVE-2022-42889",
                  AnalysisState.FALSE_POSITIVE)
              .detail("the scanner matched commons-text-shaded, which is not this artifact")
              .build(),
          decision(
                  AnalysisScope.component(
                      "shop", "1.0", PurlPattern.parse("pkg:maven/io.netty/netty-handler")),
                  "CVE-2023-34462",
                  AnalysisState.NOT_AFFECTED)
              .cycloneDxJustification(CycloneDxJustification.PROTECTED_AT_PERIMETER)
              .responses(List.of(Response.WILL_NOT_FIX))
              .build(),
          decision(
                  AnalysisScope.component("shop", null, new BomRefMatcher("internal-lib")),
                  "CVE-2099-0001",
                  AnalysisState.RESOLVED)
              .build());

  @Test
  void shouldWriteACycloneDxVexThatIsValidAgainstTheSchema() throws Exception {
    byte[] bom = cycloneDx();

    assertThat(JsonSchemas.cycloneDx16(bom)).isEmpty();
    String json = new String(bom, StandardCharsets.UTF_8);
    assertThat(json).contains("\"recommendation\" : \"Upgrade jackson-databind to 2.9.5\"");
    assertThat(json).contains("\"value\" : \"component_not_present\"");
  }

  @Test
  void shouldWriteAnOpenVexDocumentThatIsValidAgainstTheSchema() throws Exception {
    byte[] doc = openVex();

    assertThat(JsonSchemas.openVex(doc)).isEmpty();
    VexDocument read = VexParser.parse(doc);
    assertThat(read.warnings()).isEmpty();
    assertThat(read.statements())
        .as(
            "one per (vulnerability, decision); log4j's two records are one; the purl-less"
                + " component is not in OpenVEX")
        .hasSize(5);
  }

  @Test
  void shouldGiveBackTheSameDecisionsAfterACycloneDxRoundTrip() throws Exception {
    var original = VexEntry.resolve(EXPOSURES, DECISIONS, NOW, null);

    VexDocument read = VexParser.parse(cycloneDx());
    var imported =
        VexImport.analyses(
            read, VexImport.Target.project("shop", "1.0"), "bob", NOW.plusSeconds(60));
    var again = VexEntry.resolve(EXPOSURES, imported.analyses(), NOW.plusSeconds(60), null);

    assertThat(imported.skipped()).isEmpty();
    Map<String, List<Object>> expected = new LinkedHashMap<>();
    Map<String, List<Object>> actual = new LinkedHashMap<>();
    for (int i = 0; i < original.size(); i++) {
      String exposure =
          original.get(i).componentRef() + " " + original.get(i).exposure().vulnerabilityId();
      Analysis before = original.get(i).analysis();
      expected.put(
          exposure,
          before == null
              ? List.of(AnalysisState.IN_TRIAGE, "-", "-", List.of(), "-", "-", read.timestamp())
              : cycloneDxView(before));
      actual.put(exposure, cycloneDxView(again.get(i).analysis()));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void shouldGiveBackWhatOpenVexCanSayAfterAnOpenVexRoundTrip() throws Exception {
    var original = VexEntry.resolve(EXPOSURES, DECISIONS, NOW, null);

    VexDocument read = VexParser.parse(openVex());
    var imported =
        VexImport.analyses(
            read, VexImport.Target.project("shop", "1.0"), "bob", NOW.plusSeconds(60));
    var again = VexEntry.resolve(EXPOSURES, imported.analyses(), NOW.plusSeconds(60), null);

    Map<String, List<Object>> expected = new LinkedHashMap<>();
    Map<String, List<Object>> actual = new LinkedHashMap<>();
    for (int i = 0; i < original.size(); i++) {
      VexEntry e = original.get(i);
      String exposure = e.componentRef() + " " + e.exposure().vulnerabilityId();
      Analysis before = e.analysis();
      List<Object> view;
      if (e.exposure().purl() == null) {
        view = null; // OpenVEX has no place for a component without a purl
      } else if (before == null) {
        view = List.of(AnalysisState.IN_TRIAGE, "-", "-", "-", read.timestamp());
      } else {
        AnalysisState state =
            before.state() == AnalysisState.FALSE_POSITIVE
                ? AnalysisState.NOT_AFFECTED
                : before.state();
        view = openVexView(before.toBuilder().state(state).build());
      }
      expected.put(exposure, view);
      actual.put(
          exposure, again.get(i).analysis() == null ? null : openVexView(again.get(i).analysis()));
    }
    assertThat(actual).isEqualTo(expected);
  }

  @Test
  void shouldSeeTheSchemasRejectABrokenDocument() throws Exception {
    String bom =
        new String(cycloneDx(), StandardCharsets.UTF_8).replace("\"in_triage\"", "\"maybe\"");
    String vex =
        new String(openVex(), StandardCharsets.UTF_8)
            .replace("\"under_investigation\"", "\"unknown\"");

    assertThat(JsonSchemas.cycloneDx16(bom.getBytes(StandardCharsets.UTF_8)))
        .anySatisfy(m -> assertThat(m).contains("/analysis/state"));
    assertThat(JsonSchemas.openVex(vex.getBytes(StandardCharsets.UTF_8)))
        .anySatisfy(m -> assertThat(m).contains("/status"));
  }

  @Test
  void shouldRefuseAnOpenVexDocumentWithoutStatements() {
    assertThatThrownBy(() -> OpenVexWriter.write("empty", null, "Acme", List.of(), NOW))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("OpenVEX needs a statement");
  }

  private static byte[] cycloneDx() {
    return CycloneDxVexWriter.write(
        "shop", "1.0", "Acme Security", VexEntry.resolve(EXPOSURES, DECISIONS, NOW, null), NOW);
  }

  private static byte[] openVex() {
    return OpenVexWriter.write(
        "shop", "1.0", "Acme Security", VexEntry.resolve(EXPOSURES, DECISIONS, NOW, null), NOW);
  }

  /** What CycloneDX carries of a decision (author, comment, scope and validity are internal). */
  private static List<Object> cycloneDxView(Analysis a) {
    if (a == null) {
      return null;
    }
    return List.of(
        a.state(),
        Objects.toString(a.justification(), "-"),
        Objects.toString(a.cycloneDxJustificationOrDefault(), "-"),
        a.responses(),
        Objects.toString(a.detail(), "-"),
        Objects.toString(a.actionStatement(), "-"),
        a.decidedAt());
  }

  /** What OpenVEX carries: the five justifications, detail, action statement, time. */
  private static List<Object> openVexView(Analysis a) {
    return new ArrayList<>(
        List.of(
            a.state(),
            Objects.toString(a.justification(), "-"),
            Objects.toString(a.detail(), "-"),
            Objects.toString(a.actionStatement(), "-"),
            a.decidedAt()));
  }

  private static Analysis.Builder decision(AnalysisScope scope, String vuln, AnalysisState state) {
    return Analysis.builder(scope, vuln, state).author("alice").decidedAt(DECIDED);
  }

  private static VexEntry entry(String purl, String bomRef, String id, String alias, String fix) {
    return new VexEntry(
        new ExposureRef("shop", "1.0", purl, bomRef, id, alias == null ? Set.of() : Set.of(alias)),
        fix,
        null);
  }
}
