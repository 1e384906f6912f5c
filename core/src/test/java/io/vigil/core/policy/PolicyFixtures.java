package io.vigil.core.policy;

import java.util.List;
import java.util.Optional;

/** Policy inputs for tests: a log4j-core exposure whose fields each test adjusts. */
final class PolicyFixtures {
  private PolicyFixtures() {}

  static ComponentFacts component(String scope, Boolean direct) {
    return new ComponentFacts(
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        "log4j-core",
        "org.apache.logging.log4j",
        "2.14.1",
        "library",
        scope,
        Optional.ofNullable(direct),
        List.of("Apache-2.0"),
        "Maven",
        "Maven/org.apache.logging.log4j:log4j-core");
  }

  static VulnerabilityFacts vuln(boolean kev, Double cvss, Double epss) {
    return new VulnerabilityFacts(
        "GHSA-jfh8-c2jp-5v3q",
        List.of("CVE-2021-44228"),
        "CRITICAL",
        Optional.ofNullable(cvss),
        cvss == null ? "" : "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H",
        Optional.ofNullable(epss),
        Optional.empty(),
        kev);
  }

  static PolicyInput input(ComponentFacts component, VulnerabilityFacts vuln, String... tags) {
    return new PolicyInput(
        new ExposureFacts("shop:log4j:GHSA-jfh8-c2jp-5v3q", false, List.of("2.15.0"), false),
        component,
        new ProjectFacts("shop", "1.0", List.of(tags)),
        vuln);
  }
}
