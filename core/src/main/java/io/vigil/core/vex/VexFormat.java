package io.vigil.core.vex;

/** The VEX formats Vigil reads. */
public enum VexFormat {
  /** CycloneDX 1.4–1.6 JSON with {@code vulnerabilities[].analysis}. */
  CYCLONEDX_JSON,
  /** CycloneDX 1.4–1.6 XML. */
  CYCLONEDX_XML,
  /** OpenVEX 0.2.0, and the v0.0.1 shape (string vulnerability and products). */
  OPENVEX,
  /** CSAF 2.0, profile VEX ({@code document.category} {@code csaf_vex}). */
  CSAF
}
