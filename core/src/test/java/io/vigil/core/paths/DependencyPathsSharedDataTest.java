package io.vigil.core.paths;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import io.vigil.core.sbom.SbomParser;
import io.vigil.core.testing.SharedData;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link DependencyPaths} on the real SBOMs of the shared data that have a dependency graph,
 * against an independent reading and walk written here: the raw JSON read with Jackson's tree model
 * (not the SBOM parser), distances by repeated relaxation (not breadth first), every shortest path
 * enumerated by a depth-first search (not merged level by level), "pulled in by" as one
 * reachability search per direct dependency (not propagated over strongly connected components).
 * Every component of every document is compared: reach, depth, number of paths, the listed paths,
 * the direct dependencies that pull it in, and the reason when unknown.
 */
class DependencyPathsSharedDataTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Set<String> SPDX_FORWARD =
      Set.of("DEPENDS_ON", "CONTAINS", "DYNAMIC_LINK", "STATIC_LINK", "HAS_PREREQUISITE");
  private static final Set<String> SPDX_REVERSE =
      Set.of(
          "DEPENDENCY_OF",
          "DEV_DEPENDENCY_OF",
          "BUILD_DEPENDENCY_OF",
          "OPTIONAL_DEPENDENCY_OF",
          "PROVIDED_DEPENDENCY_OF",
          "TEST_DEPENDENCY_OF",
          "RUNTIME_DEPENDENCY_OF",
          "CONTAINED_BY",
          "PREREQUISITE_FOR");

  /** The document as read here: groups of references (one per purl), labels, graph, roots. */
  private record Raw(
      Map<String, Set<String>> groups,
      Map<String, String> labels,
      Map<String, Set<String>> edges,
      List<String> roots,
      boolean hasGraph) {}

  /** What the independent walk says about one group. */
  private record Expected(
      Reach reach,
      int depth,
      long pathCount,
      List<List<String>> paths,
      List<String> via,
      String reason) {}

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    // file, components (distinct purls), with known paths, direct, deepest: counted independently
    // once more by a Python breadth-first walk over the raw JSON when these lines were written
    "sbom/cyclonedx/bom-examples/SBOM/juice-shop/via_npm/bare/bom.1.4.json, 978, 978, 71, 9",
    "sbom/cyclonedx/bom-examples/SBOM/proton-bridge/proton-bridge-v1.6.3.bom.json, 201, 200, 56, 6",
    "sbom/cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.2.json, 62, 62, 1, 6",
    "sbom/cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.3.json, 62, 62, 1, 6",
    "sbom/cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.4.json, 62, 62, 1, 6",
    "sbom/cyclonedx/dependency-track/dtrack-apiserver-4.5.0.bom.json, 132, 127, 26, 6",
    "sbom/cyclonedx/guac/quarkus-deps-cyclonedx.json, 94, 80, 1, 6",
    // multi-module builds: the parent is the subject and has no entry in the graph
    "sbom/cyclonedx/bom-examples/SBOM/keycloak-10.0.2/bom.json, 903, 0, 0, 0",
    "sbom/cyclonedx/bom-examples/SBOM/dropwizard-1.3.15/bom.json, 167, 0, 0, 0",
    // no metadata.component
    "sbom/cyclonedx/specification-tests/1.6/valid-dependency-1.6.json, 3, 0, 0, 0",
    "sbom/spdx/spdx-examples/software/example9/spdx2.2/appbomination.spdx.json, 7, 4, 3, 2",
    "sbom/spdx/spdx-examples/software/example14/spdx2.3/examplemaven-0.0.1-enriched.spdx.json, 6, 5, 5, 1",
    "sbom/spdx/spdx-examples/presentations/OSS-NA-2023/SPDXVersion2.3/04-SBOMwSecurity.json, 2, 1, 1, 1",
    // describes a binary no relationship starts from; describes two elements; describes nothing
    "sbom/spdx/spdx-examples/software/example7/spdx2.2/example7-bin.spdx.json, 1, 0, 0, 0",
    "sbom/spdx/spdx-spec/v2.3/SPDXJSONExample-v2.3.spdx.json, 4, 0, 0, 0",
    "sbom/spdx/guac/alpine-spdx.json, 14, 0, 0, 0",
  })
  void shouldAgreeWithAnIndependentWalkOnEveryComponent(
      String file, int components, int known, int direct, int deepest) throws Exception {
    Path path = SharedData.require(file);
    SbomDocument doc = SbomParser.parse(path);
    Raw raw = read(JSON.readTree(path.toFile()));
    DependencyPaths production = DependencyPaths.of(doc);
    Map<String, List<SbomComponent>> parsedGroups = new LinkedHashMap<>();
    for (SbomComponent c : doc.components()) {
      parsedGroups
          .computeIfAbsent(c.hasPurl() ? c.purl() : "ref:" + c.bomRef(), k -> new ArrayList<>())
          .add(c);
    }

    Walk walk = new Walk(raw);
    int compared = 0;
    int withPaths = 0;
    int directOnes = 0;
    int maxDepth = 0;
    for (Map.Entry<String, Set<String>> group : raw.groups().entrySet()) {
      List<SbomComponent> occurrences = parsedGroups.get(group.getKey());
      assertThat(occurrences).as("parsed components of %s", group.getKey()).isNotNull();
      Expected expected = walk.expected(group.getValue());
      ComponentPaths actual = production.of(occurrences);
      String what = file + ": " + group.getKey();
      assertThat(actual.reach()).as(what).isEqualTo(expected.reach());
      assertThat(actual.unknownReason() == null).as(what).isEqualTo(expected.reason() == null);
      if (expected.reason() != null) {
        assertThat(actual.unknownReason()).as(what).contains(expected.reason());
      }
      assertThat(actual.depth()).as(what).isEqualTo(expected.depth());
      assertThat(actual.pathCount()).as(what).isEqualTo(expected.pathCount());
      assertThat(actual.paths()).as(what).isEqualTo(expected.paths());
      assertThat(actual.viaCount()).as(what).isEqualTo(expected.via().size());
      assertThat(actual.fingerprint())
          .as(what)
          .isEqualTo(
              ComponentPaths.fingerprintOf(
                  actual.reach(),
                  actual.depth(),
                  actual.via(),
                  actual.viaCount(),
                  actual.paths(),
                  actual.pathCount(),
                  actual.unknownReason()));
      assertThat(actual.via())
          .as(what)
          .isEqualTo(
              expected.via().subList(0, Math.min(DependencyPaths.MAX_VIA, expected.via().size())));
      withPaths += actual.reach() == Reach.UNKNOWN ? 0 : 1;
      directOnes += actual.reach() == Reach.DIRECT ? 1 : 0;
      maxDepth = Math.max(maxDepth, actual.depth());
      compared++;
    }
    assertThat(parsedGroups).hasSize(compared);
    assertThat(List.of(compared, withPaths, directOnes, maxDepth))
        .as("components, with known paths, direct, deepest")
        .containsExactly(components, known, direct, deepest);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({
    "sbom/cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.2",
    "sbom/cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.3",
    "sbom/cyclonedx/bom-examples/SBOM/laravel-7.12.0/bom.1.4",
    "sbom/cyclonedx/bom-examples/SBOM/proton-bridge/proton-bridge-v1.6.3.bom",
  })
  void shouldGiveTheSameAnswersForTheXmlEncodingOfTheSameSbom(String base) throws Exception {
    SbomDocument json = SbomParser.parse(SharedData.require(base + ".json"));
    SbomDocument xml = SbomParser.parse(SharedData.require(base + ".xml"));
    DependencyPaths fromJson = DependencyPaths.of(json);
    DependencyPaths fromXml = DependencyPaths.of(xml);
    Map<String, ComponentPaths> xmlByPurl = new HashMap<>();
    xml.components().forEach(c -> xmlByPurl.put(c.purl(), fromXml.of(c)));

    assertThat(xml.components()).hasSameSizeAs(json.components());
    for (SbomComponent c : json.components()) {
      assertThat(xmlByPurl.get(c.purl())).as(c.purl()).isEqualTo(fromJson.of(c));
    }
    assertThat(json.components().stream().map(fromJson::of))
        .anyMatch(p -> p.reach() == Reach.TRANSITIVE);
  }

  // ---------------------------------------------------------------- the independent reading

  private static Raw read(JsonNode d) {
    Map<String, Set<String>> groups = new LinkedHashMap<>();
    Map<String, String> labels = new HashMap<>();
    Map<String, Set<String>> edges = new HashMap<>();
    List<String> roots = new ArrayList<>();
    boolean hasGraph;
    if (d.has("bomFormat")) {
      JsonNode subject = d.path("metadata").path("component");
      if (subject.hasNonNull("bom-ref")) {
        roots.add(subject.get("bom-ref").asText());
        labels.put(subject.get("bom-ref").asText(), label(subject, "version"));
      }
      Deque<JsonNode> todo = new ArrayDeque<>();
      subject.path("components").forEach(todo::add);
      d.path("components").forEach(todo::add);
      List<JsonNode> all = new ArrayList<>();
      while (!todo.isEmpty()) {
        JsonNode c = todo.poll();
        all.add(c);
        c.path("components").forEach(todo::add);
      }
      for (JsonNode c : all) {
        String ref = c.hasNonNull("bom-ref") ? c.get("bom-ref").asText() : null;
        String key = c.hasNonNull("purl") ? c.get("purl").asText() : "ref:" + ref;
        Set<String> g = groups.computeIfAbsent(key, k -> new LinkedHashSet<>());
        if (ref != null) {
          g.add(ref);
          labels.putIfAbsent(ref, label(c, "version"));
        }
      }
      for (JsonNode dep : d.path("dependencies")) {
        Set<String> to = edges.computeIfAbsent(dep.get("ref").asText(), k -> new LinkedHashSet<>());
        dep.path("dependsOn").forEach(x -> to.add(x.asText()));
      }
      hasGraph = !edges.isEmpty();
    } else {
      for (JsonNode p : d.path("packages")) {
        String id = p.get("SPDXID").asText();
        labels.put(id, label(p, "versionInfo"));
        List<String> purls = new ArrayList<>();
        for (JsonNode r : p.path("externalRefs")) {
          if (r.path("referenceType").asText().toLowerCase().endsWith("purl")) {
            purls.add(r.path("referenceLocator").asText());
          }
        }
        if (purls.isEmpty()) {
          purls.add("ref:" + id);
        }
        purls.forEach(k -> groups.computeIfAbsent(k, x -> new LinkedHashSet<>()).add(id));
      }
      d.path("documentDescribes").forEach(x -> roots.add(x.asText()));
      for (JsonNode r : d.path("relationships")) {
        String a = r.path("spdxElementId").asText();
        String type = r.path("relationshipType").asText();
        String b = r.path("relatedSpdxElement").asText();
        if (type.equals("DESCRIBES") && a.equals("SPDXRef-DOCUMENT") && !roots.contains(b)) {
          roots.add(b);
        } else if (SPDX_FORWARD.contains(type)) {
          edges.computeIfAbsent(a, k -> new LinkedHashSet<>()).add(b);
        } else if (SPDX_REVERSE.contains(type)) {
          edges.computeIfAbsent(b, k -> new LinkedHashSet<>()).add(a);
        }
      }
      hasGraph = !edges.isEmpty();
    }
    return new Raw(groups, labels, edges, roots, hasGraph);
  }

  /** {@code group/name@version}, the parts that are there. */
  private static String label(JsonNode c, String versionField) {
    String group = c.path("group").asText("");
    String name = c.hasNonNull("name") ? c.get("name").asText() : "(unnamed)";
    String version = c.path(versionField).asText("");
    return (group.isBlank() ? "" : group + "/") + name + (version.isBlank() ? "" : "@" + version);
  }

  // ---------------------------------------------------------------- the independent walk

  private static Expected unknown(String reason) {
    return new Expected(Reach.UNKNOWN, 0, 0, List.of(), List.of(), reason);
  }

  /** What is computed once per document: successors, distances, what each direct reaches. */
  private static final class Walk {
    final Raw raw;
    final String problem;
    final String root;
    final Map<String, Set<String>> succ = new HashMap<>();
    final Map<String, Integer> dist = new HashMap<>();
    final Map<String, Set<String>> predecessors = new HashMap<>();
    final Map<String, Set<String>> reachableFromDirect = new LinkedHashMap<>();

    Walk(Raw raw) {
      this.raw = raw;
      if (!raw.hasGraph()) {
        problem = "no dependency graph";
      } else if (raw.roots().size() != 1) {
        problem = raw.roots().isEmpty() ? "has no root" : "roots";
      } else if (!raw.edges().containsKey(raw.roots().get(0))) {
        problem = "has no entry for the project";
      } else {
        problem = null;
      }
      root = problem == null ? raw.roots().get(0) : null;
      if (problem != null) {
        return;
      }
      // successors without self-references and edges into the root
      raw.edges()
          .forEach(
              (from, to) -> {
                Set<String> s = new TreeSet<>(to);
                s.remove(from);
                s.remove(root);
                succ.put(from, s);
              });
      // distances by relaxation until nothing changes
      dist.put(root, 0);
      boolean changed = true;
      while (changed) {
        changed = false;
        for (Map.Entry<String, Set<String>> e : succ.entrySet()) {
          Integer du = dist.get(e.getKey());
          if (du == null) {
            continue;
          }
          for (String w : e.getValue()) {
            Integer dw = dist.get(w);
            if (dw == null || dw > du + 1) {
              dist.put(w, du + 1);
              changed = true;
            }
          }
        }
      }
      succ.forEach(
          (from, to) ->
              to.forEach(t -> predecessors.computeIfAbsent(t, k -> new HashSet<>()).add(from)));
      // one depth-first reachability search per direct dependency
      for (String direct : succ.get(root)) {
        Set<String> seen = new HashSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(direct));
        while (!todo.isEmpty()) {
          for (String w : succ.getOrDefault(todo.pop(), Set.of())) {
            if (seen.add(w)) {
              todo.push(w);
            }
          }
        }
        reachableFromDirect.put(direct, seen);
      }
    }

    Expected expected(Set<String> targets) {
      if (problem != null) {
        return unknown(problem);
      }
      if (targets.isEmpty()) {
        return unknown("has no reference");
      }
      if (targets.contains(root)) {
        return unknown("is what the SBOM describes");
      }
      int depth = targets.stream().filter(dist::containsKey).mapToInt(dist::get).min().orElse(-1);
      if (depth <= 0) {
        return unknown("does not connect it to the project");
      }
      // every shortest path, depth first from the root, only through nodes that lead to a target
      Set<String> leadsToTarget = new HashSet<>();
      for (String t : targets) {
        if (dist.getOrDefault(t, -1) == depth) {
          leadsToTarget.add(t);
        }
      }
      Deque<String> back = new ArrayDeque<>(leadsToTarget);
      while (!back.isEmpty()) {
        String w = back.pop();
        for (String p : predecessors.getOrDefault(w, Set.of())) {
          if (dist.get(p) == dist.get(w) - 1 && leadsToTarget.add(p)) {
            back.push(p);
          }
        }
      }
      List<List<String>> all = new ArrayList<>();
      Deque<String> path = new ArrayDeque<>();
      enumerate(root, 0, depth, targets, succ, dist, leadsToTarget, path, raw.labels(), all);
      TreeSet<List<String>> distinct = new TreeSet<>(DependencyPathsSharedDataTest::compare);
      distinct.addAll(all);
      List<List<String>> listed =
          depth > DependencyPaths.MAX_DEPTH
              ? List.of()
              : distinct.stream().limit(DependencyPaths.MAX_PATHS).toList();
      // pulled in by: every direct dependency (not a target itself) that reaches a target
      List<String> via = new ArrayList<>();
      reachableFromDirect.forEach(
          (direct, reached) -> {
            if (!targets.contains(direct) && targets.stream().anyMatch(reached::contains)) {
              via.add(raw.labels().getOrDefault(direct, direct));
            }
          });
      via.sort(Comparator.naturalOrder());
      return new Expected(
          depth == 1 ? Reach.DIRECT : Reach.TRANSITIVE, depth, all.size(), listed, via, null);
    }
  }

  private static void enumerate(
      String node,
      int level,
      int depth,
      Set<String> targets,
      Map<String, Set<String>> succ,
      Map<String, Integer> dist,
      Set<String> leadsToTarget,
      Deque<String> path,
      Map<String, String> labels,
      List<List<String>> out) {
    if (level == depth) {
      if (targets.contains(node)) {
        List<String> p = new ArrayList<>();
        path.descendingIterator().forEachRemaining(n -> p.add(labels.getOrDefault(n, n)));
        out.add(p.subList(0, p.size() - 1)); // the component itself is left out
      }
      return;
    }
    if (out.size() > 1_000_000) {
      throw new AssertionError("more than a million shortest paths: pick another document");
    }
    for (String w : succ.getOrDefault(node, Set.of())) {
      if (dist.get(w) == level + 1 && leadsToTarget.contains(w)) {
        path.push(w);
        enumerate(w, level + 1, depth, targets, succ, dist, leadsToTarget, path, labels, out);
        path.pop();
      }
    }
  }

  private static int compare(List<String> a, List<String> b) {
    for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
      int c = a.get(i).compareTo(b.get(i));
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.size(), b.size());
  }
}
