package io.vigil.core.paths;

import io.vigil.core.sbom.DependencyGraph;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link DependencyGraph} with its references numbered 0..n-1 (the root first) and the successors
 * of each node as an int array: no duplicates, no self-references, no edges back into the root.
 */
final class NumberedGraph {
  static final int[] NONE = new int[0];

  final Map<String, Integer> ids;
  final List<String> refs;
  final int root;
  final int[][] successors;

  NumberedGraph(DependencyGraph g) {
    ids = new HashMap<>(g.dependsOn().size() * 2);
    refs = new ArrayList<>(g.dependsOn().size() + 1);
    root = id(g.roots().get(0));
    List<int[]> out = new ArrayList<>(g.dependsOn().size() + 1);
    int[] seen = new int[64];
    int stamp = 0;
    int[] buffer = new int[16];
    for (Map.Entry<String, List<String>> e : g.dependsOn().entrySet()) {
      int from = id(e.getKey());
      stamp++;
      int size = 0;
      for (String ref : e.getValue()) {
        int to = id(ref);
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
        out.add(NONE);
      }
      out.set(from, size == 0 ? NONE : Arrays.copyOf(buffer, size));
    }
    successors = new int[refs.size()][];
    for (int i = 0; i < successors.length; i++) {
      successors[i] = i < out.size() ? out.get(i) : NONE;
    }
  }

  int size() {
    return refs.size();
  }

  /** The node of a reference, or null when the graph does not mention it. */
  Integer node(String ref) {
    return ids.get(ref);
  }

  private int id(String ref) {
    Integer known = ids.get(ref);
    if (known != null) {
      return known;
    }
    int id = refs.size();
    ids.put(ref, id);
    refs.add(ref);
    return id;
  }
}
