package io.vigil.alerting.render;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.alerting.AlertingConfig;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.engine.Alert;
import io.vigil.platform.config.ConfigException;
import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.References;
import io.vigil.platform.config.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConsoleLinksTest {
  private static final String CONSOLE = "https://vigil.example.com/console";
  private final ChannelConfig slack =
      ChannelConfig.slackWebhook(Secret.of("https://hooks.example/services/x"));

  private static String lastBlockText(JsonNode msg) {
    JsonNode blocks = msg.path("blocks");
    return blocks.get(blocks.size() - 1).path("elements").get(0).path("text").asText();
  }

  @Test
  void shouldLinkASingleProjectSlackDigestToItsVulnerabilityAndProjectPages() {
    Alert alert = new TestAlerts("slack", slack).one(log4shell("demo-shop").build());
    AlertView view = AlertView.of(alert).withConsole(ConsoleLinks.of(CONSOLE + "/"));

    JsonNode msg = SlackMessages.message(view, 50);

    assertThat(lastBlockText(msg))
        .isEqualTo(
            ":mag: <"
                + CONSOLE
                + "/vulnerabilities/GHSA-jfh8-c2jp-5v3q|GHSA-jfh8-c2jp-5v3q in the Vigil console>"
                + " · <"
                + CONSOLE
                + "/projects/demo-shop|demo-shop in the Vigil console>");
    assertThat(msg.path("blocks").get(msg.path("blocks").size() - 1).path("type").asText())
        .isEqualTo("context");
  }

  @Test
  void shouldLinkADigestAcrossProjectsToTheVulnerabilityPageOnly() {
    Alert alert =
        new TestAlerts("slack", slack).one(log4shell("shop").build(), log4shell("billing").build());
    AlertView view = AlertView.of(alert).withConsole(ConsoleLinks.of(CONSOLE));

    assertThat(view.console().of(view))
        .extracting(AlertView.Link::url)
        .containsExactly(CONSOLE + "/vulnerabilities/GHSA-jfh8-c2jp-5v3q");
  }

  @Test
  void shouldLinkAFirstSbomSummaryAboutManyVulnerabilitiesToTheProjectPageOnly() {
    Alert alert =
        new TestAlerts("slack", slack)
            .one(
                log4shell("team/app v2").initialInventory().build(),
                log4shell("team/app v2")
                    .advisory("GHSA-p6xc-xr62-6r2g", "CVE-2021-45105", "CVE-2021-45105")
                    .initialInventory()
                    .build());
    AlertView view = AlertView.of(alert).withConsole(ConsoleLinks.of(CONSOLE));

    assertThat(alert.kind()).isEqualTo(Alert.Kind.INVENTORY);
    assertThat(lastBlockText(SlackMessages.message(view, 50)))
        .isEqualTo(
            ":mag: <" + CONSOLE + "/projects/team%2Fapp%20v2|team/app v2 in the Vigil console>");
  }

  @Test
  void shouldRenderNoConsoleLinkWhenNoConsoleUrlIsConfigured() {
    Alert alert = new TestAlerts("slack", slack).one(log4shell("demo-shop").build());

    JsonNode plain = SlackMessages.message(AlertView.of(alert), 50);
    JsonNode none =
        SlackMessages.message(
            AlertView.of(alert).withConsole(AlertingConfig.defaults().consoleLinks()), 50);

    assertThat(plain).isEqualTo(none);
    assertThat(plain.toString()).doesNotContain("Vigil console");
  }

  @Test
  void shouldBindConsoleUrlFromTheConfigFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("vigil.yaml");
    Files.writeString(f, "alerting:\n  consoleUrl: https://vigil.example.com/\n");

    AlertingConfig cfg =
        ConfigSource.load(f, new References(Map.of())).bind("alerting", AlertingConfig.class);

    assertThat(cfg.consoleLinks().vulnerability("GHSA-x"))
        .isEqualTo("https://vigil.example.com/vulnerabilities/GHSA-x");
  }

  @Test
  void shouldTakeTheConsoleUrlFromAlertingConfigAndRefuseOneThatIsNotAnHttpUrl() {
    assertThat(AlertingConfig.defaults().consoleLinks().enabled()).isFalse();
    assertThat(AlertingConfig.defaults().withConsoleUrl(CONSOLE).consoleLinks().project("x"))
        .isEqualTo(CONSOLE + "/projects/x");
    assertThatThrownBy(() -> AlertingConfig.defaults().withConsoleUrl("vigil.example.com"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerting.consoleUrl");
    assertThatThrownBy(() -> AlertingConfig.defaults().withConsoleUrl("ftp://vigil.example.com"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("alerting.consoleUrl");
  }

  @Test
  void shouldNameTheGroupsVulnerabilityAndProjectPagesForAJiraIssue() {
    Alert alert =
        new TestAlerts("slack", slack)
            .one(
                log4shell("demo-shop")
                    .advisory("PYSEC-2021-1", "CVE-2021-44228", "CVE-2021-44228")
                    .build());
    AlertView view = AlertView.of(alert);

    List<AlertView.Link> links = ConsoleLinks.of(CONSOLE).of(alert, view.groups().get(0));

    assertThat(links)
        .extracting(AlertView.Link::url)
        .containsExactly(
            CONSOLE + "/vulnerabilities/PYSEC-2021-1", CONSOLE + "/projects/demo-shop");
    assertThat(ConsoleLinks.NONE.jira(alert, view.groups().get(0))).isNull();
  }
}
