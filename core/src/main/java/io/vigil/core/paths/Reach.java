package io.vigil.core.paths;

/** How a project reaches one of its components, according to the SBOM's dependency graph. */
public enum Reach {
  /** The project depends on it directly (one edge from the root). */
  DIRECT,
  /** Only through other components. */
  TRANSITIVE,
  /** The graph cannot tell (no graph, no single root, not connected to the root): never a guess. */
  UNKNOWN
}
