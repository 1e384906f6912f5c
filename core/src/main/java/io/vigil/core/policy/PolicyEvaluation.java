package io.vigil.core.policy;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisSource;
import io.vigil.core.triage.BomRefMatcher;
import io.vigil.core.triage.ComponentMatcher;
import io.vigil.core.triage.ExposureRef;
import io.vigil.core.triage.PurlPattern;
import java.time.Instant;
import java.util.Optional;

/**
 * The outcome of evaluating a policy for one exposure: the rule that decided, or none; and the
 * run-time error that stopped the evaluation, if any. An error never drops the exposure: it gets no
 * decision (it alerts as it would without policies) and the error is counted.
 *
 * @param rule the deciding rule, or null
 * @param error the run-time error, or null
 */
public record PolicyEvaluation(PolicyRule rule, RuleError error) {

  /** No rule decided and nothing failed. */
  public static final PolicyEvaluation NO_DECISION = new PolicyEvaluation(null, null);

  /** A rule failed at run time. */
  public record RuleError(String rule, String message) {}

  /** Did a rule decide? */
  public boolean decided() {
    return rule != null;
  }

  /**
   * The decision as an analysis of this exposure's component in its project (source POLICY, the
   * rule's name as {@code sourceRef} and author {@code policy:<name>}, valid until the rule is).
   */
  public Optional<Analysis> toAnalysis(ExposureRef exposure, Instant now) {
    if (rule == null) {
      return Optional.empty();
    }
    ComponentMatcher component =
        exposure.purl() != null && exposure.parsedPurl().isPresent()
            ? PurlPattern.parse(exposure.purl())
            : exposure.bomRef() != null ? new BomRefMatcher(exposure.bomRef()) : null;
    AnalysisScope scope =
        component == null
            ? AnalysisScope.project(exposure.project(), exposure.projectVersion())
            : AnalysisScope.component(exposure.project(), exposure.projectVersion(), component);
    RuleAnalysis a = rule.analysis();
    return Optional.of(
        Analysis.builder(scope, exposure.vulnerabilityId(), a.state())
            .justification(a.justification())
            .cycloneDxJustification(a.cycloneDxJustification())
            .responses(a.responses())
            .detail(a.detail())
            .comment(a.comment())
            .author("policy:" + rule.name())
            .source(AnalysisSource.POLICY)
            .sourceRef(rule.name())
            .decidedAt(now)
            .validUntil(rule.validUntil())
            .build());
  }
}
