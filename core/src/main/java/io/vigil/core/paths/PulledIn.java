package io.vigil.core.paths;

import java.util.Arrays;

/**
 * For each node reachable from the root: the direct dependencies (their indexes, ascending) from
 * which it is reachable, itself included when it is one. The strongly connected components of the
 * reachable graph (the root left out) share one set; sets flow along the edges of the component
 * graph in topological order (Tarjan's numbering, reversed).
 */
final class PulledIn {
  private PulledIn() {}

  /**
   * @param depth each node's depth (-1: not reachable)
   * @param directIndex each node's index among the direct dependencies, or -1
   */
  static int[][] of(NumberedGraph g, int[] depth, int[] directIndex) {
    int n = g.size();
    int[] component = stronglyConnected(g, depth);
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
      int[] set = accumulated[c] == null ? NumberedGraph.NONE : accumulated[c];
      for (int k = start[c]; k < start[c + 1]; k++) {
        if (directIndex[members[k]] >= 0) {
          set = union(set, new int[] {directIndex[members[k]]});
        }
      }
      for (int k = start[c]; k < start[c + 1]; k++) {
        int v = members[k];
        out[v] = set;
        for (int w : g.successors[v]) {
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
  static int[] union(int[] a, int[] b) {
    if (b.length == 0 || a == b) {
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
      if (j >= b.length || (i < a.length && a[i] < b[j])) {
        out[k++] = a[i++];
      } else if (i >= a.length || b[j] < a[i]) {
        out[k++] = b[j++];
      } else {
        out[k++] = a[i++];
        j++;
      }
    }
    if (k == a.length) {
      return a;
    }
    if (k == b.length) {
      return b;
    }
    return Arrays.copyOf(out, k);
  }

  /** The set without {@code x}. */
  static int[] without(int[] set, int x) {
    int at = Arrays.binarySearch(set, x);
    if (at < 0) {
      return set;
    }
    int[] out = new int[set.length - 1];
    System.arraycopy(set, 0, out, 0, at);
    System.arraycopy(set, at + 1, out, at, set.length - at - 1);
    return out;
  }

  /**
   * Tarjan's strongly connected components of the nodes reachable from the root (the root left
   * out), iteratively; -1 for the others. Components are numbered in completion order.
   */
  private static int[] stronglyConnected(NumberedGraph g, int[] depth) {
    int n = g.size();
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
      if (s == g.root || depth[s] < 0 || index[s] >= 0) {
        continue;
      }
      index[s] = low[s] = counter++;
      stack[sp++] = s;
      onStack[s] = true;
      calls[cp++] = s;
      while (cp > 0) {
        int v = calls[cp - 1];
        int[] successors = g.successors[v];
        if (next[v] < successors.length) {
          int w = successors[next[v]++];
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
}
