package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.osv.OsvReader;
import io.vigil.core.osv.OsvRecord;
import io.vigil.core.sbom.SbomParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The sbom-findings benchmark's SBOM (range edges of OSV records) and its result-set check. */
class BoundarySbomTest {
  private static List<OsvRecord> records() throws Exception {
    String json =
        "[{\"id\":\"GHSA-1\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":["
            + "{\"package\":{\"ecosystem\":\"npm\",\"name\":\"left-pad\"},\"ranges\":[{\"type\":"
            + "\"SEMVER\",\"events\":[{\"introduced\":\"0\"},{\"fixed\":\"1.2.0\"},"
            + "{\"introduced\":\"2.0.0\"},{\"last_affected\":\"2.1.0\"}]}]}]},"
            + "{\"id\":\"GHSA-2\",\"modified\":\"2024-01-01T00:00:00Z\",\"affected\":["
            + "{\"package\":{\"ecosystem\":\"Maven\",\"name\":\"org.example:lib\"},\"ranges\":"
            + "[{\"type\":\"ECOSYSTEM\",\"events\":[{\"introduced\":\"1.0\"},"
            + "{\"fixed\":\"1.5\"}]}]}]}]";
    List<OsvRecord> out = new ArrayList<>();
    OsvReader.parse(json.getBytes(StandardCharsets.UTF_8), "test", out::add);
    return out;
  }

  @Test
  void componentsSitAtTheRangeEdgesOfEveryPackageOnceEach() throws Exception {
    List<String> purls = BoundarySbom.purls(records(), 100, 20);
    assertThat(purls)
        .containsExactlyInAnyOrder(
            "pkg:npm/left-pad@1.2.0",
            "pkg:npm/left-pad@2.0.0",
            "pkg:npm/left-pad@2.1.0",
            "pkg:maven/org.example/lib@1.0",
            "pkg:maven/org.example/lib@1.5");
    assertThat(new HashSet<>(purls)).hasSameSizeAs(purls);
  }

  @Test
  void sameSeedSameSbomAndTheCountIsCapped() throws Exception {
    assertThat(BoundarySbom.purls(records(), 3, 7))
        .hasSize(3)
        .isEqualTo(BoundarySbom.purls(records(), 3, 7));
  }

  @Test
  void edgesPerPackageCapsTheVersionsOfEachPackageSpreadOverItsEdges() throws Exception {
    List<String> purls = BoundarySbom.purls(records(), 100, 20, 2);
    assertThat(purls)
        .containsExactlyInAnyOrder(
            "pkg:npm/left-pad@1.2.0",
            "pkg:npm/left-pad@2.0.0",
            "pkg:maven/org.example/lib@1.0",
            "pkg:maven/org.example/lib@1.5");
  }

  @Test
  void generatedCycloneDxParsesToTheSamePurls() throws Exception {
    List<String> purls = BoundarySbom.purls(records(), 100, 20);
    var doc = SbomParser.parse(BoundarySbom.cycloneDx(purls, "app"));
    assertThat(doc.components()).extracting(c -> c.purl()).containsExactlyElementsOf(purls);
  }

  @Test
  void resultSetMustBeTheScanFindingsEachOnce() {
    Map<String, Integer> expected = Map.of("a A [1]", 1, "b B [2]", 1);
    assertThat(SbomFindingsBench.resultSetProblem(expected, List.of("b B [2]", "a A [1]"), 0))
        .isNull();
    assertThat(
            SbomFindingsBench.resultSetProblem(
                expected, List.of("a A [1]", "b B [2]", "a A [1]"), 0))
        .contains("a A [1]=-1");
    assertThat(SbomFindingsBench.resultSetProblem(expected, List.of("a A [1]"), 0))
        .contains("b B [2]=1");
    assertThat(SbomFindingsBench.resultSetProblem(expected, List.of("a A [1]", "b B [2]"), 2))
        .contains("2 events other than NEW");
  }
}
