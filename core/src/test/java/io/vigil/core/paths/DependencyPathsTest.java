package io.vigil.core.paths;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParser;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DependencyPathsTest {

  /** A CycloneDX document: components named by their bom-ref (version 1), and the graph. */
  private static SbomDocument cyclonedx(String subjectRef, Map<String, List<String>> graph) {
    StringBuilder b =
        new StringBuilder("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":");
    b.append(
        subjectRef == null
            ? "{}"
            : "{\"component\":{\"type\":\"application\",\"name\":\"app\",\"version\":\"1\","
                + "\"bom-ref\":\""
                + subjectRef
                + "\"}}");
    b.append(",\"components\":[");
    List<String> refs = new ArrayList<>();
    graph.forEach(
        (from, to) -> {
          for (String r : concat(from, to)) {
            if (!r.equals(subjectRef) && !refs.contains(r)) {
              refs.add(r);
            }
          }
        });
    for (int i = 0; i < refs.size(); i++) {
      b.append(i == 0 ? "" : ",")
          .append("{\"type\":\"library\",\"name\":\"")
          .append(refs.get(i).replaceAll("#.*", ""))
          .append("\",\"version\":\"1\",\"bom-ref\":\"")
          .append(refs.get(i))
          .append("\",\"purl\":\"pkg:npm/")
          .append(refs.get(i).replaceAll("#.*", ""))
          .append("@1\"}");
    }
    b.append("],\"dependencies\":[");
    List<String> entries = new ArrayList<>();
    graph.forEach(
        (from, to) ->
            entries.add(
                "{\"ref\":\""
                    + from
                    + "\",\"dependsOn\":["
                    + String.join(",", to.stream().map(t -> "\"" + t + "\"").toList())
                    + "]}"));
    b.append(String.join(",", entries)).append("]}");
    try {
      return SbomParser.parse(b.toString().getBytes(StandardCharsets.UTF_8));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static List<String> concat(String a, List<String> rest) {
    List<String> out = new ArrayList<>(List.of(a));
    out.addAll(rest);
    return out;
  }

  private static Map<String, List<String>> graph(Object... fromThenTo) {
    Map<String, List<String>> g = new LinkedHashMap<>();
    for (int i = 0; i < fromThenTo.length; i += 2) {
      @SuppressWarnings("unchecked")
      List<String> to = (List<String>) fromThenTo[i + 1];
      g.put((String) fromThenTo[i], to);
    }
    return g;
  }

  private static SbomComponent component(SbomDocument doc, String ref) {
    return doc.components().stream().filter(c -> ref.equals(c.bomRef())).findFirst().orElseThrow();
  }

  private static ComponentPaths paths(SbomDocument doc, String ref) {
    return DependencyPaths.of(doc).of(component(doc, ref));
  }

  @Test
  void shouldSayDirectWithItselfAsTheOnlyPathWhenTheProjectDependsOnIt() {
    SbomDocument doc = cyclonedx("app", graph("app", List.of("a"), "a", List.of()));

    ComponentPaths p = paths(doc, "a");

    assertThat(p.reach()).isEqualTo(Reach.DIRECT);
    assertThat(p.depth()).isOne();
    assertThat(p.paths()).containsExactly(List.of());
    assertThat(p.pathCount()).isOne();
    assertThat(p.via()).isEmpty();
    assertThat(p.viaCount()).isZero();
    assertThat(p.unknownReason()).isNull();
  }

  @Test
  void shouldListEveryShortestPathAndTheDirectDependenciesThatPullItInWhenTheGraphIsADiamond() {
    // app → a → c → log4j, app → b → c, app → d → e → f → log4j (longer: not a shortest path)
    SbomDocument doc =
        cyclonedx(
            "app",
            graph(
                "app", List.of("b", "a", "d"),
                "a", List.of("c"),
                "b", List.of("c"),
                "c", List.of("log4j"),
                "d", List.of("e"),
                "e", List.of("f"),
                "f", List.of("log4j")));

    ComponentPaths p = paths(doc, "log4j");

    assertThat(p.reach()).isEqualTo(Reach.TRANSITIVE);
    assertThat(p.depth()).isEqualTo(3);
    assertThat(p.paths()).containsExactly(List.of("a@1", "c@1"), List.of("b@1", "c@1"));
    assertThat(p.pathCount()).isEqualTo(2);
    assertThat(p.via()).containsExactly("a@1", "b@1", "d@1");
    assertThat(p.viaCount()).isEqualTo(3);
  }

  @Test
  void shouldKeepTheThreeSmallestPathsInLabelOrderAndCountAllWhenThereAreMore() {
    SbomDocument doc =
        cyclonedx(
            "app",
            graph(
                "app", List.of("e", "d", "c", "b", "a"),
                "a", List.of("x"),
                "b", List.of("x"),
                "c", List.of("x"),
                "d", List.of("x"),
                "e", List.of("x")));

    ComponentPaths p = paths(doc, "x");

    assertThat(p.paths()).containsExactly(List.of("a@1"), List.of("b@1"), List.of("c@1"));
    assertThat(p.pathCount()).isEqualTo(5);
    assertThat(p.viaCount()).isEqualTo(5);
  }

  @Test
  void shouldAnswerExactlyWhenTheGraphHasACycle() {
    // app → a → b → a (a cycle), b → c; app → c' no. Shortest paths never repeat a node.
    SbomDocument doc =
        cyclonedx(
            "app",
            graph(
                "app", List.of("a"),
                "a", List.of("b"),
                "b", List.of("a", "c"),
                "c", List.of("c")));

    assertThat(paths(doc, "b").paths()).containsExactly(List.of("a@1"));
    ComponentPaths c = paths(doc, "c");
    assertThat(c.reach()).isEqualTo(Reach.TRANSITIVE);
    assertThat(c.paths()).containsExactly(List.of("a@1", "b@1"));
    assertThat(c.via()).containsExactly("a@1");
    // a is direct and b (which it pulls in) pulls it in too, but b is no direct dependency
    ComponentPaths a = paths(doc, "a");
    assertThat(a.reach()).isEqualTo(Reach.DIRECT);
    assertThat(a.via()).isEmpty();
  }

  @Test
  void shouldSayTheOtherDirectDependencyPullsItInWhenTwoDirectDependenciesFormACycle() {
    SbomDocument doc =
        cyclonedx("app", graph("app", List.of("a", "b"), "a", List.of("b"), "b", List.of("a")));

    assertThat(paths(doc, "a").via()).containsExactly("b@1");
    assertThat(paths(doc, "b").via()).containsExactly("a@1");
  }

  @Test
  void shouldIgnoreEdgesBackIntoTheProject() {
    SbomDocument doc =
        cyclonedx("app", graph("app", List.of("a", "b"), "a", List.of("app"), "b", List.of("x")));

    assertThat(paths(doc, "x").via()).containsExactly("b@1");
    assertThat(paths(doc, "x").paths()).containsExactly(List.of("b@1"));
  }

  @Test
  void shouldSayUnknownForEveryComponentWhenTheDocumentHasNoGraph() throws Exception {
    SbomDocument doc =
        SbomParser.parse(
            ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"component\":"
                    + "{\"type\":\"application\",\"name\":\"app\",\"bom-ref\":\"app\"}},"
                    + "\"components\":[{\"type\":\"library\",\"name\":\"a\",\"bom-ref\":\"a\"}]}")
                .getBytes(StandardCharsets.UTF_8));

    ComponentPaths p = paths(doc, "a");

    assertThat(p.reach()).isEqualTo(Reach.UNKNOWN);
    assertThat(p.unknownReason()).isEqualTo("the SBOM has no dependency graph");
    assertThat(p.paths()).isEmpty();
    assertThat(p.via()).isEmpty();
  }

  @Test
  void shouldSayUnknownWhenTheGraphHasNoEntryForTheProject() {
    // a multi-module build: the parent is the subject, the modules are the graph's roots
    SbomDocument doc =
        cyclonedx("parent", graph("module-a", List.of("x"), "module-b", List.of("x")));

    ComponentPaths p = paths(doc, "x");

    assertThat(p.reach()).isEqualTo(Reach.UNKNOWN);
    assertThat(p.unknownReason())
        .isEqualTo("the dependency graph has no entry for the project (parent)");
  }

  @Test
  void shouldSayUnknownWhenTheDocumentNamesNoSubject() {
    SbomDocument doc = cyclonedx(null, graph("a", List.of("x")));

    assertThat(paths(doc, "x").reach()).isEqualTo(Reach.UNKNOWN);
    assertThat(paths(doc, "x").unknownReason()).startsWith("the dependency graph has no root");
  }

  @Test
  void shouldSayUnknownForAComponentTheGraphDoesNotConnectToTheProject() {
    SbomDocument doc =
        cyclonedx("app", graph("app", List.of("a"), "orphan", List.of("b"), "a", List.of()));

    assertThat(paths(doc, "orphan").unknownReason())
        .isEqualTo("the dependency graph does not connect it to the project");
    assertThat(paths(doc, "b").reach()).isEqualTo(Reach.UNKNOWN);
    assertThat(paths(doc, "a").reach()).isEqualTo(Reach.DIRECT);
  }

  @Test
  void shouldSayUnknownForAComponentWithoutReference() throws Exception {
    SbomDocument doc =
        SbomParser.parse(
            ("{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\",\"metadata\":{\"component\":"
                    + "{\"type\":\"application\",\"name\":\"app\",\"bom-ref\":\"app\"}},"
                    + "\"components\":[{\"type\":\"library\",\"name\":\"a\"}],"
                    + "\"dependencies\":[{\"ref\":\"app\",\"dependsOn\":[]}]}")
                .getBytes(StandardCharsets.UTF_8));

    assertThat(DependencyPaths.of(doc).of(doc.components().get(0)).unknownReason())
        .isEqualTo(
            "the component has no reference (bom-ref, SPDXID) for the dependency graph to name");
  }

  @Test
  void shouldTakeEveryOccurrenceOfAComponentTogetherWhenTheDocumentListsItTwice() {
    // npm: the same package@version nested at two places (two bom-refs, one purl)
    SbomDocument doc =
        cyclonedx(
            "app",
            graph(
                "app", List.of("a", "b"),
                "a", List.of("p", "ms#a"),
                "b", List.of("ms#b"),
                "p", List.of("ms#a")));
    List<SbomComponent> ms = doc.components().stream().filter(c -> c.name().equals("ms")).toList();

    ComponentPaths p = DependencyPaths.of(doc).of(ms);

    assertThat(ms).hasSize(2);
    assertThat(p.reach()).isEqualTo(Reach.TRANSITIVE);
    assertThat(p.depth()).isEqualTo(2);
    // both occurrences are two steps away: one path each (their labels differ by the parent)
    assertThat(p.paths()).containsExactly(List.of("a@1"), List.of("b@1"));
    assertThat(p.pathCount()).isEqualTo(2);
    assertThat(p.via()).containsExactly("a@1", "b@1");
  }

  @Test
  void shouldCountButNotListPathsLongerThanTheLimit() {
    Map<String, List<String>> chain = new LinkedHashMap<>();
    chain.put("app", List.of("n0"));
    for (int i = 0; i < DependencyPaths.MAX_DEPTH + 5; i++) {
      chain.put("n" + i, List.of("n" + (i + 1)));
    }
    SbomDocument doc = cyclonedx("app", chain);

    ComponentPaths deep = paths(doc, "n" + (DependencyPaths.MAX_DEPTH + 1));
    ComponentPaths last = paths(doc, "n" + (DependencyPaths.MAX_DEPTH - 1));

    assertThat(deep.reach()).isEqualTo(Reach.TRANSITIVE);
    assertThat(deep.depth()).isEqualTo(DependencyPaths.MAX_DEPTH + 2);
    assertThat(deep.pathCount()).isOne();
    assertThat(deep.paths()).isEmpty();
    assertThat(deep.via()).containsExactly("n0@1");
    assertThat(last.paths()).singleElement().asList().hasSize(DependencyPaths.MAX_DEPTH - 1);
  }

  @Test
  void shouldListAtMostTwentyDirectDependenciesAndCountThemAll() {
    Map<String, List<String>> g = new LinkedHashMap<>();
    List<String> direct = new ArrayList<>();
    for (int i = 0; i < 30; i++) {
      direct.add(String.format("d%02d", i));
    }
    g.put("app", direct);
    direct.forEach(d -> g.put(d, List.of("hub")));
    SbomDocument doc = cyclonedx("app", g);

    ComponentPaths hub = paths(doc, "hub");

    assertThat(hub.viaCount()).isEqualTo(30);
    assertThat(hub.via()).hasSize(DependencyPaths.MAX_VIA).startsWith("d00@1", "d01@1");
    assertThat(hub.pathCount()).isEqualTo(30);
  }

  @Test
  void shouldFingerprintEachAnswerAsItsValuesWouldWhateverTheDocument() {
    SbomDocument one =
        cyclonedx(
            "app", graph("app", List.of("a", "b"), "a", List.of("x"), "b", List.of("x", "y")));
    SbomDocument same =
        cyclonedx(
            "root", graph("root", List.of("b", "a"), "b", List.of("y", "x"), "a", List.of("x")));
    SbomDocument other =
        cyclonedx("app", graph("app", List.of("a", "b"), "a", List.of("x"), "b", List.of("y")));

    for (String ref : List.of("a", "b", "x", "y")) {
      ComponentPaths p = paths(one, ref);
      assertThat(p.fingerprint())
          .as(ref)
          .isEqualTo(
              ComponentPaths.fingerprintOf(
                  p.reach(),
                  p.depth(),
                  p.via(),
                  p.viaCount(),
                  p.paths(),
                  p.pathCount(),
                  p.unknownReason()))
          .isEqualTo(paths(same, ref).fingerprint());
    }
    assertThat(paths(other, "x").fingerprint()).isNotEqualTo(paths(one, "x").fingerprint());
    assertThat(paths(other, "y").fingerprint()).isEqualTo(paths(one, "y").fingerprint());
  }

  @Test
  void shouldSaturateThePathCountInsteadOfOverflowing() {
    // 70 diamonds in a row: 2^70 shortest paths
    Map<String, List<String>> g = new LinkedHashMap<>();
    g.put("app", List.of("j0"));
    for (int i = 0; i < 70; i++) {
      g.put("j" + i, List.of("l" + i, "r" + i));
      g.put("l" + i, List.of("j" + (i + 1)));
      g.put("r" + i, List.of("j" + (i + 1)));
    }
    SbomDocument doc = cyclonedx("app", g);

    assertThat(paths(doc, "j62").pathCount()).isEqualTo(1L << 62);
    assertThat(paths(doc, "j70").pathCount()).isEqualTo(Long.MAX_VALUE);
  }

  @Test
  void shouldFollowSpdxRelationshipsInBothDirectionsFromTheDescribedPackage() throws Exception {
    String spdx =
        """
        {"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d","dataLicense":"CC0-1.0",
         "documentNamespace":"https://example.com/d","creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: t"]},
         "packages":[
          {"SPDXID":"SPDXRef-app","name":"app","versionInfo":"1","downloadLocation":"NOASSERTION"},
          {"SPDXID":"SPDXRef-spring","name":"spring-boot-starter-log4j2","versionInfo":"2.5.0","downloadLocation":"NOASSERTION"},
          {"SPDXID":"SPDXRef-log4j","name":"log4j-core","versionInfo":"2.14.1","downloadLocation":"NOASSERTION"},
          {"SPDXID":"SPDXRef-junit","name":"junit","versionInfo":"4.13","downloadLocation":"NOASSERTION"}],
         "relationships":[
          {"spdxElementId":"SPDXRef-DOCUMENT","relationshipType":"DESCRIBES","relatedSpdxElement":"SPDXRef-app"},
          {"spdxElementId":"SPDXRef-app","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-spring"},
          {"spdxElementId":"SPDXRef-log4j","relationshipType":"DEPENDENCY_OF","relatedSpdxElement":"SPDXRef-spring"},
          {"spdxElementId":"SPDXRef-junit","relationshipType":"TEST_DEPENDENCY_OF","relatedSpdxElement":"SPDXRef-app"}]}
        """;
    SbomDocument doc = SbomParser.parse(spdx.getBytes(StandardCharsets.UTF_8));

    ComponentPaths log4j = paths(doc, "SPDXRef-log4j");

    assertThat(log4j.reach()).isEqualTo(Reach.TRANSITIVE);
    assertThat(log4j.paths()).containsExactly(List.of("spring-boot-starter-log4j2@2.5.0"));
    assertThat(log4j.via()).containsExactly("spring-boot-starter-log4j2@2.5.0");
    assertThat(paths(doc, "SPDXRef-junit").reach()).isEqualTo(Reach.DIRECT);
    assertThat(paths(doc, "SPDXRef-app").unknownReason())
        .isEqualTo("the component is what the SBOM describes (the project)");
  }

  @Test
  void shouldSayUnknownWhenAnSpdxDocumentDescribesSeveralPackages() throws Exception {
    String spdx =
        """
        {"spdxVersion":"SPDX-2.3","SPDXID":"SPDXRef-DOCUMENT","name":"d","dataLicense":"CC0-1.0",
         "documentNamespace":"https://example.com/d","creationInfo":{"created":"2024-01-01T00:00:00Z","creators":["Tool: t"]},
         "documentDescribes":["SPDXRef-a","SPDXRef-b"],
         "packages":[
          {"SPDXID":"SPDXRef-a","name":"a","versionInfo":"1","downloadLocation":"NOASSERTION"},
          {"SPDXID":"SPDXRef-b","name":"b","versionInfo":"1","downloadLocation":"NOASSERTION"},
          {"SPDXID":"SPDXRef-x","name":"x","versionInfo":"1","downloadLocation":"NOASSERTION"}],
         "relationships":[
          {"spdxElementId":"SPDXRef-a","relationshipType":"DEPENDS_ON","relatedSpdxElement":"SPDXRef-x"}]}
        """;
    SbomDocument doc = SbomParser.parse(spdx.getBytes(StandardCharsets.UTF_8));

    assertThat(paths(doc, "SPDXRef-x").unknownReason())
        .isEqualTo(
            "the dependency graph has 2 roots (the SBOM describes SPDXRef-a, SPDXRef-b): which"
                + " one is the project is not stated");
  }
}
