package io.vigil.core.paths;

import io.vigil.core.sbom.DependencyGraph;
import io.vigil.core.sbom.SbomComponent;
import io.vigil.core.sbom.SbomDocument;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

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
 * <p>How: one breadth-first walk from the root gives each node's depth, its number of shortest
 * paths and its {@link #MAX_PATHS} lexicographically smallest shortest paths (merged level by level
 * from its predecessors'); "pulled in by" is propagated over the strongly connected components of
 * the reachable graph in topological order (Tarjan, iterative). O(nodes + edges) apart from the
 * path and set merges.
 */
public final class DependencyPaths {
  /** Shortest paths listed per component (all are counted). */
  public static final int MAX_PATHS = 3;

  /** Direct dependencies listed per component (all are counted). */
  public static final int MAX_VIA = 20;

  /** Longest shortest path listed (edges); deeper components get depth and counts, no paths. */
  public static final int MAX_DEPTH = 32;

  private static final int[][] NO_PATHS = new int[0][];
  private static final int[] EMPTY = new int[0];

  private final ComponentPaths whole;
  private final Map<String, Integer> ids;
  private final String[] labels;
  private final int[] rank;
  private final int root;
  private final int[] depth;
  private final long[] count;
  private final int[][][] shortest;
  private final int[] directIndex;
  private final int[] directNodes;
  private final int[][] reachedFrom;

  private DependencyPaths(ComponentPaths whole) {
    this.whole = whole;
    this.ids = Map.of();
    this.labels = new String[0];
    this.rank = EMPTY;
    this.root = -1;
    this.depth = EMPTY;
    this.count = new long[0];
    this.shortest = new int[0][][];
    this.directIndex = EMPTY;
    this.directNodes = EMPTY;
    this.reachedFrom = new int[0][];
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

  private DependencyPaths(SbomDocument doc) {
    this.whole = null;
    DependencyGraph g = doc.graph();
    ids = new HashMap<>(g.dependsOn().size() * 2);
    List<String> refs = new ArrayList<>(g.dependsOn().size() + 1);
    root = id(g.roots().get(0), refs);
    int[][] adjacency = adjacency(g, refs);
    int n = refs.size();

    labels = new String[n];
    if (doc.subject() != null && doc.subject().bomRef() != null) {
      labels[root] = doc.subject().label();
    }
    for (SbomComponent c : doc.components()) {
      Integer node = c.bomRef() == null ? null : ids.get(c.bomRef());
      if (node != null && labels[node] == null) {
        labels[node] = c.label();
      }
    }
    for (int i = 0; i < n; i++) {
      if (labels[i] == null) {
        labels[i] = refs.get(i);
      }
    }
    rank = ranks(labels);

    depth = new int[n];
    Arrays.fill(depth, -1);
    count = new long[n];
    shortest = new int[n][][];
    walk(adjacency);

    directIndex = new int[n];
    Arrays.fill(directIndex, -1);
    long[] direct = new long[adjacency[root].length];
    for (int i = 0; i < direct.length; i++) {
      int node = adjacency[root][i];
      direct[i] = ((long) rank[node] << 32) | node;
    }
    Arrays.sort(direct);
    directNodes = new int[direct.length];
    for (int i = 0; i < direct.length; i++) {
      directNodes[i] = (int) direct[i];
      directIndex[directNodes[i]] = i;
    }
    reachedFrom = reachedFrom(adjacency);
  }

  private int id(String ref, List<String> refs) {
    Integer known = ids.putIfAbsent(ref, refs.size());
    if (known != null) {
      return known;
    }
    refs.add(ref);
    return refs.size() - 1;
  }

  /**
   * Numbers every reference and returns the successors of each: no duplicates, no self-references,
   * no edges back into the root.
   */
  private int[][] adjacency(DependencyGraph g, List<String> refs) {
    List<int[]> out = new ArrayList<>(g.dependsOn().size() + 1);
    int[] seen = new int[64];
    int stamp = 0;
    int[] buffer = new int[16];
    for (Map.Entry<String, List<String>> e : g.dependsOn().entrySet()) {
      int from = id(e.getKey(), refs);
      stamp++;
      int size = 0;
      for (String ref : e.getValue()) {
        int to = id(ref, refs);
        if (to >= seen.length) {
          seen = Arrays.copyOf(seen, Math.max(to + 1, seen.length * 2));
        }
        if (to == from || to == root || seen[to] == stamp) {
          continue;
        }
        seen[to] = stamp;
        if (size == buffer.length) {
          buffer = Arrays.copyOf(buffer, size * 2);
        }
        buffer[size++] = to;
      }
      while (out.size() <= from) {
        out.add(EMPTY);
      }
      out.set(from, size == 0 ? EMPTY : Arrays.copyOf(buffer, size));
    }
    int[][] adjacency = new int[refs.size()][];
    for (int i = 0; i < adjacency.length; i++) {
      adjacency[i] = i < out.size() ? out.get(i) : EMPTY;
    }
    return adjacency;
  }

  /**
   * Each node's position in label order, equal labels sharing one (two occurrences of a package
   * print alike, so paths through either are the same path to a reader): the order paths and lists
   * are given in.
   */
  private static int[] ranks(String[] labels) {
    Integer[] order = new Integer[labels.length];
    for (int i = 0; i < order.length; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> labels[a].compareTo(labels[b]));
    int[] rank = new int[labels.length];
    int r = -1;
    for (int i = 0; i < order.length; i++) {
      if (i == 0 || !labels[order[i]].equals(labels[order[i - 1]])) {
        r++;
      }
      rank[order[i]] = r;
    }
    return rank;
  }

  /**
   * Breadth first from the root: depth, number of shortest paths, and the smallest shortest paths.
   * Every predecessor of a node on a shortest path sits one level up, so it is complete when the
   * walk reaches the node.
   */
  private void walk(int[][] adjacency) {
    ArrayDeque<Integer> queue = new ArrayDeque<>();
    depth[root] = 0;
    count[root] = 1;
    shortest[root] = new int[][] {EMPTY};
    queue.add(root);
    while (!queue.isEmpty()) {
      int u = queue.poll();
      for (int w : adjacency[u]) {
        if (depth[w] == -1) {
          depth[w] = depth[u] + 1;
          shortest[w] = NO_PATHS;
          queue.add(w);
        }
        if (depth[w] == depth[u] + 1) {
          count[w] = saturatingAdd(count[w], count[u]);
          if (depth[w] <= MAX_DEPTH) {
            for (int[] prefix : shortest[u]) {
              shortest[w] = insert(shortest[w], prefix, w);
            }
          }
        }
      }
    }
  }

  /**
   * The paths with {@code prefix + node} added in order, at most {@link #MAX_PATHS} kept; a path
   * that reads the same as one already there (through another occurrence of a package) is not added
   * again.
   */
  private int[][] insert(int[][] paths, int[] prefix, int node) {
    int at = 0;
    for (int[] p : paths) {
      int c = comparePrefix(prefix, p);
      if (c == 0) {
        return paths;
      }
      if (c > 0) {
        at++;
      }
    }
    if (at >= MAX_PATHS) {
      return paths;
    }
    int[] path = Arrays.copyOf(prefix, prefix.length + 1);
    path[prefix.length] = node;
    int size = Math.min(MAX_PATHS, paths.length + 1);
    int[][] out = new int[size][];
    System.arraycopy(paths, 0, out, 0, at);
    out[at] = path;
    System.arraycopy(paths, at, out, at + 1, size - at - 1);
    return out;
  }

  /** Compares a prefix with the same-length start of a path, in label order. */
  private int comparePrefix(int[] prefix, int[] path) {
    for (int i = 0; i < prefix.length; i++) {
      int c = Integer.compare(rank[prefix[i]], rank[path[i]]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  private int comparePaths(int[] a, int[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int c = Integer.compare(rank[a[i]], rank[b[i]]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static long saturatingAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }

  /**
   * For each node reachable from the root: the direct dependencies (their indexes, ascending) from
   * which it is reachable, itself included when it is one. Strongly connected components share the
   * set; sets flow along the edges of the component graph in topological order.
   */
  private int[][] reachedFrom(int[][] adjacency) {
    int n = depth.length;
    int[] component = stronglyConnected(adjacency);
    int components = 0;
    for (int c : component) {
      components = Math.max(components, c + 1);
    }
    // members of each component, grouped (counting sort)
    int[] start = new int[components + 1];
    for (int c : component) {
      if (c >= 0) {
        start[c + 1]++;
      }
    }
    for (int c = 0; c < components; c++) {
      start[c + 1] += start[c];
    }
    int[] members = new int[start[components]];
    int[] fill = Arrays.copyOf(start, components);
    for (int v = 0; v < n; v++) {
      if (component[v] >= 0) {
        members[fill[component[v]]++] = v;
      }
    }
    int[][] accumulated = new int[components][];
    int[][] out = new int[n][];
    // Tarjan numbers a component after every component it reaches: descending is topological
    for (int c = components - 1; c >= 0; c--) {
      int[] own = EMPTY;
      for (int k = start[c]; k < start[c + 1]; k++) {
        int v = members[k];
        if (directIndex[v] >= 0) {
          own = union(own, new int[] {directIndex[v]});
        }
      }
      int[] set = union(accumulated[c] == null ? EMPTY : accumulated[c], own);
      for (int k = start[c]; k < start[c + 1]; k++) {
        int v = members[k];
        out[v] = set;
        for (int w : adjacency[v]) {
          int d = component[w];
          if (d >= 0 && d != c) {
            accumulated[d] = accumulated[d] == null ? set : union(accumulated[d], set);
          }
        }
      }
    }
    return out;
  }

  /** Sorted union of two sorted sets; returns an argument itself when it already holds both. */
  private static int[] union(int[] a, int[] b) {
    if (b.length == 0) {
      return a;
    }
    if (a.length == 0) {
      return b;
    }
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length || j < b.length) {
      int x;
      if (j >= b.length || (i < a.length && a[i] < b[j])) {
        x = a[i++];
      } else if (i >= a.length || b[j] < a[i]) {
        x = b[j++];
      } else {
        x = a[i++];
        j++;
      }
      out[k++] = x;
    }
    if (k == a.length) {
      return a;
    }
    if (k == b.length) {
      return b;
    }
    return Arrays.copyOf(out, k);
  }

  /**
   * Tarjan's strongly connected components of the nodes reachable from the root (the root
   * excluded), iteratively; -1 for the others. Components are numbered in completion order.
   */
  private int[] stronglyConnected(int[][] adjacency) {
    int n = depth.length;
    int[] index = new int[n];
    int[] low = new int[n];
    int[] component = new int[n];
    int[] next = new int[n];
    boolean[] onStack = new boolean[n];
    Arrays.fill(index, -1);
    Arrays.fill(component, -1);
    int[] stack = new int[n];
    int sp = 0;
    int[] calls = new int[n];
    int cp = 0;
    int counter = 0;
    int components = 0;
    for (int s = 0; s < n; s++) {
      if (s == root || depth[s] < 0 || index[s] >= 0) {
        continue;
      }
      index[s] = low[s] = counter++;
      stack[sp++] = s;
      onStack[s] = true;
      calls[cp++] = s;
      while (cp > 0) {
        int v = calls[cp - 1];
        if (next[v] < adjacency[v].length) {
          int w = adjacency[v][next[v]++];
          if (index[w] < 0) {
            index[w] = low[w] = counter++;
            stack[sp++] = w;
            onStack[w] = true;
            calls[cp++] = w;
          } else if (onStack[w]) {
            low[v] = Math.min(low[v], index[w]);
          }
          continue;
        }
        cp--;
        if (cp > 0) {
          int parent = calls[cp - 1];
          low[parent] = Math.min(low[parent], low[v]);
        }
        if (low[v] == index[v]) {
          int w;
          do {
            w = stack[--sp];
            onStack[w] = false;
            component[w] = components;
          } while (w != v);
          components++;
        }
      }
    }
    return component;
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
      Integer node = ids.get(c.bomRef());
      if (node != null && !contains(nodes, size, node)) {
        nodes[size++] = node;
      }
    }
    if (size == 0) {
      return ComponentPaths.unknown(
          anyReference
              ? "the dependency graph does not connect it to the project"
              : "the component has no reference (bom-ref, SPDXID) for the dependency graph to name");
    }
    if (contains(nodes, size, root)) {
      return ComponentPaths.unknown("the component is what the SBOM describes (the project)");
    }
    int min = Integer.MAX_VALUE;
    for (int i = 0; i < size; i++) {
      if (depth[nodes[i]] > 0) {
        min = Math.min(min, depth[nodes[i]]);
      }
    }
    if (min == Integer.MAX_VALUE) {
      return ComponentPaths.unknown("the dependency graph does not connect it to the project");
    }
    long paths = 0;
    int[][] listed = NO_PATHS;
    int[] via = EMPTY;
    for (int i = 0; i < size; i++) {
      int v = nodes[i];
      if (depth[v] == min) {
        paths = saturatingAdd(paths, count[v]);
        listed = listed.length == 0 ? shortest[v] : merge(listed, shortest[v]);
      }
      if (depth[v] > 0) {
        via = union(via, reachedFrom[v]);
      }
    }
    for (int i = 0; i < size; i++) {
      if (directIndex[nodes[i]] >= 0) {
        via = without(via, directIndex[nodes[i]]);
      }
    }
    String[][] shown = new String[listed.length][];
    for (int i = 0; i < listed.length; i++) {
      int[] p = listed[i];
      String[] labelled = new String[p.length];
      for (int k = 0; k < p.length; k++) {
        labelled[k] = labels[p[k]];
      }
      shown[i] = labelled;
    }
    String[] viaLabels = new String[Math.min(MAX_VIA, via.length)];
    for (int i = 0; i < viaLabels.length; i++) {
      viaLabels[i] = labels[directNodes[via[i]]];
    }
    List<List<String>> pathList = new ArrayList<>(shown.length);
    for (String[] p : shown) {
      pathList.add(List.of(p));
    }
    return new ComponentPaths(
        min == 1 ? Reach.DIRECT : Reach.TRANSITIVE,
        min,
        List.of(viaLabels),
        via.length,
        pathList,
        paths,
        null);
  }

  /**
   * The smallest {@link #MAX_PATHS} of two sorted path lists of equal length, a path that reads
   * like one already taken left out.
   */
  private int[][] merge(int[][] a, int[][] b) {
    int[][] out = new int[Math.min(MAX_PATHS, a.length + b.length)][];
    int i = 0;
    int j = 0;
    int k = 0;
    while (k < out.length && (i < a.length || j < b.length)) {
      int[] next;
      if (j >= b.length || (i < a.length && comparePaths(a[i], b[j]) <= 0)) {
        next = a[i++];
      } else {
        next = b[j++];
      }
      if (k == 0 || comparePaths(out[k - 1], next) != 0) {
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

  private static int[] without(int[] set, int x) {
    int at = Arrays.binarySearch(set, x);
    if (at < 0) {
      return set;
    }
    int[] out = new int[set.length - 1];
    System.arraycopy(set, 0, out, 0, at);
    System.arraycopy(set, at + 1, out, at, set.length - at - 1);
    return out;
  }
}
