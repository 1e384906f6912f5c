package io.vigil.core.vex;

import java.util.List;
import java.util.Map;

/**
 * How a VEX document identifies a product or component: every identifier it gives (any may be
 * null).
 *
 * @param id the document-local id (OpenVEX {@code @id}, CSAF {@code product_id}, CycloneDX {@code
 *     bom-ref}), or null
 * @param name a human-readable name (CSAF product name, CycloneDX component name), or null
 * @param purl a package URL (from the id when it is one, {@code identifiers.purl}, the CSAF helper,
 *     the CycloneDX component), or null
 * @param cpe a CPE 2.2 or 2.3 string, or null
 * @param hashes algorithm → hex digest
 * @param bomRef the CycloneDX {@code bom-ref} that names it (of this document, of the BOM a
 *     BOM-Link points to, or of the project's own SBOM), or null in other formats
 * @param subject true when it is the document's own subject (a CycloneDX ref to {@code
 *     metadata.component}): the product the document is about, i.e. the project it is imported for
 * @param bomLink the BOM-Link (CycloneDX {@code urn:cdx:serial/version#ref}) it came from, or null
 * @param versions the versions a CycloneDX {@code affects[].versions} limits the statement to
 *     (empty: all)
 */
public record ProductRef(
    String id,
    String name,
    String purl,
    String cpe,
    Map<String, String> hashes,
    String bomRef,
    boolean subject,
    String bomLink,
    List<AffectedVersion> versions) {

  public ProductRef {
    hashes = hashes == null ? Map.of() : Map.copyOf(hashes);
    versions = versions == null ? List.of() : List.copyOf(versions);
  }

  /** A product known only by its purl. */
  public static ProductRef ofPurl(String purl) {
    return new ProductRef(purl, null, purl, null, Map.of(), null, false, null, List.of());
  }

  /**
   * One entry of CycloneDX {@code affects[].versions}: an exact version or a vers range, and its
   * status ({@code affected}, {@code unaffected}, {@code unknown}).
   */
  public record AffectedVersion(String version, String range, String status) {}
}
