package io.vigil.alerting.render;

import static io.vigil.alerting.Fixtures.LOG4J;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.engine.Alert;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.config.Secret;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RenderTest {
  private final ChannelConfig slack =
      ChannelConfig.slackWebhook(Secret.of("https://hooks.example/services/x"));

  @Test
  void shouldSummariseAFirstSbomMostUrgentFirstWhenItIsAnInventoryAlert() {
    Alert alert =
        new TestAlerts("slack", slack)
            .one(
                log4shell("demo-shop")
                    .advisory("GHSA-8489-44mv-ggj8", "CVE-2021-44832", "CVE-2021-44832")
                    .severity("MODERATE", null)
                    .fix("2.17.1")
                    .initialInventory()
                    .build(),
                log4shell("demo-shop")
                    .advisory("GHSA-p6xc-xr62-6r2g", "CVE-2021-45105", "CVE-2021-45105")
                    .severity("HIGH", 5.9)
                    .fix("2.17.0")
                    .initialInventory()
                    .build(),
                log4shell("demo-shop").kev("2021-12-24").initialInventory().build());
    AlertView view = AlertView.of(alert);

    String text = AlertText.text(view, 50);
    JsonNode msg = SlackMessages.message(view, 50);

    assertThat(text)
        .isEqualTo(
            "First SBOM of demo-shop: 3 vulnerabilities in 1 component (1 CRITICAL, 1 HIGH, 1 MEDIUM; 1 in KEV) — "
                + "CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0, KEV] "
                + LOG4J
                + " → upgrade to 2.15.0; "
                + "CVE-2021-45105 (GHSA-p6xc-xr62-6r2g) [HIGH 5.9] "
                + LOG4J
                + " → upgrade to 2.17.0; "
                + "CVE-2021-44832 (GHSA-8489-44mv-ggj8) [MODERATE] "
                + LOG4J
                + " → upgrade to 2.17.1");
    assertThat(msg.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo("First SBOM of demo-shop: 3 vulnerabilities");
    String list = msg.path("blocks").get(2).path("text").path("text").asText();
    assertThat(list.split("\n"))
        .containsExactly(
            "• :rotating_light: <https://nvd.nist.gov/vuln/detail/CVE-2021-44228|CVE-2021-44228> CRITICAL 10.0 *KEV* (due 2021-12-24) — `"
                + LOG4J
                + "` → upgrade to *2.15.0*",
            "• <https://nvd.nist.gov/vuln/detail/CVE-2021-45105|CVE-2021-45105> HIGH 5.9 — `"
                + LOG4J
                + "` → upgrade to *2.17.0*",
            "• <https://nvd.nist.gov/vuln/detail/CVE-2021-44832|CVE-2021-44832> MODERATE — `"
                + LOG4J
                + "` → upgrade to *2.17.1*");
  }

  @Test
  void shouldListEachKindOfChangeWhenADigestMixesThem() {
    TestAlerts alerts = new TestAlerts("slack", slack);
    alerts.burst(log4shell("old").build(), log4shell("hot").severity("HIGH", 8.0).build());

    Alert mixed =
        alerts.one(
            log4shell("old").type(ExposureType.RESOLVED).build(),
            log4shell("hot")
                .type(ExposureType.UPDATED)
                .kev("2021-12-24")
                .previous("HIGH", 8.0, false, null)
                .build(),
            log4shell("new").build());
    String text = AlertText.text(AlertView.of(mixed), 50);

    assertThat(text.split("\n"))
        .containsExactly(
            "New exposure: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0, KEV] — new ships "
                + LOG4J
                + "; upgrade to 2.15.0",
            "Escalated: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0, KEV, severity HIGH → CRITICAL, now in KEV] — hot ships "
                + LOG4J
                + "; upgrade to 2.15.0",
            "Resolved: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0, KEV] — old no longer ships "
                + LOG4J);
    JsonNode blocks = SlackMessages.message(AlertView.of(mixed), 50).path("blocks");
    List<String> sections = new ArrayList<>();
    blocks.forEach(b -> sections.add(b.path("text").path("text").asText()));
    assertThat(sections.get(1))
        .startsWith("*New exposure in 1 project:*\n• *new* — `" + LOG4J + "`");
    assertThat(sections.get(2))
        .startsWith("*Escalated (severity HIGH → CRITICAL, now in KEV) in 1 project:*\n• *hot*");
    assertThat(sections.get(3)).isEqualTo("*Resolved in 1 project:*\n• *old* — `" + LOG4J + "`");
  }

  @Test
  void shouldEscapeSlackControlCharactersInWhatUsersWrote() {
    Alert alert =
        new TestAlerts("slack", slack)
            .one(log4shell("a<b>&c").summary("XSS via <script> & friends").build());

    JsonNode msg = SlackMessages.message(AlertView.of(alert), 50);

    assertThat(msg.path("text").asText()).contains("a&lt;b&gt;&amp;c ships");
    assertThat(msg.path("blocks").get(1).path("text").path("text").asText())
        .contains("*Project:* a&lt;b&gt;&amp;c");
    assertThat(msg.path("blocks").get(0).path("text").path("text").asText())
        .isEqualTo("CVE-2021-44228: XSS via <script> & friends");
  }

  @Test
  void shouldNameTheJiraIssueAndLabelItStablyWhatEverTheAlias() {
    ChannelConfig jira =
        ChannelConfig.builder("jira")
            .baseUrl("https://j.example")
            .token(Secret.of("t"))
            .project("SEC")
            .build();
    AlertView ghsa = AlertView.of(new TestAlerts("j", jira).one(log4shell("shop").build()));
    AlertView cve =
        AlertView.of(
            new TestAlerts("j", jira)
                .one(
                    log4shell("shop")
                        .advisory("CVE-2021-44228", "CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q")
                        .build()));

    var g = ghsa.groups().get(0);
    assertThat(JiraContent.summary(g))
        .isEqualTo("CVE-2021-44228 in shop: " + LOG4J + " (upgrade to 2.15.0)");
    assertThat(JiraContent.labels(g, List.of("team-a")))
        .containsExactly(
            "vigil", JiraContent.stableLabel("CVE-2021-44228", "shop"), "CVE-2021-44228", "team-a");
    assertThat(JiraContent.labels(cve.groups().get(0), List.of()))
        .containsAll(JiraContent.labels(g, List.of()));
    assertThat(JiraContent.stableLabel("CVE-2021-44228", "shop")).matches("vigil-[0-9a-f]{20}");
    String wiki =
        JiraContent.comment(g, io.vigil.alerting.engine.Change.RESOLVED, false, "abc").toWiki();
    assertThat(wiki)
        .isEqualTo(
            "*Vigil: *shop no longer ships a component affected by CVE-2021-44228 ("
                + LOG4J
                + "). Resolving.\n\n[vigil:abc]");
  }
}
