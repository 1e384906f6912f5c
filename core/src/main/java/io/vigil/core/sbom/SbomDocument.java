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
 * @param metadata what the document says about itself and its subject ({@link SbomMetadata#NONE}
 *     when nothing)
 * @param graph the dependency graph the document states, or null when it states none
 */
public record SbomDocument(
    SbomFormat format,
    String specVersion,
    SbomComponent subject,
    List<SbomComponent> components,
    List<String> warnings,
    SbomMetadata metadata,
    DependencyGraph graph) {

  public SbomDocument {
    components = List.copyOf(components);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
    metadata = metadata == null ? SbomMetadata.NONE : metadata;
  }

  /** A document that says nothing about itself and states no dependency graph. */
  public SbomDocument(
      SbomFormat format,
      String specVersion,
      SbomComponent subject,
      List<SbomComponent> components,
      List<String> warnings) {
    this(format, specVersion, subject, components, warnings, SbomMetadata.NONE, null);
  }

  /** A document without a dependency graph. */
  public SbomDocument(
      SbomFormat format,
      String specVersion,
      SbomComponent subject,
      List<SbomComponent> components,
      List<String> warnings,
      SbomMetadata metadata) {
    this(format, specVersion, subject, components, warnings, metadata, null);
  }

  /** A document that says nothing about itself. */
  public SbomDocument(
      SbomFormat format,
      String specVersion,
      SbomComponent subject,
      List<SbomComponent> components,
      List<String> warnings,
      DependencyGraph graph) {
    this(format, specVersion, subject, components, warnings, SbomMetadata.NONE, graph);
  }

  /** The same document with other components (the metadata, the graph and the rest kept). */
  public SbomDocument withComponents(List<SbomComponent> kept) {
    return new SbomDocument(format, specVersion, subject, kept, warnings, metadata, graph);
  }

  /** Components that carry no purl: reported, never matched by package. */
  public long componentsWithoutPurl() {
    return components.stream().filter(c -> !c.hasPurl()).count();
  }
}
