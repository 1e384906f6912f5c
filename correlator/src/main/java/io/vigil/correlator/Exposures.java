package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.core.osv.Cvss;
import io.vigil.core.osv.SeverityScore;
import io.vigil.core.ssvc.SsvcDecision;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.EpssStatus;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureSnapshot;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.Reference;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** Pure functions that build exposure events and decide whether a change is material. */
final class Exposures {
  private Exposures() {}

  /** What the enrichment feeds say about a vulnerability (over its CVEs). */
  record Enrichment(KevStatus kev, EpssStatus epss, CveEnrichment.Nvd nvd) {
    static final Enrichment NONE = new Enrichment(null, null, null);

    /** KEV: the first listed CVE; EPSS and NVD: the highest score over the CVEs. */
    static Enrichment of(Collection<CveEnrichment> cves) {
      KevStatus kev = null;
      EpssStatus epss = null;
      CveEnrichment.Nvd nvd = null;
      for (CveEnrichment e : cves) {
        if (e == null) {
          continue;
        }
        if (kev == null && e.kev() != null) {
          kev =
              new KevStatus(
                  e.cve(),
                  LocalDate.ofEpochDay(e.kev().dateAdded()),
                  e.kev().dueDate() == null ? null : LocalDate.ofEpochDay(e.kev().dueDate()),
                  e.kev().knownRansomwareCampaignUse());
        }
        if (e.epss() != null && (epss == null || e.epss().score() > epss.getScore())) {
          epss =
              new EpssStatus(
                  e.cve(),
                  e.epss().score(),
                  e.epss().percentile(),
                  LocalDate.ofEpochDay(e.epss().scoreDate()));
        }
        if (e.nvd() != null && (nvd == null || e.nvd().score() > nvd.score())) {
          nvd = e.nvd();
        }
      }
      return new Enrichment(kev, epss, nvd);
    }
  }

  /** Severity rating, score and vector of an exposure. */
  record Rated(String severity, Double score, String vector) {}

  /**
   * Stable id of (project, component purl, advisory): a hash of its store key, whose parts are
   * escaped, so two different triples never share an id whatever characters they hold.
   */
  static String exposureId(String projectId, String purl, String advisoryId) {
    return sha256(StoreKeys.exposure(projectId, purl, advisoryId)).substring(0, 32);
  }

  /**
   * Severity of the vulnerability: the group's severity by core's rule (M9: highest CVSS score,
   * else the databases' ratings), else NVD's score of its CVEs (NVD is the fallback when the
   * advisories carry no severity).
   */
  static Rated severity(AliasGroups.Group group, Enrichment enrichment) {
    SeverityScore s = group.severity();
    if (s.rating() != null) {
      return new Rated(s.rating(), s.score(), s.vector());
    }
    if (enrichment.nvd() != null) {
      String rating = SeverityScore.normaliseRating(enrichment.nvd().severity());
      return new Rated(
          rating == null ? Cvss.rating(enrichment.nvd().score()) : rating,
          enrichment.nvd().score(),
          enrichment.nvd().vector());
    }
    return new Rated(null, null, null);
  }

