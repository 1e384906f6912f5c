package io.vigil.sbom.intake;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomComponent;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Vigil's component rules: bounded fields, no control characters, purls, unique bom-refs. */
class ComponentChecksTest {
  private static final String A = "pkg:npm/sep-pkg@1.5.0?a=x";
  private static final String B = A + "\u001fFAKE";

  @Test
  void shouldRejectAHugePurlNamingItsPathWithAShortMessageWhenStrict() {
    String purl = "pkg:npm/big@1.0?q=" + "x".repeat(1_500_000);

    SbomIntake.Result r = SbomIntake.read(cyclonedx(component("big", purl, null)), false);

    assertThat(r.accepted()).isFalse();
    assertThat(r.violations()).hasSize(1);
    Violation v = r.violations().get(0);
    assertThat(v.path()).isEqualTo("$.components[0].purl");
    assertThat(v.message())
        .startsWith("is 1500018 characters long, more than the 4096 Vigil accepts: 'pkg:npm/big")
        .endsWith("... (1500018 characters)");
    assertThat(v.toString().length()).isLessThan(400);
  }

  @ParameterizedTest
  @CsvSource({
    "name, 1025",
    "version, 1025",
    "group, 1025",
    "bom-ref, 4097",
    "cpe, 1025",
    "type, 257",
    "scope, 257"
  })
  void shouldBoundEveryFieldAndNameItsPath(String field, int length) {
    String json =
        "{\"type\":\"library\",\"name\":\"ok\",\"purl\":\"pkg:npm/ok@1\",\""
            + field
            + "\":\""
            + "a".repeat(length)
            + "\"}";
    if (field.equals("name") || field.equals("type")) {
      json = json.replaceFirst("\"" + field + "\":\"[a-z]+\",", "");
    }

    SbomIntake.Result r =
        SbomIntake.read(
            cyclonedx(json),
            new SbomIntake.Options(false, false, SbomIntake.Options.strict().limits()));

    assertThat(r.accepted()).isFalse();
    assertThat(r.violations())
        .extracting(Violation::toString)
        .anyMatch(
            s -> s.startsWith("$.components[0]." + field + ": is " + length + " characters long"));
  }

