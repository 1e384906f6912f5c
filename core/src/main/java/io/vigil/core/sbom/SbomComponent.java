package io.vigil.core.sbom;

import io.vigil.core.distro.SourcePackage;
import java.util.List;

/**
 * One component as the SBOM states it. Nothing here is normalised: {@code purl} is exactly the
 * string in the document (the identity users recognise in alerts); matching derives a package key
 * from it separately.
 *
 * @param bomRef the document-local reference ({@code bom-ref} or SPDXID), or null
 * @param purl the package URL exactly as written, or null when the document gives none
 * @param type component type ({@code library}, {@code application}, {@code operating-system}...)
 * @param group CycloneDX group / Maven groupId, or null
 * @param name component name
 * @param version the version as written, or null
 * @param cpe a CPE 2.2/2.3 string, or null
 * @param scope {@code required}, {@code optional}, {@code excluded}, or null when not stated
 * @param direct true when the subject depends on it directly, false when only transitively, null
 *     when the document has no dependency graph
 * @param hashes content hashes
 * @param licenses SPDX license ids or expressions, or free-text names
 * @param location where the component is in the document: a JSON path ({@code
 *     $.components[3].components[0]}) or an XML path with its line ({@code
 *     /bom/components/component[4] (line 120)}), or the tag-value line; null when unknown
 * @param supplier who supplied or produced the component, as the document names it: CycloneDX
 *     {@code supplier.name}, else {@code manufacturer.name}, {@code publisher}, {@code author},
 *     {@code authors[0].name}; SPDX {@code supplier}, else {@code originator} (without the {@code
 *     Organization:}/{@code Person:} prefix; {@code NOASSERTION} is none); null when none
 * @param source the source package a distro binary package was built from, as the document states
 *     it outside the purl (syft's and trivy's CycloneDX properties, SPDX {@code sourceInfo}); null
 *     when it states none (the purl's {@code upstream} qualifier is read with the purl)
 */
public record SbomComponent(
    String bomRef,
    String purl,
    String type,
    String group,
    String name,
    String version,
    String cpe,
    String scope,
    Boolean direct,
    List<Hash> hashes,
    List<String> licenses,
    String location,
    String supplier,
    SourcePackage source) {

  public SbomComponent {
    hashes = hashes == null ? List.of() : List.copyOf(hashes);
    licenses = licenses == null ? List.of() : List.copyOf(licenses);
  }

  /** A component whose document names no supplier and no source package outside the purl. */
  public SbomComponent(
      String bomRef,
      String purl,
      String type,
      String group,
      String name,
      String version,
      String cpe,
      String scope,
      Boolean direct,
      List<Hash> hashes,
      List<String> licenses,
      String location) {
    this(
        bomRef, purl, type, group, name, version, cpe, scope, direct, hashes, licenses, location,
        null, null);
  }

  /** The walking skeleton's constructor (no location). */
  public SbomComponent(
      String bomRef,
      String purl,
      String type,
      String group,
      String name,
      String version,
      String cpe,
      String scope,
      Boolean direct,
      List<Hash> hashes,
      List<String> licenses) {
    this(
        bomRef, purl, type, group, name, version, cpe, scope, direct, hashes, licenses, null, null,
        null);
  }

  /** A content hash: algorithm as the document names it ({@code SHA-256}) and hex value. */
  public record Hash(String algorithm, String value) {}

  public SbomComponent withDirect(Boolean isDirect) {
    return new SbomComponent(
        bomRef, purl, type, group, name, version, cpe, scope, isDirect, hashes, licenses, location,
        supplier, source);
  }

  /** True when the document gives a (non-blank) purl. */
  public boolean hasPurl() {
    return purl != null && !purl.isBlank();
  }

  /** A short human label: {@code group/name@version}, for messages. */
  public String label() {
    StringBuilder b = new StringBuilder();
    if (group != null && !group.isBlank()) {
      b.append(group).append('/');
    }
    b.append(name == null ? "(unnamed)" : name);
    if (version != null && !version.isBlank()) {
      b.append('@').append(version);
    }
    return b.toString();
  }
}