  /**
   * A NEW or UPDATED event for (component, advisory) as things stand now, with the component's
   * paths.
   *
   * @param fix the fix of this exposure (this advisory's entries alone), or null
   * @param componentFix the fix of every open finding of the component, or null
   */
  static ExposureEvent build(
      ComponentEvent c,
      Advisory a,
      AliasGroups.Group group,
      Enrichment enrichment,
      Matching.Finding finding,
      Fix fix,
      Fix componentFix,
      ExposureType type,
      ExposureCause cause,
      ExposureEvent previous,
      SsvcDecision ssvc,
      Instant triggeredAt,
      Instant now,
      String trigger) {
    String purl = c.getComponent().getPurl();
    String exposureId = exposureId(c.getProjectId(), purl, a.getId());
    Rated rated = severity(group, enrichment);
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
                .setVulnerabilityId(group.vulnerabilityId())
                .setSummary(a.getSummary())
                .setSeverity(rated.severity())
                .setScore(rated.score())
                .setVector(rated.vector())
                .setPublished(a.getPublished())
                .setModified(a.getModified())
                .setUrl(primaryUrl(a.getReferences()))
                .build())
        .setFixedVersions(finding.fixedVersions())
        // the release the match was judged in; an enrichment update keeps the emitted one
        .setDistroRelease(
            finding.release() != null
                ? finding.release()
                : previous == null ? null : previous.getDistroRelease())
        .setSmallestFix(componentFix == null ? null : componentFix.getSmallest())
        .setIndeterminate(finding.indeterminate())
        .setKev(enrichment.kev())
        .setEpss(enrichment.epss())
        .setPrevious(previous == null ? null : snapshot(previous))
        .setSsvc(ssvc == null ? null : SsvcOfExposure.toAvro(ssvc))
        .setMalicious(SsvcOfExposure.malicious(group) || a.getMalicious())
        .setProjectContext(c.getProjectContext())
        // only a component arriving in the project's first SBOM is "initial inventory"; an
        // advisory or enrichment change on such a component is news in its own right
        .setInitialInventory(c.getInitialInventory() && cause == ExposureCause.NEW_COMPONENT)
        .setTriggeredAt(triggeredAt)
        .setEmittedAt(now)
        .setPaths(c.getPaths())
        .setFix(fix)
        .setComponentFix(componentFix)
        .setFirstSeenAt(previous == null ? triggeredAt : firstSeenAt(previous))
        // OVERDUE is emitted once: the mark stays on every later state of the exposure
        .setOverdueSince(previous == null ? null : previous.getOverdueSince())
        .setOverdueBasis(previous == null ? null : previous.getOverdueBasis())
        .build();
  }

  /**
   * When an open exposure was first seen: its stored {@code firstSeenAt}, or for one stored before
   * that field existed, the trigger of its NEW event when that is the stored one; else null.
   */
  static Instant firstSeenAt(ExposureEvent current) {
    if (current.getFirstSeenAt() != null) {
      return current.getFirstSeenAt();
    }
    return current.getType() == ExposureType.NEW ? current.getTriggeredAt() : null;
  }

  /**
   * The RESOLVED counterpart of a current exposure whose component an SBOM update removed: it names
   * the project version of that SBOM (the version that no longer ships it).
   */
  static ExposureEvent removed(ExposureEvent current, ComponentEvent removal, Instant now) {
    return ExposureEvent.newBuilder(
            resolved(
                current,
                ExposureCause.COMPONENT_REMOVED,
                removal.getReceivedAt(),
                now,
                removal.getEventId()))
        .setProjectVersion(removal.getProjectVersion())
        .build();
  }

  /** The RESOLVED counterpart of a current exposure. */
  static ExposureEvent resolved(
      ExposureEvent current,
      ExposureCause cause,
      Instant triggeredAt,
      Instant now,
      String trigger) {
    return ExposureEvent.newBuilder(current)
        .setFirstSeenAt(firstSeenAt(current))
        .setType(ExposureType.RESOLVED)
        .setCause(cause)
        .setPrevious(null)
        .setInitialInventory(false)
        .setTriggeredAt(triggeredAt)
        .setEmittedAt(now)
        .setEventId(eventId(current.getExposureId(), ExposureType.RESOLVED, trigger))
        .build();
  }

  /** The alert-relevant state of an event. */
  static ExposureSnapshot snapshot(ExposureEvent e) {
    return new ExposureSnapshot(
        e.getAdvisory().getSeverity(),
        e.getAdvisory().getScore(),
        e.getKev() != null,
        e.getEpss() == null ? null : e.getEpss().getScore(),
        e.getSsvc() == null ? null : e.getSsvc().getOutcome());
  }

  /**
   * Whether {@code next} differs materially from the last emitted state {@code last}: another
   * severity rating, a score change of at least 0.1, KEV status gained or lost, EPSS moved by at
   * least {@code epssDelta}, or another SSVC decision or decision-point value (core's {@link
   * SsvcDecision#differsFrom}; a last state without a decision, written before decisions were on
   * the events, is not a change by itself).
   */
  static boolean materialChange(ExposureEvent last, ExposureEvent next, double epssDelta) {
    ExposureSnapshot a = snapshot(last);
    ExposureSnapshot b = snapshot(next);
    if (!Objects.equals(a.getSeverity(), b.getSeverity()) || a.getInKev() != b.getInKev()) {
      return true;
    }
    if (ssvcChanged(last, next)) {
      return true;
    }
    double sa = a.getScore() == null ? 0 : a.getScore();
    double sb = b.getScore() == null ? 0 : b.getScore();
    if (Math.abs(sa - sb) >= 0.1 - 1e-9) {
      return true;
    }
    double ea = a.getEpss() == null ? 0 : a.getEpss();
    double eb = b.getEpss() == null ? 0 : b.getEpss();
    return Math.abs(ea - eb) >= epssDelta - 1e-9;
  }

  /** True when both events carry an SSVC decision and they differ (outcome or an input). */
  static boolean ssvcChanged(ExposureEvent last, ExposureEvent next) {
    SsvcDecision before = SsvcOfExposure.fromAvro(last.getSsvc());
    SsvcDecision after = SsvcOfExposure.fromAvro(next.getSsvc());
    return before != null && after != null && after.differsFrom(before);
  }

  /** True when a KEV status was gained (the UPDATED event escalates). */
  static boolean escalated(ExposureEvent updated) {
    return updated.getPrevious() != null
        && !updated.getPrevious().getInKev()
        && updated.getKev() != null;
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

  static String sha256(String s) {
    return HexFormat.of().formatHex(SHA_256.get().digest(s.getBytes(StandardCharsets.UTF_8)));
  }

  /** One digest per thread: {@code MessageDigest.getInstance} per id was a provider lookup each. */
  private static final ThreadLocal<MessageDigest> SHA_256 =
      ThreadLocal.withInitial(
          () -> {
            try {
              return MessageDigest.getInstance("SHA-256");
            } catch (NoSuchAlgorithmException e) {
              throw new IllegalStateException(e);
            }
          });
}
