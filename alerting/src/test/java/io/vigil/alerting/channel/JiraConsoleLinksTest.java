package io.vigil.alerting.channel;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.ConsoleLinks;
import io.vigil.platform.config.Secret;
import io.vigil.testkit.http.JiraStub;
import io.vigil.testkit.http.RecordedRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A new Jira issue's description links to the console's pages of its vulnerability and project. */
class JiraConsoleLinksTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONSOLE = "https://vigil.example.com";

  private JiraStub jira;

  @AfterEach
  void stop() {
    jira.close();
  }

  private JsonNode createdIssueFields(ChannelConfig cfg, ConsoleLinks console) throws Exception {
    JiraChannel c =
        new JiraChannel(
            "jira-sec",
            cfg,
            new JiraClient(
                cfg.baseUrl(),
                cfg.jiraDeployment().equals("cloud"),
                cfg.user(),
                cfg.token(),
                Duration.ofSeconds(10)));
    Alert alert = new TestAlerts("jira-sec", cfg).one(log4shell("demo-shop").build());
    c.deliver(alert, AlertView.of(alert).withConsole(console));
    RecordedRequest create =
        jira.requests().stream()
            .filter(r -> r.method().equals("POST") && r.path().endsWith("/issue"))
            .findFirst()
            .orElseThrow();
    return JSON.readTree(create.body()).path("fields");
  }

  @Test
  void shouldEndACloudIssuesDescriptionWithLinksToTheConsolePages() throws Exception {
    jira = JiraStub.cloud("bot@example.com", "token-0123456789", "SEC");
    ChannelConfig cfg =
        ChannelConfig.builder("jira")
            .baseUrl(jira.url())
            .user("bot@example.com")
            .token(Secret.of("token-0123456789"))
            .project("SEC")
            .build();

    JsonNode adf = createdIssueFields(cfg, ConsoleLinks.of(CONSOLE)).path("description");

    JsonNode last = adf.path("content").get(adf.path("content").size() - 1);
    assertThat(last.path("type").asText()).isEqualTo("paragraph");
    assertThat(last.toString())
        .contains("\"text\":\"Open in the Vigil console: \"")
        .contains(
            "\"text\":\"GHSA-jfh8-c2jp-5v3q in the Vigil console\",\"marks\":[{\"type\":\"link\",\"attrs\":{\"href\":\""
                + CONSOLE
                + "/vulnerabilities/GHSA-jfh8-c2jp-5v3q\"}}]")
        .contains(
            "\"text\":\"demo-shop in the Vigil console\",\"marks\":[{\"type\":\"link\",\"attrs\":{\"href\":\""
                + CONSOLE
                + "/projects/demo-shop\"}}]");
  }

  @Test
  void shouldLinkTheConsoleInAServerIssuesWikiDescriptionAndNotWithoutAConsoleUrl()
      throws Exception {
    jira = JiraStub.server("pat-0123456789abcdef", "SEC");
    ChannelConfig cfg =
        ChannelConfig.builder("jira")
            .baseUrl(jira.url())
            .deployment("server")
            .token(Secret.of("pat-0123456789abcdef"))
            .project("SEC")
            .build();

    String wiki = createdIssueFields(cfg, ConsoleLinks.of(CONSOLE)).path("description").asText();

    assertThat(wiki)
        .contains(
            "Open in the Vigil console: [GHSA-jfh8-c2jp-5v3q in the Vigil console|"
                + CONSOLE
                + "/vulnerabilities/GHSA-jfh8-c2jp-5v3q] · [demo-shop in the Vigil console|"
                + CONSOLE
                + "/projects/demo-shop]");
    jira.close();
    jira = JiraStub.server("pat-0123456789abcdef", "SEC");
    ChannelConfig again =
        ChannelConfig.builder("jira")
            .baseUrl(jira.url())
            .deployment("server")
            .token(Secret.of("pat-0123456789abcdef"))
            .project("SEC")
            .build();
    assertThat(createdIssueFields(again, ConsoleLinks.NONE).path("description").asText())
        .doesNotContain("Vigil console");
  }
}
