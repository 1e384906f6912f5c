package io.vigil.core.policy;

import java.util.Objects;

/** Everything a rule is evaluated over: the CEL variables of one exposure. */
public record PolicyInput(
    ExposureFacts exposure,
    ComponentFacts component,
    ProjectFacts project,
    VulnerabilityFacts vuln) {

  public PolicyInput {
    Objects.requireNonNull(exposure, "exposure");
    Objects.requireNonNull(component, "component");
    Objects.requireNonNull(project, "project");
    Objects.requireNonNull(vuln, "vuln");
  }
}
