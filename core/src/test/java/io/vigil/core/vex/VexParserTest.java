package io.vigil.core.vex;

import static io.vigil.core.vex.VexFixtures.parse;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.Response;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class VexParserTest {

  @Test
  void shouldReadCycloneDxStatementsAboutTheDocumentsSubject() throws Exception {
    VexDocument doc = parse("cyclonedx/vex-issue2549.json");

    assertThat(doc.format()).isEqualTo(VexFormat.CYCLONEDX_JSON);
    assertThat(doc.specVersion()).isEqualTo("1.4");
    assertThat(doc.id()).isEqualTo("urn:uuid:50f729f5-1e3c-4d10-b0da-d2f1c02ca257");
    assertThat(doc.statements())
        .extracting(VexStatement::vulnerabilityId, VexStatement::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CVE-2020-25649", AnalysisState.NOT_AFFECTED),
            org.assertj.core.groups.Tuple.tuple("CVE-2020-25650", AnalysisState.FALSE_POSITIVE),
            org.assertj.core.groups.Tuple.tuple("CVE-2020-25651", AnalysisState.FALSE_POSITIVE));
    ProductRef subject = doc.statements().get(0).products().get(0).target();
    assertThat(subject.subject()).isTrue();
    assertThat(subject.name()).isEqualTo("Acme example");
    assertThat(doc.statements().get(0).timestamp())
        .isEqualTo(Instant.parse("2023-03-01T00:00:00Z"));
  }

  @Test
  void shouldReadCycloneDxXmlLikeJsonWithJustificationResponsesAndAliases() throws Exception {
    VexDocument doc = parse("cyclonedx/valid-vulnerability-1.4.xml");

    assertThat(doc.format()).isEqualTo(VexFormat.CYCLONEDX_XML);
    assertThat(doc.specVersion()).isEqualTo("1.4");
    VexStatement s = doc.statements().get(0);
    assertThat(s.vulnerabilityId()).isEqualTo("SNYK-JAVA-COMFASTERXMLJACKSONCORE-32111");
    assertThat(s.aliases()).containsExactly("CVE-2018-7489");
    assertThat(s.state()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(s.cycloneDxJustification()).isEqualTo(CycloneDxJustification.CODE_NOT_REACHABLE);
    assertThat(s.justification()).isEqualTo(Justification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH);
    assertThat(s.responses()).containsExactly(Response.WILL_NOT_FIX, Response.UPDATE);
    assertThat(s.detail()).startsWith("An optional explanation");
    assertThat(s.actionStatement())
        .startsWith("Upgrade com.fasterxml.jackson.core:jackson-databind");
    ProductRef target = s.products().get(0).target();
    assertThat(target.purl())
        .isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.4");
    assertThat(target.versions())
        .extracting(ProductRef.AffectedVersion::range)
        .containsExactly(
            "vers:semver/<2.6.7.5", "vers:semver/2.7.0|<2.8.11.1", "vers:semver/2.9.0|<2.9.5");
  }

  @Test
  void shouldResolveBomLinksToTheirPurlOrBomRef() throws Exception {
    VexProduct withPurl =
        parse("cyclonedx/bom-examples-vex.json").statements().get(0).products().get(0);
    VexProduct withRef =
        parse("cyclonedx/guac-cyclonedx-vex.xml").statements().get(0).products().get(0);

    assertThat(withPurl.target().purl())
        .isEqualTo("pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.10.0?type=jar");
    assertThat(withPurl.target().bomLink())
        .startsWith("urn:cdx:3e671687-395b-41f5-a30f-a58921a69b79/1#");
    assertThat(withRef.target().purl()).isNull();
    assertThat(withRef.target().bomRef()).isEqualTo("jackson-databind-2.8.0");
  }

  @Test
  void shouldSkipAVulnerabilityWithoutAnalysisWithAWarning() throws Exception {
    VexDocument doc = parse("cyclonedx/cyclonedx-vex-no-analysis.json");

    assertThat(doc.statements()).isEmpty();
    assertThat(doc.warnings())
        .containsExactly(
            "$.vulnerabilities[0]: no analysis: nothing to import (a VDR entry, not a VEX statement)");
  }

  @Test
  void shouldReadOpenVexSubcomponentsAsComponentsInsideTheProduct() throws Exception {
    VexDocument doc = parse("openvex/v0.2.0.json");

    assertThat(doc.format()).isEqualTo(VexFormat.OPENVEX);
    assertThat(doc.specVersion()).isEqualTo("0.2.0");
    assertThat(doc.statements()).hasSize(5);
    VexStatement notAffected =
        doc.statements().stream()
            .filter(s -> s.state() == AnalysisState.NOT_AFFECTED && s.justification() != null)
            .findFirst()
            .orElseThrow();
    assertThat(notAffected.justification()).isEqualTo(Justification.VULNERABLE_CODE_NOT_PRESENT);
    VexProduct p = notAffected.products().get(0);
    assertThat(p.product().purl()).startsWith("pkg:oci/");
    assertThat(p.component().purl()).startsWith("pkg:apk/");
    assertThat(p.target()).isEqualTo(p.component());
  }

  @Test
  void shouldReadTheLegacyShapeWithStringVulnerabilityAndProducts() throws Exception {
    VexDocument doc = parse("openvex/v0.0.1.json");

    VexStatement s = doc.statements().get(0);
    assertThat(s.vulnerabilityId()).isEqualTo("CVE-2023-12345");
    assertThat(s.state()).isEqualTo(AnalysisState.RESOLVED);
    assertThat(s.products())
        .extracting(p -> p.target().purl())
        .containsExactly(
            "pkg:apk/wolfi/git@2.39.0-r1?arch=armv7", "pkg:apk/wolfi/git@2.39.0-r1?arch=x86_64");
    assertThat(s.timestamp()).isEqualTo(Instant.parse("2023-01-09T00:02:03.647787998Z"));
  }

  @Test
  void shouldKeepOpenVexAliasesImpactStatementAndNonPurlProducts() throws Exception {
    VexStatement log4shell = parse("openvex/comprehensive.json").statements().get(0);
    List<VexStatement> images = parse("openvex/images.vex.json").statements();

    assertThat(log4shell.vulnerabilityId()).isEqualTo("CVE-2021-44228");
    assertThat(log4shell.aliases()).containsExactly("GHSA-jfh8-c2jp-5v3q", "log4shell");
    assertThat(log4shell.detail()).startsWith("The log4j-to-slf4j and log4j-api jars");
    assertThat(log4shell.products().get(0).component().purl())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
    assertThat(log4shell.products().get(0).product().cpe())
        .isEqualTo("cpe:2.3:a:pivotal:spring_boot:2.6.0:milestone3:*:*:*:*:*:*");
    assertThat(images)
        .extracting(
            s -> s.products().get(0).target().id(), s -> s.products().get(0).target().purl())
        .contains(org.assertj.core.groups.Tuple.tuple("nginx", null));
  }

  @Test
  void shouldReadCsafRelationshipsAsAComponentInsideAProduct() throws Exception {
    VexDocument doc = parse("csaf/csaf-relationships.json");

    assertThat(doc.format()).isEqualTo(VexFormat.CSAF);
    assertThat(doc.author()).isEqualTo("VMWare, Inc.");
    VexStatement s = doc.statements().get(0);
    assertThat(s.vulnerabilityId()).isEqualTo("CVE-2024-0001");
    assertThat(s.state()).isEqualTo(AnalysisState.NOT_AFFECTED);
    assertThat(s.justification())
        .isEqualTo(Justification.VULNERABLE_CODE_CANNOT_BE_CONTROLLED_BY_ADVERSARY);
    VexProduct p = s.products().get(0);
    assertThat(p.product().purl())
        .isEqualTo("pkg:golang/github.com/aquasecurity/go-direct1@v2.0.0");
    assertThat(p.component().purl())
        .isEqualTo("pkg:golang/github.com/aquasecurity/go-transitive@v4.0.0");
  }

  @Test
  void shouldReadAnImpactThreatWithoutProductIdsAsCoveringTheVulnerabilitysProducts()
      throws Exception {
    VexDocument doc = parse("csaf/csaf-vex.json");

    assertThat(doc.statements())
        .extracting(VexStatement::state, VexStatement::detail)
        .containsExactlyInAnyOrder(
            org.assertj.core.groups.Tuple.tuple(AnalysisState.RESOLVED, "Moderate"),
            org.assertj.core.groups.Tuple.tuple(AnalysisState.NOT_AFFECTED, "Moderate"));
    assertThat(doc.warnings())
        .containsExactly(
            "$.vulnerabilities[0].threats[0]: names no product or group: read as covering every"
                + " product of the vulnerability");
    VexStatement fixed =
        doc.statements().stream()
            .filter(s -> s.state() == AnalysisState.RESOLVED)
            .findFirst()
            .orElseThrow();
    assertThat(fixed.responses()).containsExactly(Response.UPDATE);
    assertThat(fixed.actionStatement()).isEqualTo("vendor_fix: Update to latest version");
    assertThat(fixed.products().get(0).component().purl())
        .isEqualTo("pkg:rpm/redhat/testpkg@1.2.3-1.hum1?arch=src");
    assertThat(fixed.products().get(0).product().cpe()).isEqualTo("cpe:/a:redhat:hummingbird:1");
  }

  @Test
  void shouldRejectEachInvalidDocumentWithItsReason() {
    assertThat(problems("invalid/trivy-unknown.json"))
        .containsExactly(
            "$: not a VEX document: expected CycloneDX (bomFormat), CSAF 2.0"
                + " (document.csaf_version) or OpenVEX (@context https://openvex.dev/ns or"
                + " statements)");
    assertThat(problems("invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-27-07-01.json"))
        .contains(
            "$.vulnerabilities[0].product_status: none of fixed, known_affected,"
                + " known_not_affected, under_investigation (6.1.27.7)");
    assertThat(problems("invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-27-08-01.json"))
        .contains(
            "$.vulnerabilities[0]: neither cve nor ids: a VEX vulnerability needs an id (6.1.27.8)");
    assertThat(problems("invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-27-09-01.json"))
        .containsExactly(
            "$.vulnerabilities[0].product_status.known_not_affected: product 'CSAFPID-9080702' has"
                + " no impact statement (a flag or an impact threat) (6.1.27.9)");
    assertThat(problems("invalid/oasis_csaf_tc-csaf_2_0-2021-6-1-27-10-01.json"))
        .containsExactly(
            "$.vulnerabilities[0].product_status.known_affected: product 'CSAFPID-9080702' has no"
                + " action statement (a remediation) (6.1.27.10)");
  }

  @Test
  void shouldListEveryProblemOfABrokenDocumentWithItsPath() {
    String doc =
        """
        {"@context": "https://openvex.dev/ns/v0.2.0", "@id": "x", "author": "a",
         "timestamp": "2023-01-01T00:00:00Z", "version": 1,
         "statements": [
          {"vulnerability": {"name": "CVE-1"}, "products": [{"@id": "pkg:npm/a@1"}], "status": "maybe"},
          {"products": [{"@id": "pkg:npm/a@1"}], "status": "fixed"},
          {"vulnerability": "CVE-2", "products": [{}], "status": "not_affected"},
          {"vulnerability": "CVE-3", "products": ["pkg:npm/a@1"], "status": "not_affected",
           "justification": "trust_me"}
         ]}
        """;

    assertThatThrownBy(() -> VexParser.parse(doc.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidVexException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "$.statements[0].status: 'maybe' is not an OpenVEX status (not_affected,"
                            + " affected, fixed, under_investigation)",
                        "$.statements[1].vulnerability: missing: a statement names its vulnerability",
                        "$.statements[2]: not_affected needs a justification or an impact_statement",
                        "$.statements[2].products[0]: a product needs an @id or an identifier",
                        "$.statements[3].justification: 'trust_me' is not an OpenVEX justification"));
  }

  @Test
  void shouldRejectCycloneDxWithoutVulnerabilitiesOrBeforeOnePointFour() {
    String sbom = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.3\",\"components\":[]}";
    String badState =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"vulnerabilities\":[{\"id\":\"CVE-1\","
            + "\"analysis\":{\"state\":\"fine\",\"response\":[\"pray\"]},\"affects\":[{}]}]}";

    assertThatThrownBy(() -> VexParser.parse(sbom.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidVexException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "$.specVersion: CycloneDX 1.3 has no vulnerabilities: VEX needs 1.4 or later",
                        "$.vulnerabilities: missing: a CycloneDX VEX lists vulnerabilities (this"
                            + " looks like an SBOM)"));
    assertThatThrownBy(() -> VexParser.parse(badState.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidVexException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "$.vulnerabilities[0].analysis.state: 'fine' is not a CycloneDX analysis"
                            + " state (resolved, resolved_with_pedigree, exploitable, in_triage,"
                            + " false_positive, not_affected)",
                        "$.vulnerabilities[0].analysis.response: 'pray' is not a CycloneDX response"
                            + " (can_not_fix, will_not_fix, update, rollback, workaround_available)",
                        "$.vulnerabilities[0].affects[0].ref: missing: an affects entry names its"
                            + " component"));
  }

  @Test
  void shouldRejectXmlWithADtdAndNameTheLineOfAnXmlProblem() {
    String xxe =
        "<?xml version=\"1.0\"?><!DOCTYPE bom [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
            + "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><vulnerabilities/></bom>";
    String badState =
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.6\">\n<vulnerabilities>\n<vulnerability>\n"
            + "<id>CVE-1</id>\n<analysis><state>fine</state></analysis>\n</vulnerability>\n"
            + "</vulnerabilities>\n</bom>";

    assertThatThrownBy(() -> VexParser.parse(xxe.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidVexException.class,
            e ->
                assertThat(e.problems().get(0))
                    .contains("a DTD or entity reference is not allowed"));
    assertThatThrownBy(() -> VexParser.parse(badState.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            InvalidVexException.class,
            e ->
                assertThat(e.problems())
                    .containsExactly(
                        "$.vulnerabilities[0].analysis.state (line 5): 'fine' is not a CycloneDX"
                            + " analysis state (resolved, resolved_with_pedigree, exploitable,"
                            + " in_triage, false_positive, not_affected)"));
  }

  @Test
  void shouldIgnoreAByteOrderMarkAndRejectNonJson() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] doc = VexFixtures.bytes("openvex/v0.0.1.json");
    byte[] withBom = new byte[bom.length + doc.length];
    System.arraycopy(bom, 0, withBom, 0, 3);
    System.arraycopy(doc, 0, withBom, 3, doc.length);

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> VexParser.parse(withBom)))
        .isNull();
    assertThatThrownBy(() -> VexParser.parse("{\"statements\": [".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidVexException.class)
        .hasMessage(
            "line 1, column 17: not JSON: Unexpected end-of-input: expected close marker for Array");
    assertThatThrownBy(() -> VexParser.parse(new byte[0])).hasMessage("$: the document is empty");
  }

  private static List<String> problems(String fixture) {
    try {
      parse(fixture);
    } catch (InvalidVexException e) {
      return e.problems();
    }
    throw new AssertionError(fixture + " was accepted");
  }
}
