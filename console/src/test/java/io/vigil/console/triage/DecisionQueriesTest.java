package io.vigil.console.triage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionQueriesTest {
  @Test
  void aProjectPageAsksForItsProjectAndThePortfolioDecisionsOnly() {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      ids.add("CVE-2024-" + (1000 + i));
    }

    assertThat(DecisionQueries.plan(List.of("shop", "shop"), ids))
        .containsExactly("project=shop", "scope=portfolio");
  }

  @Test
  void aVulnerabilityPageAsksForTheDecisionsOfItsIdsOnlyWhateverTheNumberOfProjects() {
    List<String> projects = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      projects.add("p" + i);
    }

    assertThat(
            DecisionQueries.plan(
                projects,
                List.of(
                    "GHSA-jfh8-c2jp-5v3q",
                    "CVE-2021-44228",
                    "cve-2021-44228 ",
                    "GHSA-jfh8-c2jp-5v3q")))
        .containsExactly("vulnerability=CVE-2021-44228", "vulnerability=GHSA-jfh8-c2jp-5v3q");
  }

  @Test
  void noRowsNoCall() {
    assertThat(DecisionQueries.plan(List.of(), List.of("CVE-2021-44228"))).isEmpty();
    assertThat(DecisionQueries.plan(List.of("shop"), List.of())).isEmpty();
  }

  @Test
  void namesAreEncodedAsQueryValues() {
    assertThat(DecisionQueries.plan(List.of("a b&c"), List.of("X-1", "X-2", "X-3")))
        .containsExactly("project=a%20b%26c", "scope=portfolio");
  }
}