  @Test
  void shouldBoundHashesAndLicensesInNumberAndLength() {
    StringBuilder hashes = new StringBuilder("[");
    for (int i = 0; i < 65; i++) {
      hashes
          .append(i == 0 ? "" : ",")
          .append("{\"alg\":\"SHA-1\",\"content\":\"")
          .append(i)
          .append("\"}");
    }
    hashes.append(']');
    String json =
        "{\"type\":\"library\",\"name\":\"x\",\"purl\":\"pkg:npm/x@1\",\"hashes\":"
            + hashes
            + ",\"licenses\":[{\"license\":{\"name\":\""
            + "l".repeat(1025)
            + "\"}}]}";

    SbomIntake.Result r = SbomIntake.read(cyclonedx(json), false);

    assertThat(r.violations())
        .extracting(Violation::toString)
        .anySatisfy(s -> assertThat(s).startsWith("$.components[0].hashes: 65 hashes, more than"))
        .anySatisfy(s -> assertThat(s).startsWith("$.components[0].licenses: is 1025 characters"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"purl", "name", "version", "group", "bom-ref", "cpe"})
  void shouldRefuseAControlCharacterInEveryIdentifierWhenStrict(String field) {
    for (char c : new char[] {'\u0000', '\u0007', '\u001e', '\u001f', '\u007f'}) {
      String value = field.equals("purl") ? "pkg:npm/x@1?a=b" + c : "v" + c + "w";
      String json =
          "{\"type\":\"library\",\"name\":\"x\",\"purl\":\"pkg:npm/x@1\",\""
              + field
              + "\":\""
              + jsonEscape(value)
              + "\"}";
      json = json.replaceFirst("\"" + field + "\":\"[^\"]*\",", "");

      SbomIntake.Result r = SbomIntake.read(cyclonedx(json), false);

      assertThat(r.accepted()).as("U+%04X in %s", (int) c, field).isFalse();
      assertThat(r.violations())
          .extracting(Violation::toString)
          .as("U+%04X in %s", (int) c, field)
          .anySatisfy(
              s ->
                  assertThat(s)
                      .startsWith("$.components[0]." + field + ": ")
                      .contains(String.format("contains the control character U+%04X", (int) c))
                      .doesNotContain(String.valueOf(c)));
    }
  }

  @Test
  void shouldRefuseTheSeparatorPurlOfTheIssueWhenStrictAndLeaveItOutWithAWarningWhenLenient() {
    byte[] doc = cyclonedx(component("sep-pkg", A, null), component("sep-pkg", B, null));

    SbomIntake.Result strict = SbomIntake.read(doc, false);
    SbomIntake.Result lenient = SbomIntake.read(doc, true);

    assertThat(strict.accepted()).isFalse();
    assertThat(strict.violations())
        .singleElement()
        .satisfies(
            v -> {
              assertThat(v.path()).isEqualTo("$.components[1].purl");
              assertThat(v.message())
                  .isEqualTo(
                      "'pkg:npm/sep-pkg@1.5.0?a=x\\u001fFAKE' contains the control character"
                          + " U+001F at index 25 (identifiers must not contain control"
                          + " characters)");
            });
    assertThat(lenient.accepted()).isTrue();
    assertThat(lenient.document().components()).extracting(SbomComponent::purl).containsExactly(A);
    assertThat(lenient.warnings())
        .singleElement()
        .asString()
        .startsWith("$.components[1].purl: ")
        .endsWith("; the component is left out");
  }

  @Test
  void shouldRejectARepeatedBomRefWhenStrictAndOnlyWarnWhenLenient() {
    byte[] doc =
        cyclonedx(
            component("a", "pkg:npm/a@1", "ref-1"),
            component("b", "pkg:npm/b@1", "ref-2"),
            component("c", "pkg:npm/c@1", "ref-1"));

    SbomIntake.Result strict = SbomIntake.read(doc, false);
    SbomIntake.Result lenient = SbomIntake.read(doc, true);

    assertThat(strict.accepted()).isFalse();
    assertThat(strict.violations())
        .extracting(Violation::toString)
        .containsExactly(
            "$.components[2].bom-ref: 'ref-1' is also the bom-ref of $.components[0] (bom-refs"
                + " must be unique)");
    assertThat(lenient.accepted()).isTrue();
    assertThat(lenient.document().components()).hasSize(3);
    assertThat(lenient.warnings()).hasSize(1);
  }

  @Test
  void shouldNotTakeAnSpdxPackageWithTwoPurlsForARepeatedSpdxId() {
    String spdx =
        """
        {"spdxVersion":"SPDX-2.3","dataLicense":"CC0-1.0","SPDXID":"SPDXRef-DOCUMENT","name":"d",
         "documentNamespace":"https://example.com/d","creationInfo":{"created":"2024-01-01T00:00:00Z",
         "creators":["Tool: t"]},
         "packages":[{"SPDXID":"SPDXRef-a","name":"a","downloadLocation":"NOASSERTION",
           "externalRefs":[
             {"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/a@1"},
             {"referenceCategory":"PACKAGE-MANAGER","referenceType":"purl","referenceLocator":"pkg:npm/a2@1"}]},
          {"SPDXID":"SPDXRef-a","name":"b","downloadLocation":"NOASSERTION"}]}
        """;

    SbomIntake.Result r = SbomIntake.read(spdx.getBytes(StandardCharsets.UTF_8), false);

    assertThat(r.violations())
        .extracting(Violation::toString)
        .containsExactly(
            "$.packages[1].SPDXID: 'SPDXRef-a' is also the SPDXID of $.packages[0] (SPDXIDs"
                + " must be unique)");
  }

  @Test
  void shouldNameTheFieldInTheDocumentsOwnTermsWhenXmlOrSpdx() {
    String xml =
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\"><components>"
            + "<component type=\"library\"><name>a</name><version>1&#9;2</version></component>"
            + "</components></bom>";
    String yaml =
        "spdxVersion: SPDX-2.3\npackages:\n- SPDXID: SPDXRef-a\n  name: a\n  versionInfo: \"1\\x07\"\n";

    SbomIntake.Result x = SbomIntake.read(xml.getBytes(StandardCharsets.UTF_8), false);
    SbomIntake.Result y = SbomIntake.read(yaml.getBytes(StandardCharsets.UTF_8), false);

    assertThat(x.violations())
        .extracting(Violation::path)
        .contains("/bom/components/component[1]/version (line 1)");
    assertThat(y.violations()).extracting(Violation::path).contains("$.packages[0].versionInfo");
  }

  static byte[] cyclonedx(String... components) {
    return ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"version\":1,\"components\":["
            + String.join(",", List.of(components))
            + "]}")
        .getBytes(StandardCharsets.UTF_8);
  }

  static String component(String name, String purl, String bomRef) {
    return "{\"type\":\"library\",\"name\":\""
        + name
        + "\",\"purl\":\""
        + jsonEscape(purl)
        + "\""
        + (bomRef == null ? "" : ",\"bom-ref\":\"" + bomRef + "\"")
        + "}";
  }

  static String jsonEscape(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (c < 0x20 || c == 0x7f) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
