package io.vigil.core.risk;

/**
 * One project shipping one package at one version: a row of the portfolio (a component of a
 * project's inventory, reduced to what systemic risk needs).
 *
 * @param project the project id
 * @param packageKey the package (core's {@code PackageKey} text, {@code Maven/org.x:y})
 * @param version the version shipped, or null when unknown
 * @param direct true when the project depends on it directly, false when only transitively, null
 *     when its SBOM cannot tell
 */
public record PackageUse(String project, String packageKey, String version, Boolean direct) {
  public PackageUse {
    if (project == null || project.isBlank()) {
      throw new IllegalArgumentException("a package use needs a project");
    }
    if (packageKey == null || packageKey.isBlank()) {
      throw new IllegalArgumentException(
          "a package use needs a package key (project " + project + ")");
    }
  }
}
