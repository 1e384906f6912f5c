package io.vigil.console.live;

import io.vigil.events.v1.ExposureEvent;
import java.time.Instant;
import java.util.List;

/**
 * What the Live page shows of one exposure event: with its SSVC outcome ({@code ssvc.outcome}) and
 * the project's team and owner ({@code projectContext}), each null when the event has none.
 */
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
    Instant emittedAt,
    String ssvc,
    String team,
    String owner) {

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
        e.getEmittedAt(),
        e.getSsvc() == null ? null : e.getSsvc().getOutcome().name(),
        e.getProjectContext() == null ? null : e.getProjectContext().getTeam(),
        e.getProjectContext() == null ? null : e.getProjectContext().getOwner());
  }

  /** The SSVC outcome as CISA writes it ({@code Track*}), or null when the event has none. */
  public String ssvcLabel() {
    return ssvc == null ? null : LiveFilter.ssvcLabel(ssvc);
  }

  /** The smallest fix named, or null. */
  public String fix() {
    return fixed.isEmpty() ? null : fixed.get(0);
  }
}
