package io.vigil.console.live;

import io.vigil.events.v1.ExposureEvent;
import java.time.Instant;
import java.util.List;

/** What the Live page shows of one exposure event. */
public record LiveEvent(
    String eventId,
    String type,
    String cause,
    String project,
    String projectId,
    String purl,
    String version,
    String advisory,
    String vulnerability,
    String severity,
    boolean kev,
    Double epss,
    List<String> fixed,
    Instant emittedAt) {

  public static LiveEvent of(ExposureEvent e) {
    return new LiveEvent(
        e.getEventId(),
        e.getType().name(),
        e.getCause().name(),
        e.getProject(),
        e.getProjectId(),
        e.getComponent().getPurl(),
        e.getComponent().getVersion(),
        e.getAdvisory().getId(),
        e.getAdvisory().getVulnerabilityId(),
        e.getAdvisory().getSeverity() == null ? "UNKNOWN" : e.getAdvisory().getSeverity(),
        e.getKev() != null,
        e.getEpss() == null ? null : e.getEpss().getScore(),
        List.copyOf(e.getFixedVersions()),
        e.getEmittedAt());
  }

  /** The smallest fix named, or null. */
  public String fix() {
    return fixed.isEmpty() ? null : fixed.get(0);
  }
}
