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
 *     group/name@version}) of the components between the project and this one: from the direct
 *     dependency down to the component's parent (the project and the component itself are left out,
 *     so a direct dependency has one empty path); the lexicographically smallest ones when there
 *     are more; none when unknown or longer than {@link DependencyPaths#MAX_DEPTH}
 * @param pathCount how many shortest paths the graph has in all (saturates at {@link
 *     Long#MAX_VALUE})
 * @param unknownReason why the graph cannot tell, when {@code reach} is UNKNOWN; else null
 * @param fingerprint a 64-bit fingerprint of all the above ({@link #fingerprintOf}): equal answers,
 *     from any document, have equal fingerprints, so a change is noticed without keeping the answer
 */
public record ComponentPaths(
    Reach reach,
    int depth,
    List<String> via,
    int viaCount,
    List<List<String>> paths,
    long pathCount,
    String unknownReason,
    long fingerprint) {

  public ComponentPaths {
    via = List.copyOf(via);
    @SuppressWarnings("unchecked")
    List<String>[] copied = new List[paths.size()];
    for (int i = 0; i < copied.length; i++) {
      copied[i] = List.copyOf(paths.get(i));
    }
    paths = List.of(copied);
  }

  /** An answer with its fingerprint computed from the values. */
  public static ComponentPaths of(
      Reach reach,
      int depth,
      List<String> via,
      int viaCount,
      List<List<String>> paths,
      long pathCount,
      String unknownReason) {
    return new ComponentPaths(
        reach,
        depth,
        via,
        viaCount,
        paths,
        pathCount,
        unknownReason,
        fingerprintOf(reach, depth, via, viaCount, paths, pathCount, unknownReason));
  }

  /** The answer when the graph cannot tell, with the reason. */
  public static ComponentPaths unknown(String reason) {
    return of(Reach.UNKNOWN, 0, List.of(), 0, List.of(), 0, reason);
  }

  /** The fingerprint an answer with these values has (wherever it was computed). */
  public static long fingerprintOf(
      Reach reach,
      int depth,
      List<String> via,
      int viaCount,
      List<List<String>> paths,
      long pathCount,
      String unknownReason) {
    return Fingerprint.of(reach, depth, via, viaCount, paths, pathCount, unknownReason);
  }
}
