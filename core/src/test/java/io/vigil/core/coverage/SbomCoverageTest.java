package io.vigil.core.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParser;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SbomCoverageTest {

  /**
   * context.cdx.json by hand: 4 components (a, b, c, d). Supplier/producer: all 4. Name: 4.
   * Version: a, b, c = 3. Identifier: a, b (purl), c (CPE) = 3. Hash: a = 1. License: a = 1.
   * Dependency: a, b, c are named by the graph = 3 (d has no bom-ref). Author, timestamp, tool:
   * yes. Score = (4 + 4 + 3 + 3 + 1 + 1 + 3) / 4 + 3 = 7.75; 7.75 / 10 = 77.5 % → 77.
   */
  @Test
  void shouldScoreEachElementAsCountedByHandForCycloneDxJsonAndXml() throws Exception {
    for (String file : List.of("context.cdx.json", "context.cdx.xml")) {
      SbomCoverage c = SbomCoverage.of(parse(file));

      assertThat(c.components()).as(file).isEqualTo(4);
      assertThat(c.componentsWithoutPurl()).as(file).isEqualTo(2);
      assertThat(c.withoutPurlShare()).as(file).isEqualTo(0.5);
      assertThat(c.present())
          .as(file)
          .containsExactlyInAnyOrderEntriesOf(
              Map.of(
                  MinimumElement.SUPPLIER, 4,
                  MinimumElement.NAME, 4,
                  MinimumElement.VERSION, 3,
                  MinimumElement.IDENTIFIER, 3,
                  MinimumElement.HASH, 1,
                  MinimumElement.LICENSE, 1,
                  MinimumElement.DEPENDENCY, 3,
                  MinimumElement.AUTHOR, 1,
                  MinimumElement.TIMESTAMP, 1,
                  MinimumElement.TOOL, 1));
      assertThat(c.score()).as(file).isEqualTo(77);
      assertThat(c.gaps())
          .as(file)
          .containsExactly(
              MinimumElement.VERSION,
              MinimumElement.IDENTIFIER,
              MinimumElement.HASH,
              MinimumElement.LICENSE,
              MinimumElement.DEPENDENCY);
    }
  }

  /**
   * suppliers.spdx.json: 3 packages, every one named, versioned, none with purl, CPE, hash or
   * licence; suppliers app and x (originator); the graph names app and x; author, timestamp and
   * tool present. Score = (2 + 3 + 3 + 0 + 0 + 0 + 2) / 3 + 3 = 6.333 → 63.
   */
  @Test
  void shouldScoreAnSpdxDocumentTheSameWayInJsonAndTagValue() throws Exception {
    for (String file : List.of("suppliers.spdx.json", "suppliers.spdx")) {
      SbomCoverage c = SbomCoverage.of(parse(file));

      assertThat(c.score()).as(file).isEqualTo(63);
      assertThat(c.share(MinimumElement.SUPPLIER)).as(file).isEqualTo(2.0 / 3);
      assertThat(c.share(MinimumElement.DEPENDENCY)).as(file).isEqualTo(2.0 / 3);
      assertThat(c.share(MinimumElement.IDENTIFIER)).as(file).isZero();
      assertThat(c.componentsWithoutPurl()).as(file).isEqualTo(3);
    }
  }

  @Test
  void shouldScoreAnEmptyDocumentZeroAndAFullOneHundred() throws Exception {
    SbomCoverage empty =
        SbomCoverage.of(
            SbomParser.parse(
                "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.6\",\"components\":[]}"
                    .getBytes(StandardCharsets.UTF_8)));
    String full =
        """
        {"bomFormat": "CycloneDX", "specVersion": "1.6",
         "metadata": {"timestamp": "2026-01-01T00:00:00Z", "authors": [{"name": "me"}],
                      "tools": [{"name": "t"}], "component": {"bom-ref": "root", "name": "root"}},
         "components": [{"bom-ref": "x", "name": "x", "version": "1", "purl": "pkg:npm/x@1",
                         "supplier": {"name": "X"}, "hashes": [{"alg": "SHA-1", "content": "aa"}],
                         "licenses": [{"expression": "MIT OR Apache-2.0"}]}],
         "dependencies": [{"ref": "root", "dependsOn": ["x"]}]}
        """;

    SbomCoverage complete =
        SbomCoverage.of(SbomParser.parse(full.getBytes(StandardCharsets.UTF_8)));

    assertThat(empty.score()).isZero();
    assertThat(empty.withoutPurlShare()).isZero();
    assertThat(empty.gaps()).containsExactly(MinimumElement.values());
    assertThat(complete.score()).isEqualTo(100);
    assertThat(complete.gaps()).isEmpty();
  }

  private static SbomDocument parse(String file) throws Exception {
    try (InputStream in = SbomCoverageTest.class.getResourceAsStream("/sbom/" + file)) {
      return SbomParser.parse(in.readAllBytes());
    }
  }
}
