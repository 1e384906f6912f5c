package io.vigil.core.ssvc;

import io.vigil.core.project.ProjectContext;
import java.util.List;

/**
 * What Vigil knows about one exposure that SSVC needs.
 *
 * @param inKev the vulnerability (its alias group) is in CISA's KEV catalog
 * @param epss its EPSS probability, or null when unscored
 * @param cvssVectors every CVSS vector of the alias group (advisories and NVD), any version; the
 *     v3.x and v4.0 ones are read
 * @param malicious the advisory is a malicious-package record ({@code MAL-}): the package is the
 *     attack
 * @param project the project's context, or null when none is known
 */
public record SsvcEvidence(
    boolean inKev,
    Double epss,
    List<String> cvssVectors,
    boolean malicious,
    ProjectContext project) {

  public SsvcEvidence {
    cvssVectors = cvssVectors == null ? List.of() : List.copyOf(cvssVectors);
    project = project == null ? ProjectContext.UNKNOWN : project;
  }
}
