package io.vigil.core.vex;

import static io.vigil.core.vex.VexFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.BomRefMatcher;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.PurlPattern;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class VexImportTest {
  private static final Instant NOW = Instant.parse("2026-03-01T00:00:00Z");
  private static final VexImport.Target SHOP = VexImport.Target.project("shop", null);

  @Test
  void shouldImportAStatementAboutTheDocumentsSubjectAsAProjectDecision() throws Exception {
    var r =
        VexImport.analyses(
            parse("cyclonedx/bom-examples-cisa-case-1-not_affected.json"),
            VexImport.Target.project("shop", "4.2"),
            "alice",
            NOW);

    Analysis a = r.analyses().get(0);
    assertThat(a.scope()).isEqualTo(AnalysisScope.project("shop", "4.2"));
    assertThat(a.vulnerabilityId()).isEqualTo("CVE-2021-44228");
    assertThat(a.state()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(a.justification()).isEqualTo(Justification.VULNERABLE_CODE_NOT_PRESENT);
    assertThat(a.source()).isEqualTo(AnalysisSource.VEX);
    assertThat(a.author()).isEqualTo("alice");
    assertThat(a.comment()).isEqualTo("imported by alice from cyclonedx_json document");
    assertThat(a.decidedAt()).isEqualTo(Instant.parse("2022-03-03T00:00:00Z"));
  }

  @Test
  void shouldLimitASubjectStatementToTheExactVersionsItLists() throws Exception {
    VexDocument doc = parse("cyclonedx/bom-examples-use-case-10.json");

    var one = VexImport.analyses(doc, VexImport.Target.project("acme", "2.3.0"), "alice", NOW);
    var none = VexImport.analyses(doc, VexImport.Target.project("acme", "9.9"), "alice", NOW);
    var every = VexImport.analyses(doc, VexImport.Target.project("acme", null), "alice", NOW);

    assertThat(one.analyses())
        .extracting(Analysis::scope)
        .containsExactly(AnalysisScope.project("acme", "2.3.0"));
    assertThat(none.analyses()).isEmpty();
    assertThat(none.skipped())
        .containsExactly(
            "$.vulnerabilities[0]: versions [2.2.0, 2.2.1, 2.2.2, 2.3.0, 2.3.1, 2.3.1, 2.3.2, 2.3.3,"
                + " 2.3.4, 2.3.5, 2.3.6, 2.3.7, 2.4.0] do not include project version 9.9");
    assertThat(every.analyses())
        .as("one decision per listed version (2.3.1 is listed twice)")
        .hasSize(12)
        .allSatisfy(a -> assertThat(a.scope().projectVersion()).startsWith("2."));
  }

  @Test
  void shouldNeverWidenAStatementLimitedByVersionRanges() throws Exception {
    var r = VexImport.analyses(parse("cyclonedx/bom-examples-use-case-5.json"), SHOP, "alice", NOW);

    assertThat(r.analyses()).isEmpty();
    assertThat(r.skipped())
        .hasSize(2)
        .allSatisfy(s -> assertThat(s).contains("which Vigil does not evaluate: not imported"));
  }

  @Test
  void shouldImportAPurlIntoTheProjectOrTheWholePortfolio() throws Exception {
    VexDocument doc = parse("cyclonedx/bom-examples-vex.json");
    PurlPattern databind =
        PurlPattern.parse("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");

    var project = VexImport.analyses(doc, SHOP, "alice", NOW);
    var portfolio = VexImport.analyses(doc, VexImport.Target.portfolio(), "alice", NOW);

    assertThat(project.analyses())
        .extracting(Analysis::scope)
        .containsExactly(AnalysisScope.component("shop", null, databind));
    assertThat(portfolio.analyses())
        .extracting(Analysis::scope)
        .containsExactly(AnalysisScope.portfolio(databind));
  }

  @Test
  void shouldImportABomRefIntoAProjectOnly() throws Exception {
    VexDocument doc = parse("cyclonedx/guac-cyclonedx-vex.xml");

    var project = VexImport.analyses(doc, SHOP, "alice", NOW);
    var portfolio = VexImport.analyses(doc, VexImport.Target.portfolio(), "alice", NOW);

    assertThat(project.analyses())
        .extracting(Analysis::scope)
        .containsExactly(
            AnalysisScope.component("shop", null, new BomRefMatcher("jackson-databind-2.8.0")));
    assertThat(portfolio.analyses()).isEmpty();
    assertThat(portfolio.skipped())
        .containsExactly(
            "$.vulnerabilities[0]: names component 'jackson-databind-2.8.0' by bom-ref only: import"
                + " the document into a project");
  }

  @Test
  void shouldLetTheLaterOfTwoStatementsAboutOneProductWin() throws Exception {
    var r = VexImport.analyses(parse("openvex/openvex-multiple.json"), SHOP, "alice", NOW);

    assertThat(r.analyses()).hasSize(1);
    Analysis a = r.analyses().get(0);
    assertThat(a.state()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(a.author()).isEqualTo("Aqua Security");
    assertThat(a.decidedAt()).isEqualTo(Instant.parse("2023-01-17T01:07:16.853479631Z"));
  }

  @Test
  void shouldImportSubcomponentsAsComponentsOfTheProject() throws Exception {
    var r = VexImport.analyses(parse("openvex/v0.2.0.json"), SHOP, "alice", NOW);

    assertThat(r.analyses())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.scope().kind()).isEqualTo(AnalysisScope.Kind.COMPONENT));
    assertThat(r.analyses())
        .extracting(a -> a.scope().component().asString())
        .anySatisfy(c -> assertThat(c).startsWith("pkg:apk/"));
  }

  @Test
  void shouldImportAStatementWithoutProductsIntoTheProject() throws Exception {
    var r = VexImport.analyses(parse("openvex/test.vex.json"), SHOP, "alice", NOW);

    assertThat(r.analyses())
        .extracting(Analysis::vulnerabilityId, Analysis::scope)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(
                "CVE-2009-4487", AnalysisScope.project("shop", null)),
            org.assertj.core.groups.Tuple.tuple(
                "CVE-2021-44228", AnalysisScope.project("shop", null)));
  }

  @Test
  void shouldReportProductsNamedOnlyByName() throws Exception {
    var r = VexImport.analyses(parse("csaf/2022-evd-uc-01-na-001.json"), SHOP, "alice", NOW);

    assertThat(r.analyses()).isEmpty();
    assertThat(r.skipped())
        .containsExactly(
            "$.vulnerabilities[0].product_status: product 'Example Company ABC 4.2' is identified by"
                + " name or id only: Vigil matches components by purl or bom-ref");
  }
}
