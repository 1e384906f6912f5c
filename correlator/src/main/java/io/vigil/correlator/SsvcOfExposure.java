package io.vigil.correlator;

import io.vigil.core.osv.AliasGroups;
import io.vigil.core.project.Criticality;
import io.vigil.core.project.ProjectContext;
import io.vigil.core.project.ProjectExposure;
import io.vigil.core.risk.MaliciousPackages;
import io.vigil.core.ssvc.Automatable;
import io.vigil.core.ssvc.Exploitation;
import io.vigil.core.ssvc.MissionWellbeing;
import io.vigil.core.ssvc.Ssvc;
import io.vigil.core.ssvc.SsvcDecision;
import io.vigil.core.ssvc.SsvcEvidence;
import io.vigil.core.ssvc.SsvcOutcome;
import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.core.ssvc.TechnicalImpact;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Severity;
import io.vigil.events.v1.SsvcAutomatable;
import io.vigil.events.v1.SsvcExploitation;
import io.vigil.events.v1.SsvcMissionWellbeing;
import io.vigil.events.v1.SsvcTechnicalImpact;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * What the correlator knows of one exposure, in core's SSVC terms ({@link Ssvc#decide}: the rule
 * lives in core), and the decision in its wire form. Pure.
 *
 * <ul>
 *   <li>KEV and EPSS: the alias group's enrichment (the same the event carries);
 *   <li>CVSS vectors: every CVSS statement of the group's advisories in this shard (top-level and
 *       the package's entries), then NVD's vector of the group's CVEs;
 *   <li>malicious: any id of the group is a malicious-package id ({@code MAL-}), so a GHSA malware
 *       advisory that aliases a MAL record counts too, or one of the group's advisories in this
 *       shard was flagged by ingest-advisories ({@code Advisory.malicious}: the record's {@code
 *       database_specific} says it comes from ossf/malicious-packages, whatever its id);
 *   <li>the project: the context on the component's last ADDED/UPDATED event.
 * </ul>
 */
final class SsvcOfExposure {
  private SsvcOfExposure() {}

  /** The decision for one component × alias group, as things stand. */
  static SsvcDecision decide(
      ComponentEvent component,
      AliasGroups.Group group,
      Collection<Advisory> shardAdvisories,
      Exposures.Enrichment enrichment,
      SsvcSettings settings) {
    List<String> vectors = new ArrayList<>();
    boolean malicious = malicious(group);
    for (Advisory a : shardAdvisories) {
      if (!group.ids().contains(a.getId())) {
        continue;
      }
      malicious |= a.getMalicious();
      addVectors(a.getSeverities(), vectors);
      for (AffectedPackage p : a.getAffected()) {
        addVectors(p.getSeverities(), vectors);
      }
    }
    if (enrichment.nvd() != null && enrichment.nvd().vector() != null) {
      vectors.add(enrichment.nvd().vector());
    }
    SsvcEvidence evidence =
        new SsvcEvidence(
            enrichment.kev() != null,
            enrichment.epss() == null ? null : enrichment.epss().getScore(),
            vectors,
            malicious,
            context(component.getProjectContext()));
    return Ssvc.decide(evidence, settings);
  }

  /** True when any id of the group is a malicious-package record's. */
  static boolean malicious(AliasGroups.Group group) {
    return group.ids().stream().anyMatch(MaliciousPackages::isMaliciousId);
  }

  private static void addVectors(List<Severity> severities, List<String> out) {
    for (Severity s : severities) {
      if (s.getType() != null && s.getType().startsWith("CVSS_V") && s.getScore() != null) {
        out.add(s.getScore());
      }
    }
  }

  /**
   * The wire form of a project context in core's form ({@link ProjectContext#UNKNOWN} for null).
   */
  static ProjectContext context(io.vigil.events.v1.ProjectContext a) {
    if (a == null) {
      return ProjectContext.UNKNOWN;
    }
    return new ProjectContext(
        a.getOwner(),
        a.getTeam(),
        a.getTags(),
        a.getCriticality() == null ? null : Criticality.valueOf(a.getCriticality().name()),
        a.getExposure() == null ? null : ProjectExposure.valueOf(a.getExposure().name()));
  }

  /** The decision's wire form. */
  static io.vigil.events.v1.SsvcDecision toAvro(SsvcDecision d) {
    return io.vigil.events.v1.SsvcDecision.newBuilder()
        .setOutcome(io.vigil.events.v1.SsvcOutcome.valueOf(d.outcome().name()))
        .setExploitation(SsvcExploitation.valueOf(d.exploitation().name()))
        .setAutomatable(SsvcAutomatable.valueOf(d.automatable().name()))
        .setTechnicalImpact(SsvcTechnicalImpact.valueOf(d.technicalImpact().name()))
        .setMissionWellbeing(SsvcMissionWellbeing.valueOf(d.missionWellbeing().name()))
        .setExploitationBasis(d.exploitationBasis())
        .setAutomatableBasis(d.automatableBasis())
        .setTechnicalImpactBasis(d.technicalImpactBasis())
        .setMissionBasis(d.missionBasis())
        .setAssumed(d.assumed().stream().sorted().toList())
        .build();
  }

  /** Core's form of a decision on the wire; null for null. */
  static SsvcDecision fromAvro(io.vigil.events.v1.SsvcDecision a) {
    if (a == null) {
      return null;
    }
    return new SsvcDecision(
        SsvcOutcome.valueOf(a.getOutcome().name()),
        Exploitation.valueOf(a.getExploitation().name()),
        Automatable.valueOf(a.getAutomatable().name()),
        TechnicalImpact.valueOf(a.getTechnicalImpact().name()),
        MissionWellbeing.valueOf(a.getMissionWellbeing().name()),
        a.getExploitationBasis(),
        a.getAutomatableBasis(),
        a.getTechnicalImpactBasis(),
        a.getMissionBasis(),
        java.util.Set.copyOf(a.getAssumed()));
  }
}
