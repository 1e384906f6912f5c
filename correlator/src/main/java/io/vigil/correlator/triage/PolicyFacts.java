package io.vigil.correlator.triage;

import io.vigil.core.policy.ComponentFacts;
import io.vigil.core.policy.ExposureFacts;
import io.vigil.core.policy.PolicyInput;
import io.vigil.core.policy.ProjectFacts;
import io.vigil.core.policy.VulnerabilityFacts;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ProjectContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a policy rule reads of an exposure ({@link PolicyInput}), taken from the exposure event
 * alone: the component as the SBOM gave it, the vulnerability as the event rates it (its alias
 * group's id and severity, KEV and EPSS), the project with the context the event carries (tags,
 * team, owner, criticality, exposure; empty when it has none).
 */
public final class PolicyFacts {
  private PolicyFacts() {}

  public static PolicyInput of(ExposureEvent e) {
    Component c = e.getComponent();
    var a = e.getAdvisory();
    List<String> aliases = new ArrayList<>(a.getAliases());
    if (a.getVulnerabilityId() != null
        && !a.getVulnerabilityId().equals(a.getId())
        && !aliases.contains(a.getVulnerabilityId())) {
      aliases.add(a.getVulnerabilityId());
    }
    return new PolicyInput(
        new ExposureFacts(
            e.getExposureId(), e.getIndeterminate(), e.getFixedVersions(), e.getInitialInventory()),
        new ComponentFacts(
            c.getPurl(),
            nz(c.getName()),
            nz(c.getGroup()),
            nz(c.getVersion()),
            nz(c.getType()),
            nz(c.getScope()),
            Optional.ofNullable(c.getDirect()),
            c.getLicenses(),
            nz(c.getEcosystem()),
            nz(c.getPackageKey())),
        project(e),
        new VulnerabilityFacts(
            a.getId(),
            aliases,
            nz(a.getSeverity()),
            Optional.ofNullable(a.getScore()),
            nz(a.getVector()),
            e.getEpss() == null ? Optional.empty() : Optional.of(e.getEpss().getScore()),
            e.getEpss() == null ? Optional.empty() : Optional.of(e.getEpss().getPercentile()),
            e.getKev() != null));
  }

  private static ProjectFacts project(ExposureEvent e) {
    ProjectContext c = e.getProjectContext();
    if (c == null) {
      return new ProjectFacts(e.getProject(), nz(e.getProjectVersion()), List.of());
    }
    return new ProjectFacts(
        e.getProject(),
        nz(e.getProjectVersion()),
        c.getTags(),
        nz(c.getTeam()),
        nz(c.getOwner()),
        c.getCriticality() == null ? "" : c.getCriticality().name(),
        c.getExposure() == null ? "" : c.getExposure().name());
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
