package io.vigil.alerting;

import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.EpssStatus;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureSnapshot;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.KevStatus;
import io.vigil.events.v1.ProjectContext;
import io.vigil.events.v1.SsvcAutomatable;
import io.vigil.events.v1.SsvcDecision;
import io.vigil.events.v1.SsvcExploitation;
import io.vigil.events.v1.SsvcMissionWellbeing;
import io.vigil.events.v1.SsvcOutcome;
import io.vigil.events.v1.SsvcTechnicalImpact;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** Exposure events as the correlator emits them, for alerting tests. */
public final class Fixtures {
  public static final Instant T0 = Instant.parse("2026-11-25T10:00:00Z");
  public static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

  private Fixtures() {}

  /** A builder preset to "project ships log4j-core 2.14.1, affected by Log4Shell (GHSA id)". */
  public static Builder log4shell(String project) {
    return new Builder(project);
  }

  /** Builds exposure events. */
  public static final class Builder {
    private ExposureType type = ExposureType.NEW;
    private ExposureCause cause = ExposureCause.NEW_ADVISORY;
    private String project;
    private String purl = LOG4J;
    private String version = "2.14.1";
    private String ecosystem = "Maven";
    private String advisoryId = "GHSA-jfh8-c2jp-5v3q";
    private List<String> aliases = List.of("CVE-2021-44228");
    private String vulnerabilityId = "CVE-2021-44228";
    private String summary = "Remote code injection in Log4j";
    private String severity = "CRITICAL";
    private Double score = 10.0;
    private String fix = "2.15.0";
    private KevStatus kev;
    private EpssStatus epss;
    private ExposureSnapshot previous;
    private boolean initialInventory;
    private Instant triggeredAt = T0;
    private String projectVersion;
    private String url;
    private SsvcDecision ssvc;
    private boolean malicious;
    private ProjectContext context;
    private ComponentPaths paths;
    private Fix componentFix;
    private Instant overdueSince;
    private String overdueBasis;

    Builder(String project) {
      this.project = project;
    }

    public Builder type(ExposureType t) {
      type = t;
      return this;
    }

    public Builder cause(ExposureCause c) {
      cause = c;
      return this;
    }

    public Builder component(String p, String v) {
      purl = p;
      version = v;
      return this;
    }

    public Builder ecosystem(String e) {
      ecosystem = e;
      return this;
    }

    public Builder advisory(String id, String vulnId, String... al) {
      advisoryId = id;
      vulnerabilityId = vulnId;
      aliases = List.of(al);
      return this;
    }

    /** The advisory URL the correlator took from the record's references (default: GHSA page). */
    public Builder url(String u) {
      url = u;
      return this;
    }

    public Builder projectVersion(String v) {
      projectVersion = v;
      return this;
    }

    /** RESOLVED because an SBOM update (of {@code version}) removed the component. */
    public Builder removedBy(String version) {
      type = ExposureType.RESOLVED;
      cause = ExposureCause.COMPONENT_REMOVED;
      projectVersion = version;
      return this;
    }

    public Builder summary(String s) {
      summary = s;
      return this;
    }

    public Builder severity(String s, Double sc) {
      severity = s;
      score = sc;
      return this;
    }

    public Builder fix(String f) {
      fix = f;
      return this;
    }

    public Builder kev(String dueDate) {
      kev =
          KevStatus.newBuilder()
              .setCveId(vulnerabilityId)
              .setDateAdded(LocalDate.parse("2021-12-10"))
              .setDueDate(dueDate == null ? null : LocalDate.parse(dueDate))
              .setKnownRansomwareCampaignUse("Known")
              .build();
      return this;
    }

    public Builder epss(double score, double percentile) {
      epss =
          EpssStatus.newBuilder()
              .setCveId(vulnerabilityId)
              .setScore(score)
              .setPercentile(percentile)
              .setScoreDate(LocalDate.parse("2026-11-24"))
              .build();
      return this;
    }

    public Builder previous(String sev, Double sc, boolean inKev, Double epssScore) {
      previous =
          ExposureSnapshot.newBuilder()
              .setSeverity(sev)
              .setScore(sc)
              .setInKev(inKev)
              .setEpss(epssScore)
              .build();
      return this;
    }

