package io.vigil.core.paths;

import java.util.Arrays;

/**
 * One breadth-first walk from the root: each node's depth, its number of shortest paths, and its
 * {@link DependencyPaths#MAX_PATHS} smallest shortest paths in label order (node sequences from the
 * first node after the root to the node itself), merged level by level from its predecessors'.
 * Every predecessor of a node on a shortest path sits one level up, so it is complete when the walk
 * reaches the node. Paths that read alike (through two occurrences of one package) are kept once.
 */
final class ShortestPaths {
  private static final int[][] NO_PATHS = new int[0][];

  final int[] depth;
  final long[] count;
  final int[][][] paths;
  private final int[] rank;

  /**
   * @param rank each node's position in label order (equal labels equal); only nodes with
   *     successors are ever compared
   */
  ShortestPaths(NumberedGraph g, int[] rank) {
    this.rank = rank;
    int n = g.size();
    depth = new int[n];
    Arrays.fill(depth, -1);
    count = new long[n];
    paths = new int[n][][];
    int[] queue = new int[n];
    int head = 0;
    int tail = 0;
    depth[g.root] = 0;
    count[g.root] = 1;
    paths[g.root] = new int[][] {NumberedGraph.NONE};
    queue[tail++] = g.root;
    while (head < tail) {
      int u = queue[head++];
      for (int w : g.successors[u]) {
        if (depth[w] == -1) {
          depth[w] = depth[u] + 1;
          paths[w] = NO_PATHS;
          queue[tail++] = w;
        }
        if (depth[w] == depth[u] + 1) {
          count[w] = saturatingAdd(count[w], count[u]);
          if (depth[w] <= DependencyPaths.MAX_DEPTH) {
            for (int[] prefix : paths[u]) {
              paths[w] = insert(paths[w], prefix, w);
            }
          }
        }
      }
    }
  }

  /** The paths with {@code prefix + node} added in order, at most MAX_PATHS kept. */
  private int[][] insert(int[][] list, int[] prefix, int node) {
    int at = 0;
    for (int[] p : list) {
      int c = compare(prefix, p, prefix.length);
      if (c == 0) {
        return list; // reads like one already there
      }
      if (c > 0) {
        at++;
      }
    }
    if (at >= DependencyPaths.MAX_PATHS) {
      return list;
    }
    int[] path = Arrays.copyOf(prefix, prefix.length + 1);
    path[prefix.length] = node;
    int size = Math.min(DependencyPaths.MAX_PATHS, list.length + 1);
    int[][] out = new int[size][];
    System.arraycopy(list, 0, out, 0, at);
    out[at] = path;
    System.arraycopy(list, at, out, at + 1, size - at - 1);
    return out;
  }

  /** Compares the first {@code length} nodes of two paths in label order. */
  int compare(int[] a, int[] b, int length) {
    for (int i = 0; i < length; i++) {
      int c = Integer.compare(rank[a[i]], rank[b[i]]);
      if (c != 0) {
        return c;
      }
    }
    return 0;
  }

  static long saturatingAdd(long a, long b) {
    long s = a + b;
    return s < 0 ? Long.MAX_VALUE : s;
  }
}
