package io.vigil.alerting.render;

import static io.vigil.alerting.Fixtures.LOG4J;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.TestAlerts;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.FixChange;
import io.vigil.events.v1.Reach;
import io.vigil.platform.config.Secret;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Alerts say how the project reaches the component and what fixes it, and how to force it. */
class PathAndFixRenderTest {
  private static final String STARTER = "org.springframework.boot/spring-boot-starter-log4j2@2.5.0";
  private final ChannelConfig slack =
      ChannelConfig.slackWebhook(Secret.of("https://hooks.example/services/x"));

  private static ComponentPaths transitive(long pathCount, String... path) {
    return ComponentPaths.newBuilder()
        .setReach(Reach.TRANSITIVE)
        .setDepth(path.length + 1)
        .setVia(List.of(path[0]))
        .setViaCount(1)
        .setPaths(List.of(List.of(path)))
        .setPathCount(pathCount)
        .build();
  }

  private AlertView view(io.vigil.alerting.Fixtures.Builder event) {
    return AlertView.of(new TestAlerts("slack", slack).one(event.build()));
  }

  @Test
  void shouldSayThePathTheFixAndTheMavenOverrideForATransitiveComponent() {
    AlertView view =
        view(
            log4shell("shop")
                .paths(transitive(2, STARTER))
                .componentFix(new Fix("2.17.1", "2.17.1", FixChange.MINOR, false)));

    String section =
        SlackMessages.message(view, 50).path("blocks").get(1).path("text").path("text").asText();

    assertThat(section)
        .contains("\n*Path:* via " + STARTER + " (+1 more path)\n")
        .contains("\n*Fix:* upgrade to *2.17.1*\n")
        .contains(
            "*Force it* (maven, pom.xml):\n```&lt;dependencyManagement&gt;\n  &lt;dependencies&gt;\n")
        .contains("&lt;version&gt;2.17.1&lt;/version&gt;")
        .endsWith("&lt;/dependencyManagement&gt;```");
    assertThat(AlertText.text(view, 50))
        .endsWith(
            "shop ships " + LOG4J + " (via " + STARTER + " (+1 more path)); upgrade to 2.17.1");
  }

  @Test
  void shouldWarnWhenOnlyANewMajorVersionFixesIt() {
    AlertView view =
        view(
            log4shell("shop")
                .component("pkg:npm/lib@1.9.0", "1.9.0")
                .ecosystem("npm")
                .paths(
                    ComponentPaths.newBuilder()
                        .setReach(Reach.DIRECT)
                        .setDepth(1)
                        .setPaths(List.of(List.of()))
                        .setPathCount(1)
                        .build())
                .componentFix(new Fix("2.0.1", null, FixChange.MAJOR, true)));

    String section =
        SlackMessages.message(view, 50).path("blocks").get(1).path("text").path("text").asText();

    assertThat(section)
        .contains("*Path:* direct dependency")
        .contains("*Fix:* upgrade to *2.0.1* (a new major version: expect breaking changes)")
        .as("a direct dependency: change the manifest, nothing to force")
        .doesNotContain("Force it");
  }

  @Test
  void shouldSayNothingOfPathsWhenTheGraphCannotTell() {
    AlertView view =
        view(
            log4shell("shop")
                .paths(
                    ComponentPaths.newBuilder()
                        .setReach(Reach.UNKNOWN)
                        .setUnknownReason("the SBOM has no dependency graph")
                        .build()));

    String section =
        SlackMessages.message(view, 50).path("blocks").get(1).path("text").path("text").asText();

    assertThat(section).doesNotContain("*Path:*").doesNotContain("Force it");
    assertThat(view.groups().get(0).components().get(0).pathLabel()).isNull();
  }

  @Test
  void shouldCarryTheFixThePathsAndTheOverridesInTheWebhookPayload() {
    AlertView view =
        view(
            log4shell("shop")
                .paths(transitive(1, STARTER))
                .componentFix(new Fix("2.17.1", "2.17.1", FixChange.MINOR, false)));

    JsonNode c =
        WebhookPayloads.payload(view, 50, Instant.EPOCH)
            .path("changes")
            .get(0)
            .path("components")
            .get(0);

    assertThat(c.path("fix").path("change").asText()).isEqualTo("MINOR");
    assertThat(c.path("fix").path("crossesMajor").asBoolean()).isFalse();
    assertThat(c.path("path").asText()).isEqualTo("via " + STARTER);
    assertThat(c.path("paths").path("paths").get(0).get(0).asText()).isEqualTo(STARTER);
    assertThat(c.path("forcedUpgrades").findValuesAsText("tool"))
        .containsExactly("maven", "gradle");
  }

  @Test
  void shouldGiveTheCommandThatForcesAGoModuleInTheJiraIssue() {
    ChannelConfig jira =
        ChannelConfig.builder("jira")
            .baseUrl("https://j.example")
            .token(Secret.of("t"))
            .project("SEC")
            .build();
    AlertView view =
        AlertView.of(
            new TestAlerts("j", jira)
                .one(
                    log4shell("shop")
                        .component("pkg:golang/golang.org/x/net@v0.7.0", "v0.7.0")
                        .ecosystem("Go")
                        .paths(transitive(1, "github.com/acme/web@v1.2.0"))
                        .componentFix(new Fix("0.17.0", null, FixChange.MINOR, false))
                        .build()));

    String wiki = JiraContent.description(view.groups().get(0), "label").toWiki();

    assertThat(wiki)
        .contains("upgrade to *0.17.0*")
        .contains("; via github.com/acme/web@v1.2.0")
        .contains("; force it with {{go get golang.org/x/net@v0.17.0}}");
  }
}
