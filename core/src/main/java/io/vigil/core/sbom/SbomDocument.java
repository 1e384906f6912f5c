package io.vigil.core.sbom;

import java.util.List;

/**
 * A parsed SBOM: what it describes and every component it lists (nested ones flattened, in document
 * order).
 *
 * @param format the document format
 * @param specVersion the spec version the document declares ({@code 1.6}, {@code SPDX-2.3})
 * @param subject the thing the SBOM describes (CycloneDX {@code metadata.component}, SPDX
 *     DESCRIBES), or null
 * @param components every component except the subject, nested ones included
 * @param warnings things that parsed but look wrong (never silently dropped data)
 */
public record SbomDocument(
    SbomFormat format,
    String specVersion,
    SbomComponent subject,
    List<SbomComponent> components,
    List<String> warnings) {

  public SbomDocument {
    components = List.copyOf(components);
    warnings = warnings == null ? List.of() : List.copyOf(warnings);
  }

  /** Components that carry no purl: reported, never matched by package. */
  public long componentsWithoutPurl() {
    return components.stream().filter(c -> c.purl() == null || c.purl().isBlank()).count();
  }
}
