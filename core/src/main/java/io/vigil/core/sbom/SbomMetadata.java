package io.vigil.core.sbom;

import java.util.List;
import java.util.Set;

/**
 * What an SBOM says about itself and its subject, beyond the components: who wrote it, when, with
 * which tools, the subject's properties and tags, and which elements its dependency graph names.
 * Values are as written (nothing normalised); absent parts are empty or null.
 *
 * <table>
 *   <tr><th>part</th><th>CycloneDX (JSON, XML)</th><th>SPDX 2.x (JSON, YAML, tag-value)</th></tr>
 *   <tr><td>timestamp</td><td>{@code metadata.timestamp}</td><td>{@code creationInfo.created}
 *       ({@code Created:})</td></tr>
 *   <tr><td>authors</td><td>{@code metadata.authors[]} (name, else e-mail)</td><td>creators
 *       {@code Person:} and {@code Organization:}</td></tr>
 *   <tr><td>tools</td><td>{@code metadata.tools}: the legacy array ({@code vendor name version})
 *       and the 1.5+ {@code components}/{@code services} form</td><td>creators {@code
 *       Tool:}</td></tr>
 *   <tr><td>supplier</td><td>{@code metadata.supplier.name}, else {@code
 *       metadata.manufacturer.name} / {@code metadata.manufacture.name}</td><td>null (SPDX has no
 *       document supplier; packages have one)</td></tr>
 *   <tr><td>properties</td><td>{@code metadata.properties[]}, then {@code
 *       metadata.component.properties[]}</td><td>none</td></tr>
 *   <tr><td>subjectTags</td><td>{@code metadata.component.tags[]} (1.6)</td><td>none</td></tr>
 *   <tr><td>dependencyRefs</td><td>every {@code dependencies[].ref} and {@code dependsOn}
 *       entry</td><td>both ends of every dependency relationship ({@code DEPENDS_ON}, {@code
 *       CONTAINS}, {@code *_DEPENDENCY_OF}, ...)</td></tr>
 * </table>
 *
 * @param timestamp when the document was made, as written, or null
 * @param authors the people or organisations that made the document
 * @param tools the tools that made it ({@code name} or {@code name version}, with the vendor when
 *     one is given)
 * @param supplier the organisation that supplied the subject (see the table), or null
 * @param properties name/value properties of the document and its subject, in that order
 * @param subjectTags the subject's tags
 * @param dependencyRefs the references (bom-refs, SPDX ids) the dependency graph names
 */
public record SbomMetadata(
    String timestamp,
    List<String> authors,
    List<String> tools,
    String supplier,
    List<Property> properties,
    List<String> subjectTags,
    Set<String> dependencyRefs) {

  /** A document that says nothing about itself. */
  public static final SbomMetadata NONE =
      new SbomMetadata(null, List.of(), List.of(), null, List.of(), List.of(), Set.of());

  public SbomMetadata {
    authors = authors == null ? List.of() : List.copyOf(authors);
    tools = tools == null ? List.of() : List.copyOf(tools);
    properties = properties == null ? List.of() : List.copyOf(properties);
    subjectTags = subjectTags == null ? List.of() : List.copyOf(subjectTags);
    dependencyRefs = dependencyRefs == null ? Set.of() : Set.copyOf(dependencyRefs);
  }

  /** One name/value property. */
  public record Property(String name, String value) {}

  /** The values of every property with this name, in document order. */
  public List<String> propertyValues(String name) {
    return properties.stream()
        .filter(p -> name.equals(p.name()) && p.value() != null)
        .map(Property::value)
        .toList();
  }
}
