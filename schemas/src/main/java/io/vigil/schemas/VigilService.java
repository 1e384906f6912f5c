package io.vigil.schemas;

/** The services of the pipeline; each has its own dead-letter topic. */
public enum VigilService {
  INGEST_SBOM("ingest-sbom"),
  INGEST_ADVISORIES("ingest-advisories"),
  CORRELATOR("correlator"),
  ALERTING("alerting");

  private final String id;

  VigilService(String id) {
    this.id = id;
  }

  /** The service's name as used in topic names, client ids and metrics. */
  public String id() {
    return id;
  }
}
