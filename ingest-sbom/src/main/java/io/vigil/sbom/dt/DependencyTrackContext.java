package io.vigil.sbom.dt;

import io.vigil.platform.http.HttpRequest;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.StatusStore;
import io.vigil.sbom.Uploads;

/** What the Dependency-Track routes share: the upload path, statuses, projects, the query API. */
record DependencyTrackContext(
    Uploads uploads,
    StatusStore statuses,
    ProjectIndex projects,
    DependencyTrackConfig config,
    QueryApiClient queryApi,
    CorrelationProgress progress) {

  /** The caller's per-project key (ingestSbom.apiKeys), or null when those are not configured. */
  IngestSbomConfig.ApiKey authenticate(HttpRequest req) {
    return uploads.apiKeys().authenticate(req);
  }
}
