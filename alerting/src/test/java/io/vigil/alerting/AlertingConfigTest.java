package io.vigil.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.platform.config.ConfigException;
import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.References;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AlertingConfigTest {
  @TempDir Path dir;

  private AlertingConfig load(String yaml, Map<String, String> env) throws Exception {
    Path f = dir.resolve("vigil.yaml");
    Files.writeString(f, yaml);
    return ConfigSource.load(f, new References(env)).bind("alerting", AlertingConfig.class);
  }

  @Test
  void shouldBindChannelsRoutesAndSecretsFromTheReadmeExample() throws Exception {
    Path token = dir.resolve("jira-token");
    Files.writeString(token, "jira-api-token-from-a-file\n");
    AlertingConfig cfg =
        load(
            """
            alerting:
              digestWindow: 30s
              quietPeriod: 2s
              retry: {maxAttempts: 8, initialBackoff: 1s, maxBackoff: 1m, giveUpAfter: 15m}
              circuitBreaker: {failureThreshold: 3, openFor: 1m}
              channels:
                slack-security:
                  type: slack
                  webhook: ${env:SLACK_WEBHOOK_URL}
                slack-bot:
                  type: slack-api
                  token: ${env:SLACK_BOT_TOKEN}
                  channel: C0123456789
                jira-sec:
                  type: jira
                  baseUrl: https://example.atlassian.net
                  user: vigil-bot@example.com
                  token: ${file:%s}
                  project: SEC
                  priorities: {CRITICAL: Highest, HIGH: High}
                  labels: [security]
                  resolveTransition: Done
                hook:
                  type: webhook
                  webhook: ${env:HOOK_URL}
                  secret: ${env:HOOK_SECRET}
              routes:
                - channels: [slack-security, jira-sec]
                  projects: ["payments-*"]
                  minSeverity: HIGH
                - channels: [slack-bot]
                  kevOnly: true
                  types: [NEW, UPDATED]
                - channels: [hook]
                  ecosystems: [Maven, npm]
                  minEpss: 0.1
            """
                .formatted(token),
            Map.of(
                "SLACK_WEBHOOK_URL", "https://hooks.slack.com/services/T1/B1/secretpath",
                "SLACK_BOT_TOKEN", "xoxb-1-2-3",
                "HOOK_URL", "https://hooks.example.com/vigil",
                "HOOK_SECRET", "whsec"));

    assertThat(cfg.effectiveChannels())
        .containsOnlyKeys("slack-security", "slack-bot", "jira-sec", "hook");
    ChannelConfig jira = cfg.channels().get("jira-sec");
    assertThat(jira.token().reveal()).isEqualTo("jira-api-token-from-a-file");
    assertThat(jira.token().toString()).doesNotContain("jira-api-token");
    assertThat(jira.priorityFor("CRITICAL", false)).isEqualTo("Highest");
    assertThat(jira.priorityFor("MEDIUM", false)).isNull();
    assertThat(jira.priorityFor("LOW", true)).isEqualTo("Highest");
    assertThat(jira.effectiveLanes()).isEqualTo(4);
    assertThat(jira.effectiveInitialInventory()).isEqualTo("individual");
    ChannelConfig slack = cfg.channels().get("slack-security");
    assertThat(slack.webhook().reveal()).endsWith("/secretpath");
    assertThat(slack.effectiveMinInterval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(slack.effectiveInitialInventory()).isEqualTo("summary");
    assertThat(cfg.effectiveRoutes()).hasSize(3);
    assertThat(cfg.routes().get(1).types()).containsExactly("NEW", "UPDATED");
    assertThat(cfg.retry().maxAttempts()).isEqualTo(8);
    assertThat(cfg.retry().giveUpAfter()).isEqualTo(Duration.ofMinutes(15));
    assertThat(cfg.circuitBreaker().openFor()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void shouldFallBackToTheConsoleAndRouteEverythingWhenNothingIsConfigured() {
    AlertingConfig cfg = ConfigSource.empty().bind("alerting", AlertingConfig.class);

    assertThat(cfg.effectiveChannels()).containsOnlyKeys("console");
    assertThat(cfg.effectiveRoutes())
        .singleElement()
        .satisfies(r -> assertThat(r.channels()).containsExactly("console"));
    assertThat(cfg.digestWindow()).isEqualTo(Duration.ofSeconds(30));
    assertThat(cfg.quietPeriod()).isEqualTo(Duration.ofSeconds(2));
    assertThat(cfg.groupId()).isEqualTo("vigil-alerting");
  }

  @Test
  void shouldNameTheKeyAtFaultWhenTheConfigurationIsWrong() throws Exception {
    assertThatThrownBy(() -> load("alerting:\n  chanels: {}\n", Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("unknown key 'chanels'");
    AlertingConfig typo =
        load(
            "alerting:\n  channels:\n    s: {type: slack, webhook: 'https://h.example/x', project: SEC}\n",
            Map.of());
    assertThatThrownBy(typo::effectiveChannels)
        .isInstanceOf(ConfigException.class)
        .hasMessage("alerting.channels.s.project: not a setting of a slack channel");
    AlertingConfig noProject =
        load(
            "alerting:\n  channels:\n    j: {type: jira, baseUrl: 'https://j.example', token: t}\n",
            Map.of());
    assertThatThrownBy(noProject::effectiveChannels)
        .hasMessage("alerting.channels.j.project: required");
    AlertingConfig unknownChannel =
        load(
            "alerting:\n  channels:\n    c: {type: console}\n  routes:\n    - channels: [slack]\n",
            Map.of());
    assertThatThrownBy(unknownChannel::effectiveRoutes)
        .hasMessage("alerting.routes[0].channels: no channel named 'slack' (configured: [c])");
    AlertingConfig badSeverity =
        load("alerting:\n  routes:\n    - {channels: [console], minSeverity: SEVERE}\n", Map.of());
    assertThatThrownBy(badSeverity::effectiveRoutes)
        .hasMessageContaining("minSeverity: must be LOW, MEDIUM, HIGH or CRITICAL, got 'SEVERE'");
    AlertingConfig badSsvc =
        load("alerting:\n  routes:\n    - {channels: [console], ssvc: [urgent]}\n", Map.of());
    assertThatThrownBy(badSsvc::effectiveRoutes)
        .hasMessage(
            "alerting.routes[0].ssvc: 'urgent' is not an SSVC outcome (ACT, ATTEND, TRACK*, TRACK)");
  }

  @Test
  void shouldBindTheSsvcAndTeamConditionsOfARoute() throws Exception {
    AlertingConfig c =
        load(
            "alerting:\n  routes:\n    - {channels: [console], ssvc: [ACT, 'TRACK*'], minSsvc: attend,"
                + " teams: ['payments*'], owners: ['*@example.com']}\n",
            Map.of());
    RouteConfig r = c.effectiveRoutes().get(0);
    assertThat(r.ssvc()).containsExactly("ACT", "TRACK*");
    assertThat(r.minSsvc()).isEqualTo("attend");
    assertThat(r.teams()).containsExactly("payments*");
    assertThat(r.owners()).containsExactly("*@example.com");
  }

  @Test
  void shouldNotShowASecretUrlWhenItIsMalformed() throws Exception {
    AlertingConfig cfg =
        load(
            "alerting:\n  channels:\n    s: {type: slack, webhook: '${env:URL}'}\n",
            Map.of("URL", "hooks.slack.com/services/T9/B9/topsecret"));
    assertThatThrownBy(cfg::effectiveChannels)
        .hasMessage(
            "alerting.channels.s.webhook: not an http(s) URL (value not shown: it is a secret)")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret"));
  }
}
