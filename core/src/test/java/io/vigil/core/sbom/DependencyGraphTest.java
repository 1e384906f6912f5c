package io.vigil.core.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DependencyGraphTest {

  private static SbomDocument parse(String resource) throws Exception {
    try (InputStream in = DependencyGraphTest.class.getResourceAsStream("/sbom/" + resource)) {
      return SbomParser.parse(in.readAllBytes());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.cdx.json", "app.cdx.xml"})
  void shouldKeepTheCycloneDxGraphRootedAtTheSubjectWhenTheDocumentHasDependencies(String file)
      throws Exception {
    DependencyGraph g = parse(file).graph();

    assertThat(g.roots()).containsExactly("app");
    assertThat(g.dependsOn())
        .containsExactly(
            Map.entry("app", List.of("log4j-core", "openssl")),
            Map.entry("log4j-core", List.of("log4j-api")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"app.spdx.json", "app.spdx.yaml", "app.spdx"})
  void shouldTurnSpdxRelationshipsIntoEdgesFromTheDependentWhateverTheirDirection(String file)
      throws Exception {
    DependencyGraph g = parse(file).graph();

    assertThat(g.roots()).containsExactly("SPDXRef-app");
    assertThat(g.dependsOn())
        .containsExactly(
            Map.entry("SPDXRef-app", List.of("SPDXRef-log4j", "SPDXRef-zlib")),
            Map.entry("SPDXRef-log4j", List.of("SPDXRef-api")));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"components\":[]}",
        "{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"dependencies\":[]}",
        "{\"spdxVersion\":\"SPDX-2.3\",\"packages\":[],\"relationships\":[{\"spdxElementId\":"
            + "\"SPDXRef-DOCUMENT\",\"relationshipType\":\"DESCRIBES\",\"relatedSpdxElement\":"
            + "\"SPDXRef-a\"}]}"
      })
  void shouldHaveNoGraphWhenTheDocumentStatesNoDependency(String json) throws Exception {
    assertThat(SbomParser.parse(json.getBytes(StandardCharsets.UTF_8)).graph()).isNull();
  }
}
