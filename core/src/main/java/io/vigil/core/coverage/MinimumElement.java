package io.vigil.core.coverage;

/**
 * The SBOM minimum elements Vigil scores, after NTIA's <em>The Minimum Elements For a Software Bill
 * of Materials</em> (July 2021: supplier, component name, version, other unique identifiers,
 * dependency relationship, author of SBOM data, timestamp) and CISA's <em>2025 Minimum Elements for
 * a Software Bill of Materials</em> (draft for comment, August 2025, which adds component hash,
 * license and tool name). CISA 2025's <em>generation context</em> is not scored: neither format
 * states it in one place.
 */
public enum MinimumElement {
  /** The component's supplier or producer is named. */
  SUPPLIER("supplier", true),
  /** The component has a name. */
  NAME("name", true),
  /** The component has a version. */
  VERSION("version", true),
  /** The component has a unique identifier: a purl or a CPE. */
  IDENTIFIER("identifier", true),
  /** The component has a hash with a value. */
  HASH("hash", true),
  /** The component states a licence. */
  LICENSE("license", true),
  /** The document's dependency graph names the component. */
  DEPENDENCY("dependency", true),
  /** The document names its author (a person or organisation). */
  AUTHOR("author", false),
  /** The document says when it was made. */
  TIMESTAMP("timestamp", false),
  /** The document names the tool that made it. */
  TOOL("tool", false);

  private final String label;
  private final boolean perComponent;

  MinimumElement(String label, boolean perComponent) {
    this.label = label;
    this.perComponent = perComponent;
  }

  /** The element's name in APIs and metrics. */
  public String label() {
    return label;
  }

  /** True for the elements every component should have; false for the document's own. */
  public boolean perComponent() {
    return perComponent;
  }
}
