package io.vigil.console.triage;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.triage.Analysis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-07T12:00:00Z");
  private static final String LOG4J = "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1";

  @Test
  void shouldApplyTheProjectsComponentDecisionBeforeThePortfolioOne() throws Exception {
    Decisions d =
        Decisions.of(
            List.of(
                item(
                    "portfolio",
                    null,
                    "pkg:maven/org.apache.logging.log4j/log4j-core",
                    "CVE-2021-44228",
                    "exploitable",
                    null,
                    "2026-12-07T11:00:00Z"),
                item(
                    "component",
                    "shop",
                    LOG4J,
                    "CVE-2021-44228",
                    "not_affected",
                    "vulnerable_code_not_in_execute_path",
                    "2026-12-01T00:00:00Z")));

    Analysis shop =
        d.applying("shop", "1.0", LOG4J, "GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), NOW)
            .orElseThrow();
    Analysis other =
        d.applying("bank", "2.0", LOG4J, "GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), NOW)
            .orElseThrow();

    assertThat(shop.state().cycloneDx()).isEqualTo("not_affected");
    assertThat(shop.suppresses()).isTrue();
    assertThat(shop.justification().label()).isEqualTo("vulnerable_code_not_in_execute_path");
    assertThat(other.state().cycloneDx()).isEqualTo("exploitable");
  }

  @Test
  void shouldApplyNoDecisionToAnotherVulnerabilityOrAnExpiredOne() throws Exception {
    var expired =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            item(
                "component",
                "shop",
                LOG4J,
                "CVE-2021-44228",
                "false_positive",
                null,
                "2026-11-01T00:00:00Z");
    expired.put("validUntil", "2026-12-01T00:00:00Z");
    Decisions d = Decisions.of(List.of(expired));

    assertThat(
            d.applying("shop", null, LOG4J, "GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), NOW))
        .isEmpty();
    assertThat(d.applying("shop", null, LOG4J, "CVE-2021-45046", List.of(), NOW)).isEmpty();
  }

  @Test
  void shouldLeaveOutAnItemThatDoesNotReadAsADecision() throws Exception {
    List<JsonNode> items = new ArrayList<>();
    items.add(JSON.readTree("{\"scope\":{\"kind\":\"galaxy\"},\"state\":\"not_affected\"}"));
    items.add(
        item("project", "shop", null, "CVE-2021-44228", "in_triage", null, "2026-12-01T00:00:00Z"));

    Decisions d = Decisions.of(items);

    assertThat(d.size()).isEqualTo(1);
    assertThat(
            d.applying("shop", "1.0", LOG4J, "CVE-2021-44228", List.of(), NOW)
                .map(a -> a.state().cycloneDx()))
        .hasValue("in_triage");
  }

  private static JsonNode item(
      String kind,
      String project,
      String component,
      String vulnerability,
      String state,
      String justification,
      String decidedAt) {
    var scope = JSON.createObjectNode().put("kind", kind).put("project", project);
    scope.put("component", component);
    return JSON.createObjectNode()
        .put("vulnerability", vulnerability)
        .put("state", state)
        .put("justification", justification)
        .put("author", "oncall (via console)")
        .put("decidedAt", decidedAt)
        .set("scope", scope);
  }
}
