package io.vigil.core.paths;

import io.vigil.core.sbom.DependencyGraph;
import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/**
 * How a project reaches each of its components, from the dependency graph its SBOM states
 * (CycloneDX {@code dependencies}, SPDX relationships: {@link DependencyGraph}): direct or
 * transitive, the direct dependencies that pull it in, and up to {@link #MAX_PATHS} shortest paths
 * from the project. Computed once per document, then asked per component.
 *
 * <p>Exact, never a guess. The whole document answers UNKNOWN when it has no graph, names no root
 * (CycloneDX: no {@code metadata.component} bom-ref), names several (SPDX: more than one described
 * element), or its graph has no entry for the root; a component answers UNKNOWN when it has no
 * reference or the graph does not connect it to the root. Cycles need no special case: shortest
 * paths never repeat a node, and "pulled in by" is reachability, which a cycle does not make
 * ambiguous (the members of a cycle pull each other in); edges into the project itself and
 * self-references are ignored.
 *
 * <p>How: the references are numbered ({@link NumberedGraph}); one breadth-first walk from the root
 * gives each node's depth, its number of shortest paths and its {@link #MAX_PATHS}
 * lexicographically smallest shortest paths, merged level by level from its predecessors' ({@link
 * ShortestPaths}); "pulled in by" is propagated over the strongly connected components of the
 * reachable graph in topological order ({@link PulledIn}). O(nodes + edges) apart from the path and
 * set merges. Only components with dependencies of their own can appear inside a path or pull
 * another in, so only they are labelled and ordered.
 */
public final class DependencyPaths {
  /** Shortest paths listed per component (all are counted). */
  public static final int MAX_PATHS = 3;

  /** Direct dependencies listed per component (all are counted). */
  public static final int MAX_VIA = 20;

  /** Longest shortest path listed (edges); deeper components get depth and counts, no paths. */
  public static final int MAX_DEPTH = 32;

  private static final int[][] NO_PATHS = new int[0][];

  private final ComponentPaths whole;
  private final NumberedGraph graph;
  private final String[] labels;
  private final long[] labelHashes;
  private final ShortestPaths shortest;
  private final int[] directIndex;
  private final int[] directNodes;
  private final int[][] pulledIn;

  private DependencyPaths(ComponentPaths whole) {
    this.whole = whole;
    this.graph = null;
    this.labels = null;
    this.labelHashes = null;
    this.shortest = null;
    this.directIndex = null;
    this.directNodes = null;
    this.pulledIn = null;
  }

  private DependencyPaths(SbomDocument doc) {
    this.whole = null;
    graph = new NumberedGraph(doc.graph());
    int n = graph.size();
    labels = new String[n];
    labelHashes = new long[n];
    for (SbomComponent c : doc.components()) {
      Integer node = c.bomRef() == null ? null : graph.node(c.bomRef());
      if (node != null && labels[node] == null && isNamed(node)) {
        labels[node] = c.label();
      }
    }
    int[] rank = new int[n];
    Arrays.fill(rank, -1);
    int named = 0;
    for (int v = 0; v < n; v++) {
      if (isNamed(v)) {
        if (labels[v] == null) {
          labels[v] = graph.refs.get(v); // a reference no component carries: shown as written
        }
        labelHashes[v] = Fingerprint.label(labels[v]);
        named++;
      }
    }
    Integer[] order = new Integer[named];
    for (int v = 0, k = 0; v < n; v++) {
      if (labels[v] != null) {
        order[k++] = v;
      }
    }
    Arrays.sort(order, (a, b) -> labels[a].compareTo(labels[b]));
    for (int i = 0, r = -1; i < order.length; i++) {
      if (i == 0 || !labels[order[i]].equals(labels[order[i - 1]])) {
        r++;
      }
      rank[order[i]] = r;
    }
    shortest = new ShortestPaths(graph, rank);

    directIndex = new int[n];
    Arrays.fill(directIndex, -1);
    int[] roots = graph.successors[graph.root];
    long[] direct = new long[roots.length];
    for (int i = 0; i < roots.length; i++) {
      // leaves are unranked (-1): they pull nothing in, their place is irrelevant
      direct[i] = ((long) (rank[roots[i]] + 1) << 32) | roots[i];
    }
    Arrays.sort(direct);
    directNodes = new int[direct.length];
    for (int i = 0; i < direct.length; i++) {
      directNodes[i] = (int) direct[i];
      directIndex[directNodes[i]] = i;
    }
    pulledIn = PulledIn.of(graph, shortest.depth, directIndex);
  }

  /** A node that can appear inside a path or pull another in: one with dependencies. */
  private boolean isNamed(int node) {
    return node != graph.root && graph.successors[node].length > 0;
  }

  /** The paths of every component of the document. */
  public static DependencyPaths of(SbomDocument doc) {
    String reason = documentProblem(doc);
    if (reason != null) {
      return new DependencyPaths(ComponentPaths.unknown(reason));
    }
    return new DependencyPaths(doc);
  }