    /** The SSVC decision (its inputs set to values that give this outcome in CISA's tree). */
    public Builder ssvc(SsvcOutcome outcome) {
      boolean act = outcome == SsvcOutcome.ACT;
      ssvc =
          SsvcDecision.newBuilder()
              .setOutcome(outcome)
              .setExploitation(act ? SsvcExploitation.ACTIVE : SsvcExploitation.NONE)
              .setAutomatable(SsvcAutomatable.YES)
              .setTechnicalImpact(SsvcTechnicalImpact.TOTAL)
              .setMissionWellbeing(
                  outcome == SsvcOutcome.TRACK
                      ? SsvcMissionWellbeing.LOW
                      : SsvcMissionWellbeing.HIGH)
              .setExploitationBasis(act ? "in CISA KEV" : "not in KEV, no EPSS score")
              .setAutomatableBasis("CVSS 3.1 AV:N/AC:L/PR:N/UI:N")
              .setTechnicalImpactBasis("CVSS 3.1 PR:N/C:H/I:H")
              .setMissionBasis("criticality mission-essential, internal")
              .build();
      return this;
    }

    /** The SSVC outcome before an UPDATED (with {@link #previous} set first). */
    public Builder previousSsvc(SsvcOutcome outcome) {
      previous = ExposureSnapshot.newBuilder(previous).setSsvcOutcome(outcome).build();
      return this;
    }

    /** An exposure to a malicious-package record ({@code MAL-}, no severity). */
    public Builder malicious(String malId) {
      advisoryId = malId;
      vulnerabilityId = malId;
      aliases = List.of();
      severity = null;
      score = null;
      fix = null;
      malicious = true;
      return this;
    }

    /** The correlator's OVERDUE event of the exposure: past its due date {@code since}. */
    public Builder overdue(Instant since, String basis) {
      type = ExposureType.OVERDUE;
      cause = ExposureCause.DUE_DATE_PASSED;
      triggeredAt = since;
      overdueSince = since;
      overdueBasis = basis;
      return this;
    }

    public Builder team(String team, String owner) {
      context = ProjectContext.newBuilder().setTeam(team).setOwner(owner).build();
      return this;
    }

    /** How the project reaches the component (the correlator copies the component event's). */
    public Builder paths(ComponentPaths p) {
      paths = p;
      return this;
    }

    /** The fix of the component; also its smallest fix. */
    public Builder componentFix(Fix f) {
      componentFix = f;
      fix = f.getSmallest();
      return this;
    }

    public Builder initialInventory() {
      initialInventory = true;
      cause = ExposureCause.NEW_COMPONENT;
      return this;
    }

    public Builder triggeredAt(Instant t) {
      triggeredAt = t;
      return this;
    }

    public ExposureEvent build() {
      String exposureId = project + "|" + purl + "|" + advisoryId;
      return ExposureEvent.newBuilder()
          .setEventId(exposureId + "|" + type + "|" + triggeredAt.toEpochMilli())
          .setExposureId(exposureId)
          .setType(type)
          .setCause(cause)
          .setProjectId(project)
          .setProject(project)
          .setProjectVersion(projectVersion)
          .setComponent(
              Component.newBuilder()
                  .setPurl(purl)
                  .setName(purl.replaceAll(".*/([^/@]+)@.*", "$1"))
                  .setEcosystem(ecosystem)
                  .setVersion(version)
                  .build())
          .setAdvisory(
              ExposureAdvisory.newBuilder()
                  .setId(advisoryId)
                  .setAliases(aliases)
                  .setVulnerabilityId(vulnerabilityId)
                  .setSummary(summary)
                  .setSeverity(severity)
                  .setScore(score)
                  .setVector(score == null ? null : "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H")
                  .setUrl(url != null ? url : "https://github.com/advisories/" + advisoryId)
                  .build())
          .setFixedVersions(fix == null ? List.of() : List.of(fix))
          .setSmallestFix(fix)
          .setKev(kev)
          .setEpss(epss)
          .setPrevious(previous)
          .setSsvc(ssvc)
          .setMalicious(malicious)
          .setProjectContext(context)
          .setInitialInventory(initialInventory)
          .setTriggeredAt(triggeredAt)
          .setEmittedAt(triggeredAt.plusMillis(300))
          .setPaths(paths)
          .setComponentFix(componentFix)
          .setOverdueSince(overdueSince)
          .setOverdueBasis(overdueBasis)
          .build();
    }
  }
}
