package io.vigil.core.sbom;

import java.util.List;

/**
 * A parsed SBOM: what it describes and every component it lists (nested ones flattened, in document
 * order).
 *
 * <p>CycloneDX: {@code subject} is {@code metadata.component} (the project itself) and is not one
 * of the {@code components}; its nested components are. SPDX 2.x: every package is a component (an
 * SPDX document that describes a library lists the library as a package, and its version can be
 * vulnerable); {@code subject} is the package the document DESCRIBES when there is exactly one.
 *
 * @param format the document format
 * @param specVersion the spec version the document declares ({@code 1.6}, {@code SPDX-2.3})
 * @param subject the thing the SBOM describes (CycloneDX {@code metadata.component}, SPDX
 *     DESCRIBES), or null
 * @param components every component (see above), nested ones included, in document order
 * @param warnings things that parsed but look wrong (never silently dropped data)
 * @param graph the dependency graph the document states, or null when it states none
 */
public record SbomDocument(
    SbomFormat format,
    String specVersion,
    SbomComponent subject,
    List<SbomComponent> components,
    List<String> warnings,
    DependencyGraph graph) {

  public SbomDocument {
    components = List.copyOf(components);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** A document without a dependency graph. */
  public SbomDocument(
      SbomFormat format,
      String specVersion,
      SbomComponent subject,
      List<SbomComponent> components,
      List<String> warnings) {
    this(format, specVersion, subject, components, warnings, null);
  }

  /** The same document with other components (the graph and everything else kept). */
  public SbomDocument withComponents(List<SbomComponent> kept) {
    return new SbomDocument(format, specVersion, subject, kept, warnings, graph);
  }

  /** Components that carry no purl: reported, never matched by package. */
  public long componentsWithoutPurl() {
    return components.stream().filter(c -> !c.hasPurl()).count();
  }
}
