package io.vigil.core.sbom;

import java.util.List;
import java.util.Map;

/**
 * The dependency graph an SBOM states, as written: who depends on whom, by document-local
 * reference. Nothing is inferred here: {@code io.vigil.core.paths.DependencyPaths} decides what can
 * be said from it (and says "unknown" when the graph cannot tell).
 *
 * <p>CycloneDX: {@code dependencies[]} ({@code ref} → {@code dependsOn}, XML {@code <dependency
 * ref>} nesting), and the root is the subject's ({@code metadata.component}) bom-ref. SPDX: the
 * relationships one package includes or depends on another by ({@code DEPENDS_ON}, {@code
 * CONTAINS}, {@code *_LINK}, {@code HAS_PREREQUISITE} forward; {@code *DEPENDENCY_OF}, {@code
 * CONTAINED_BY}, {@code PREREQUISITE_FOR} reversed), and the roots are what the document DESCRIBES.
 *
 * @param roots the references the document names as what it describes, in document order: none,
 *     one, or (SPDX) several
 * @param dependsOn reference → the references it depends on, in document order (may repeat)
 */
public record DependencyGraph(List<String> roots, Map<String, List<String>> dependsOn) {
  public DependencyGraph {
    roots = List.copyOf(roots);
    dependsOn = java.util.Collections.unmodifiableMap(dependsOn);
  }
}
