package io.vigil.correlator;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Reference;
import io.vigil.events.v1.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;

/** Pure functions that build exposure events. */
final class Exposures {
  private Exposures() {}

  /** Stable id of (project, component purl, advisory). */
  static String exposureId(String projectId, String purl, String advisoryId) {
    return sha256(projectId + '\u001F' + purl + '\u001F' + advisoryId).substring(0, 32);
  }

  /** A NEW exposure. */
  static ExposureEvent newExposure(
      ComponentEvent component,
      Advisory advisory,
      List<String> fixed,
      ExposureCause cause,
      Instant triggeredAt,
      Instant now,
      String trigger) {
    return build(component, advisory, fixed, ExposureType.NEW, cause, triggeredAt, now, trigger);
  }

  /** The RESOLVED counterpart of a current exposure. */
  static ExposureEvent resolved(
      ExposureEvent current,
      ExposureCause cause,
      Instant triggeredAt,
      Instant now,
      String trigger) {
    return ExposureEvent.newBuilder(current)
        .setType(ExposureType.RESOLVED)
        .setCause(cause)
        .setPrevious(null)
        .setTriggeredAt(triggeredAt)
        .setEmittedAt(now)
        .setEventId(eventId(current.getExposureId(), ExposureType.RESOLVED, trigger))
        .build();
  }

  static ExposureEvent build(
      ComponentEvent c,
      Advisory a,
      List<String> fixed,
      ExposureType type,
      ExposureCause cause,
      Instant triggeredAt,
      Instant now,
      String trigger) {
    String purl = c.getComponent().getPurl();
    String exposureId = exposureId(c.getProjectId(), purl, a.getId());
    Severity top = highest(a.getSeverities());
    return ExposureEvent.newBuilder()
        .setEventId(eventId(exposureId, type, trigger))
        .setExposureId(exposureId)
        .setType(type)
        .setCause(cause)
        .setProjectId(c.getProjectId())
        .setProject(c.getProject())
        .setProjectVersion(c.getProjectVersion())
        .setComponent(c.getComponent())
        .setAdvisory(
            ExposureAdvisory.newBuilder()
                .setId(a.getId())
                .setAliases(a.getAliases())
                .setVulnerabilityId(vulnerabilityId(a))
                .setSummary(a.getSummary())
                .setSeverity(top == null ? a.getDatabaseSeverity() : top.getRating())
                .setScore(top == null ? null : top.getBaseScore())
                .setVector(top == null ? null : top.getScore())
                .setPublished(a.getPublished())
                .setModified(a.getModified())
                .setUrl(primaryUrl(a.getReferences()))
                .build())
        .setFixedVersions(fixed)
        .setSmallestFix(fixed.isEmpty() ? null : fixed.get(0))
        .setInitialInventory(c.getInitialInventory())
        .setTriggeredAt(triggeredAt)
        .setEmittedAt(now)
        .build();
  }

  /** The CVE alias when there is one, else the smallest of id and aliases. */
  static String vulnerabilityId(Advisory a) {
    String best = null;
    for (String id : a.getAliases()) {
      if (id.startsWith("CVE-") && (best == null || id.compareTo(best) < 0)) {
        best = id;
      }
    }
    if (best != null) {
      return best;
    }
    best = a.getId();
    for (String id : a.getAliases()) {
      if (id.compareTo(best) < 0) {
        best = id;
      }
    }
    return best;
  }

  private static Severity highest(List<Severity> severities) {
    Severity best = null;
    for (Severity s : severities) {
      if (s.getBaseScore() != null && (best == null || s.getBaseScore() > best.getBaseScore())) {
        best = s;
      }
    }
    return best;
  }

  private static String primaryUrl(List<Reference> refs) {
    for (Reference r : refs) {
      if ("ADVISORY".equals(r.getType())) {
        return r.getUrl();
      }
    }
    return refs.isEmpty() ? null : refs.get(0).getUrl();
  }

  static String eventId(String exposureId, ExposureType type, String trigger) {
    return sha256(exposureId + '\u001F' + type + '\u001F' + trigger).substring(0, 32);
  }

  private static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
