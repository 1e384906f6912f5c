package io.vigil.core.scan;

import io.vigil.core.osv.MatchResult;
import io.vigil.core.osv.SeverityScore;
import java.util.List;

/**
 * One (component, advisory) finding of an offline scan.
 *
 * @param purl the component's purl exactly as written in the SBOM
 * @param advisory the OSV id
 * @param aliases the record's aliases
 * @param vulnerabilityId the alias group's vulnerability id (M9: its smallest CVE, else its
 *     smallest id), as the correlator's {@code ExposureEvent.advisory.vulnerabilityId}
 * @param severity the alias group's severity (M9)
 * @param fixed fixed versions that end this finding, ascending
 * @param result the matcher's full answer (status and reason)
 */
public record ScanFinding(
    String purl,
    String advisory,
    List<String> aliases,
    String vulnerabilityId,
    SeverityScore severity,
    List<String> fixed,
    MatchResult result) {}