  /** Why the whole document cannot tell, or null. */
  private static String documentProblem(SbomDocument doc) {
    DependencyGraph g = doc.graph();
    if (g == null) {
      return "the SBOM has no dependency graph";
    }
    if (g.roots().isEmpty()) {
      return "the dependency graph has no root: the SBOM does not name what it describes"
          + " (CycloneDX metadata.component with a bom-ref, SPDX DESCRIBES)";
    }
    if (g.roots().size() > 1) {
      return "the dependency graph has "
          + g.roots().size()
          + " roots (the SBOM describes "
          + String.join(", ", g.roots().subList(0, Math.min(5, g.roots().size())))
          + (g.roots().size() > 5 ? ", ..." : "")
          + "): which one is the project is not stated";
    }
    if (!g.dependsOn().containsKey(g.roots().get(0))) {
      return "the dependency graph has no entry for the project (" + g.roots().get(0) + ")";
    }
    return null;
  }

  /** How the project reaches this component. */
  public ComponentPaths of(SbomComponent component) {
    return of(List.of(component));
  }

  /**
   * How the project reaches a component that the document lists several times (the same package at
   * several places of an npm tree, say), taken together: direct when any occurrence is, the
   * shortest paths to any occurrence, pulled in by whatever pulls in any of them.
   */
  public ComponentPaths of(Collection<SbomComponent> occurrences) {
    if (whole != null) {
      return whole;
    }
    int[] nodes = new int[occurrences.size()];
    int size = 0;
    boolean anyReference = false;
    for (SbomComponent c : occurrences) {
      if (c.bomRef() == null) {
        continue;
      }
      anyReference = true;
      Integer node = graph.node(c.bomRef());
      if (node != null && !contains(nodes, size, node)) {
        nodes[size++] = node;
      }
    }
    if (size == 0) {
      return ComponentPaths.unknown(
          anyReference
              ? NOT_CONNECTED
              : "the component has no reference (bom-ref, SPDXID) for the dependency graph to name");
    }
    if (contains(nodes, size, graph.root)) {
      return ComponentPaths.unknown("the component is what the SBOM describes (the project)");
    }
    int[] depth = shortest.depth;
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      if (depth[nodes[i]] > 0) {
        min = Math.min(min, depth[nodes[i]]);
      }
    }
    if (min == Integer.MAX_VALUE) {
      return ComponentPaths.unknown(NOT_CONNECTED);
    }
    long pathCount = 0;
    int[][] listed = NO_PATHS;
    int[] via = NumberedGraph.NONE;
    for (int i = 0; i < size; i++) {
      int v = nodes[i];
      if (depth[v] == min) {
        pathCount = ShortestPaths.saturatingAdd(pathCount, shortest.count[v]);
        listed = listed.length == 0 ? shortest.paths[v] : merge(listed, shortest.paths[v]);
      }
      if (depth[v] > 0) {
        via = PulledIn.union(via, pulledIn[v]);
      }
    }
    for (int i = 0; i < size; i++) {
      if (directIndex[nodes[i]] >= 0) {
        via = PulledIn.without(via, directIndex[nodes[i]]);
      }
    }
    return answer(min, via, listed, pathCount);
  }

  private static final String NOT_CONNECTED =
      "the dependency graph does not connect it to the project";

  /** The answer, its fingerprint from the labels' hashes (each label hashed once). */
  private ComponentPaths answer(int depth, int[] via, int[][] listed, long pathCount) {
    Reach reach = depth == 1 ? Reach.DIRECT : Reach.TRANSITIVE;
    long h = Fingerprint.start(reach, depth, via.length, pathCount);
    String[] viaLabels = new String[Math.min(MAX_VIA, via.length)];
    h = Fingerprint.mix(h, viaLabels.length);
    for (int i = 0; i < viaLabels.length; i++) {
      int node = directNodes[via[i]];
      viaLabels[i] = labels[node];
      h = Fingerprint.mix(h, labelHashes[node]);
    }
    @SuppressWarnings("unchecked")
    List<String>[] paths = new List[listed.length];
    h = Fingerprint.mix(h, paths.length);
    for (int i = 0; i < listed.length; i++) {
      int[] p = listed[i];
      String[] between = new String[p.length - 1]; // the component itself left out
      h = Fingerprint.mix(h, between.length);
      for (int k = 0; k < between.length; k++) {
        between[k] = labels[p[k]];
        h = Fingerprint.mix(h, labelHashes[p[k]]);
      }
      paths[i] = List.of(between);
    }
    return new ComponentPaths(
        reach,
        depth,
        List.of(viaLabels),
        via.length,
        List.of(paths),
        pathCount,
        null,
        Fingerprint.finish(Fingerprint.mix(h, -1)));
  }

  /**
   * The smallest {@link #MAX_PATHS} of two sorted lists of paths of one length (to two occurrences
   * of a component), compared without their last node (the occurrence itself); one that reads like
   * one already taken is left out.
   */
  private int[][] merge(int[][] a, int[][] b) {
    int[][] out = new int[Math.min(MAX_PATHS, a.length + b.length)][];
    int i = 0;
    int j = 0;
    int k = 0;
    while (k < out.length && (i < a.length || j < b.length)) {
      int[] next;
      if (j >= b.length || (i < a.length && shortest.compare(a[i], b[j], a[i].length - 1) <= 0)) {
        next = a[i++];
      } else {
        next = b[j++];
      }
      if (k == 0 || shortest.compare(out[k - 1], next, next.length - 1) != 0) {
        out[k++] = next;
      }
    }
    return k == out.length ? out : Arrays.copyOf(out, k);
  }

  private static boolean contains(int[] values, int size, int x) {
    for (int i = 0; i < size; i++) {
      if (values[i] == x) {
        return true;
      }
    }
    return false;
  }
}
