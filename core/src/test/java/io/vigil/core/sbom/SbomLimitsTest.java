package io.vigil.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser stops, with an error naming the limit, at the first component or token too many. */
class SbomLimitsTest {
  private static final SbomLimits SMALL = new SbomLimits(3, 200, 2);

  @ParameterizedTest
  @ValueSource(strings = {"cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-yaml", "tag-value"})
  void shouldRejectTheDocumentWhenItHasMoreComponentsThanTheLimit(String format) {
    byte[] four = document(format, 4);

    assertThatThrownBy(() -> SbomParser.parse(four, SMALL))
        .isInstanceOf(SbomParseException.class)
        .hasMessageContaining("more than 3 components (the limit per SBOM)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"cyclonedx-json", "cyclonedx-xml", "spdx-json", "spdx-yaml", "tag-value"})
  void shouldReadEveryComponentWhenTheDocumentIsAtTheLimit(String format) throws Exception {
    assertThat(SbomParser.parse(document(format, 3), SMALL).components()).hasSize(3);
  }

  @Test
  void shouldCountNestedAndMetadataComponentsAgainstTheLimit() {
    String json =
        """
        {"bomFormat":"CycloneDX","specVersion":"1.5",
         "metadata":{"component":{"type":"application","name":"app","components":[
           {"type":"library","name":"m1"},{"type":"library","name":"m2"}]}},
         "components":[{"type":"library","name":"a","components":[{"type":"library","name":"b"}]}]}
        """;

    assertThatThrownBy(() -> SbomParser.parse(json.getBytes(StandardCharsets.UTF_8), SMALL))
        .hasMessageContaining("more than 3 components");
  }

  @Test
  void shouldCountSkippedMembersAgainstTheTokenLimit() {
    StringBuilder json =
        new StringBuilder(
            "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"vulnerabilities\":[");
    for (int i = 0; i < 100; i++) {
      json.append(i == 0 ? "" : ",").append("{\"id\":\"V").append(i).append("\"}");
    }
    json.append("],\"components\":[]}");

    assertThatThrownBy(
            () -> SbomParser.parse(json.toString().getBytes(StandardCharsets.UTF_8), SMALL))
        .isInstanceOf(SbomParseException.class)
        .hasMessageContaining("more than 200 JSON tokens (the limit per SBOM)")
        .hasMessageContaining("line 1");
  }

  @Test
  void shouldCountXmlElementsAndTagValueLinesAgainstTheTokenLimit() {
    String xml =
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><services>"
            + "<service><name>s</name></service>".repeat(150)
            + "</services></bom>";
    String tagValue = "SPDXVersion: SPDX-2.3\n" + "# comment\n".repeat(300);

    assertThatThrownBy(() -> SbomParser.parse(xml.getBytes(StandardCharsets.UTF_8), SMALL))
        .hasMessageContaining("more than 200 XML elements");
    assertThatThrownBy(() -> SbomParser.parse(tagValue.getBytes(StandardCharsets.UTF_8), SMALL))
        .hasMessageContaining("more than 200 tag-value lines");
  }

  @Test
  void shouldStopAtTheAliasLimitWhenAYamlDocumentRepeatsAliases() {
    String yaml =
        "spdxVersion: SPDX-2.3\nname: &n doc\ndataLicense: *n\ncomment: *n\npackages: [*n]\n";

    assertThatThrownBy(() -> SbomParser.parse(yaml.getBytes(StandardCharsets.UTF_8), SMALL))
        .isInstanceOf(SbomParseException.class)
        .hasMessageContaining("too many YAML aliases: more than 2")
        .hasMessageContaining("line 5");
  }

  @Test
  void shouldFailFastWithTheDefaultLimitsWhenAThreeMegabyteDocumentHasAMillionComponents() {
    String json =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":["
            + "{},".repeat(999_999)
            + "{}]}";

    assertThatThrownBy(() -> SbomParser.parse(json.getBytes(StandardCharsets.UTF_8)))
        .hasMessageContaining(
            "more than " + SbomLimits.DEFAULT.maxComponents() + " components (the limit per SBOM)")
        .hasMessageContaining("$.components[" + SbomLimits.DEFAULT.maxComponents() + "]");
  }

  @Test
  void shouldKeepAThousandWarningsAndSayMoreWereNotListed() throws Exception {
    String json =
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":["
            + "1,".repeat(4_999)
            + "1]}";

    SbomDocument doc = SbomParser.parse(json.getBytes(StandardCharsets.UTF_8));

    assertThat(doc.warnings()).hasSize(Warnings.MAX + 1);
    assertThat(doc.warnings().get(Warnings.MAX)).contains("more warnings not listed");
  }

  @Test
  void shouldReportAnIllegalXmlCharacterReferenceAsAParseError() {
    String xml =
        "<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components><component"
            + " type=\"library\"><name>a&#x1f;</name></component></components></bom>";

    assertThatThrownBy(() -> SbomParser.parse(xml.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(SbomParseException.class)
        .hasMessageContaining("not a valid XML document");
  }

  @Test
  void shouldRefuseLimitsThatAreNotPositive() {
    assertThatThrownBy(() -> new SbomLimits(0, 1, 1)).isInstanceOf(IllegalArgumentException.class);
  }

  /** A valid document of {@code count} components in the given format. */
  static byte[] document(String format, int count) {
    StringBuilder b = new StringBuilder();
    switch (format) {
      case "cyclonedx-json" -> {
        b.append("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[");
        for (int i = 0; i < count; i++) {
          b.append(i == 0 ? "" : ",")
              .append("{\"type\":\"library\",\"name\":\"c")
              .append(i)
              .append("\",\"purl\":\"pkg:npm/c")
              .append(i)
              .append("@1\"}");
        }
        b.append("]}");
      }
      case "cyclonedx-xml" -> {
        b.append("<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\"><components>");
        for (int i = 0; i < count; i++) {
          b.append("<component type=\"library\"><name>c").append(i).append("</name></component>");
        }
        b.append("</components></bom>");
      }
      case "spdx-json" -> {
        b.append("{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[");
        for (int i = 0; i < count; i++) {
          b.append(i == 0 ? "" : ",")
              .append("{\"SPDXID\":\"SPDXRef-")
              .append(i)
              .append("\",\"name\":\"c")
              .append(i)
              .append("\"}");
        }
        b.append("]}");
      }
      case "spdx-yaml" -> {
        b.append("spdxVersion: SPDX-2.3\npackages:\n");
        for (int i = 0; i < count; i++) {
          b.append("- SPDXID: SPDXRef-").append(i).append("\n  name: c").append(i).append('\n');
        }
      }
      case "tag-value" -> {
        b.append("SPDXVersion: SPDX-2.3\n");
        for (int i = 0; i < count; i++) {
          b.append("PackageName: c").append(i).append("\nSPDXID: SPDXRef-").append(i).append('\n');
        }
      }
      default -> throw new IllegalArgumentException(format);
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
