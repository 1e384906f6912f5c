package io.vigil.sbom;

/**
 * Settings of ingest-sbom (config file section {@code ingestSbom}).
 *
 * @param httpPort port of the upload API; default 8081 ({@code 0}: any free port)
 * @param maxDocumentBytes largest accepted SBOM (after decompression); default 50 MiB
 * @param versionsAreSeparateInventories when true, {@code project@version} is the inventory
 *     identity (each version has its own inventory); default false (a project has one inventory,
 *     replaced by each new SBOM whatever its version)
 */
public record IngestSbomConfig(
    Integer httpPort, Long maxDocumentBytes, Boolean versionsAreSeparateInventories) {
  public IngestSbomConfig {
    httpPort = httpPort == null ? 8081 : httpPort;
    maxDocumentBytes = maxDocumentBytes == null ? 50L * 1024 * 1024 : maxDocumentBytes;
    versionsAreSeparateInventories =
        versionsAreSeparateInventories != null && versionsAreSeparateInventories;
  }

  public static IngestSbomConfig defaults() {
    return new IngestSbomConfig(null, null, null);
  }

  /** The inventory identity of a project (and version). */
  public String projectId(String project, String version) {
    return versionsAreSeparateInventories && version != null ? project + "@" + version : project;
  }
}
