package io.vigil.core.paths;

import java.util.List;

/**
 * How the project reaches one component: the answer {@link DependencyPaths} gives.
 *
 * @param reach direct, transitive, or unknown
 * @param depth edges on the shortest path from the project (1 for a direct dependency), 0 when
 *     unknown
 * @param via the project's direct dependencies, other than the component itself, from which the
 *     component is reachable: at most {@link DependencyPaths#MAX_VIA}, in label order
 * @param viaCount how many such direct dependencies there are in all
 * @param paths up to {@link DependencyPaths#MAX_PATHS} shortest paths, each the labels ({@code
 *     name@version}) from the direct dependency to the component, both included (the project itself
 *     is left out); the lexicographically smallest ones when there are more; none when unknown or
 *     longer than {@link DependencyPaths#MAX_DEPTH}
 * @param pathCount how many shortest paths the graph has in all (saturates at {@link
 *     Long#MAX_VALUE})
 * @param unknownReason why the graph cannot tell, when {@code reach} is UNKNOWN; else null
 */
public record ComponentPaths(
    Reach reach,
    int depth,
    List<String> via,
    int viaCount,
    List<List<String>> paths,
    long pathCount,
    String unknownReason) {

  public ComponentPaths {
    via = List.copyOf(via);
    List<List<String>> copied = new java.util.ArrayList<>(paths.size());
    for (List<String> p : paths) {
      copied.add(List.copyOf(p));
    }
    paths = List.copyOf(copied);
  }

  /** The answer when the graph cannot tell, with the reason. */
  public static ComponentPaths unknown(String reason) {
    return new ComponentPaths(Reach.UNKNOWN, 0, List.of(), 0, List.of(), 0, reason);
  }
}
