package io.vigil.bench;

import io.vigil.core.policy.ComponentFacts;
import io.vigil.core.policy.ExposureFacts;
import io.vigil.core.policy.PolicyInput;
import io.vigil.core.policy.ProjectFacts;
import io.vigil.core.policy.VulnerabilityFacts;
import java.util.List;
import java.util.Optional;

/**
 * A policy of N rules over every kind of fact (scope, tags, purl prefix, optional scores, aliases,
 * licences, package key, a regex), and the inputs of the policy benchmarks: one that no rule
 * matches (every rule is evaluated: the worst case) and one that rule 25 decides.
 */
final class PolicyRules {
  private static final String[] TEMPLATES = {
    "component.scope == \"excluded-%d\" && !vuln.kev",
    "\"sandbox-%d\" in project.tags && vuln.severity != \"CRITICAL\"",
    "component.purl.startsWith(\"pkg:npm/internal-%d/\")",
    "vuln.epss.orValue(1.0) < 0.0001 && !component.direct.orValue(true) && project.name == \"p%d\"",
    "\"CVE-2020-%05d\" in vuln.aliases",
    "project.name == \"legacy-%d\" && vuln.cvss.orValue(10.0) < 7.0",
    "component.licenses.exists(l, l == \"LicenseRef-%d\")",
    "vuln.id.startsWith(\"MAL-\") && project.tags.exists(t, t == \"quarantine-%d\")",
    "component.packageKey == \"npm/left-pad-%d\" && exposure.indeterminate",
    "vuln.severity == \"LOW\" && component.group.matches(\"^com[.]example%d[.]\")",
  };

  private PolicyRules() {}

  /** A policy file of {@code n} rules; rule i has priority n - i (so they run in file order). */
  static String yaml(int n) {
    StringBuilder b = new StringBuilder("rules:\n");
    for (int i = 0; i < n; i++) {
      String condition = String.format(TEMPLATES[i % TEMPLATES.length], i);
      b.append("  - name: rule-")
          .append(i)
          .append("\n    priority: ")
          .append(n - i)
          .append("\n    condition: '")
          .append(condition.replace("'", "''"))
          .append(
              "'\n    analysis: {state: not_affected, justification: vulnerable_code_not_in_execute_path}\n");
    }
    return b.toString();
  }

  /** An exposure of log4j-core in project {@code project} that no rule of {@link #yaml} matches. */
  static PolicyInput input(String project, double cvss) {
    return new PolicyInput(
        new ExposureFacts(
            project + ":log4j-core:GHSA-jfh8-c2jp-5v3q", false, List.of("2.15.0"), false),
        new ComponentFacts(
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
            "log4j-core",
            "org.apache.logging.log4j",
            "2.14.1",
            "library",
            "required",
            Optional.of(false),
            List.of("Apache-2.0"),
            "Maven",
            "Maven/org.apache.logging.log4j:log4j-core"),
        new ProjectFacts(project, "1.0", List.of("team-payments", "internet-facing")),
        new VulnerabilityFacts(
            "GHSA-jfh8-c2jp-5v3q",
            List.of("CVE-2021-44228"),
            "CRITICAL",
            Optional.of(cvss),
            "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
            Optional.of(0.944),
            Optional.of(0.999),
            true));
  }
}
