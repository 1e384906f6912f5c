package io.vigil.core.sbom;

/** The SBOM formats Vigil reads. */
public enum SbomFormat {
  CYCLONEDX_JSON("application/vnd.cyclonedx+json"),
  CYCLONEDX_XML("application/vnd.cyclonedx+xml"),
  SPDX_JSON("application/spdx+json"),
  SPDX_YAML("application/spdx+yaml"),
  SPDX_TAG_VALUE("text/spdx");

  private final String mediaType;

  SbomFormat(String mediaType) {
    this.mediaType = mediaType;
  }

  /** The format's registered (or conventional) media type. */
  public String mediaType() {
    return mediaType;
  }

  public boolean isCycloneDx() {
    return this == CYCLONEDX_JSON || this == CYCLONEDX_XML;
  }

  public boolean isSpdx() {
    return !isCycloneDx();
  }
}
