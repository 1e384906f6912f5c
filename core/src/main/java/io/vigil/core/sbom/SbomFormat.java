package io.vigil.core.sbom;

/** The SBOM formats Vigil reads. */
public enum SbomFormat {
  CYCLONEDX_JSON,
  CYCLONEDX_XML,
  SPDX_JSON,
  SPDX_YAML,
  SPDX_TAG_VALUE
}
