package io.vigil.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SbomMetadataTest {

  @Test
  void shouldReadTheSameMetadataFromCycloneDxJsonAndXml() throws Exception {
    for (String file : List.of("context.cdx.json", "context.cdx.xml")) {
      SbomMetadata m = parse(file).metadata();

      assertThat(m.timestamp()).as(file).isEqualTo("2026-03-01T12:00:00Z");
      assertThat(m.authors()).as(file).containsExactly("Platform Team", "ci@example.com");
      assertThat(m.tools()).as(file).containsExactly("@cyclonedx cdxgen 10.0.0", "build-service");
      assertThat(m.supplier()).as(file).isEqualTo("Example Corp");
      assertThat(m.propertyValues("vigil:owner"))
          .as(file + ": the document's properties first, then the subject's")
          .containsExactly("alice@example.com", "the second owner is not read");
      assertThat(m.propertyValues("vigil:team"))
          .as(file + " (the XML reader trims element text)")
          .hasSize(1)
          .allMatch(v -> v.strip().equals("checkout-team"));
      assertThat(m.subjectTags()).as(file).containsExactly("Checkout");
      assertThat(m.dependencyRefs()).as(file).containsExactlyInAnyOrder("shop", "a", "b", "c");
    }
  }

  @Test
  void shouldNameEachComponentsSupplierOrElseItsProducer() throws Exception {
    for (String file : List.of("context.cdx.json", "context.cdx.xml")) {
      Map<String, String> suppliers =
          parse(file).components().stream()
              .collect(Collectors.toMap(SbomComponent::name, c -> String.valueOf(c.supplier())));

      assertThat(suppliers)
          .as(file)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of("a", "A Inc", "b", "B Publisher", "c", "C Author", "d", "D Maker"));
    }
  }

  @Test
  void shouldReadSpdxCreatorsAsAuthorsAndToolsAndPackageSuppliersWithoutTheirPrefix()
      throws Exception {
    for (String file : List.of("suppliers.spdx.json", "suppliers.spdx")) {
      SbomDocument doc = parse(file);
      SbomMetadata m = doc.metadata();

      assertThat(m.timestamp()).as(file).isEqualTo("2026-03-01T12:00:00Z");
      assertThat(m.tools()).as(file).containsExactly("syft-1.0.0");
      assertThat(m.authors()).as(file).containsExactly("Example Corp (sbom@example.com)", "Bob");
      assertThat(m.supplier()).as(file).isNull();
      assertThat(m.dependencyRefs()).as(file).containsExactlyInAnyOrder("SPDXRef-app", "SPDXRef-x");
      assertThat(doc.components())
          .extracting(SbomComponent::name, SbomComponent::supplier)
          .as(file + ": NOASSERTION is no supplier; the originator stands in")
          .containsExactly(
              org.assertj.core.groups.Tuple.tuple("app", "Example Corp"),
              org.assertj.core.groups.Tuple.tuple("x", "X Author"),
              org.assertj.core.groups.Tuple.tuple("y", null));
    }
  }

  @Test
  void shouldSayNothingForADocumentWithoutMetadata() throws Exception {
    String minimal = "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.4\",\"components\":[]}";
    SbomDocument doc = SbomParser.parse(minimal.getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(doc.metadata().timestamp()).isNull();
    assertThat(doc.metadata().authors()).isEmpty();
    assertThat(doc.metadata().tools()).isEmpty();
    assertThat(doc.metadata().properties()).isEmpty();
    assertThat(doc.metadata().dependencyRefs()).isEmpty();
  }

  static SbomDocument parse(String file) throws IOException, SbomParseException {
    try (InputStream in = SbomMetadataTest.class.getResourceAsStream("/sbom/" + file)) {
      assertThat(in).as(file).isNotNull();
      return SbomParser.parse(in.readAllBytes());
    }
  }
}
