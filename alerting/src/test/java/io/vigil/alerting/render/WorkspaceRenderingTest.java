package io.vigil.alerting.render;

import static io.vigil.alerting.Fixtures.LOG4J;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.Fixtures;
import io.vigil.alerting.TeamsCardsText;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.Change;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.config.Secret;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * What a real Slack workspace (and Jira, Teams, a webhook receiver) would show for the cases that
 * rendered wrong: URLs inside {@code <url|label>}, links taken from an advisory's references,
 * mrkdwn characters in names, the SBOM version that resolved an exposure, and an upgrade that
 * resolves several vulnerabilities at once.
 */
class WorkspaceRenderingTest {
  private static final String JACKSON_CORE =
      "pkg:maven/com.fasterxml.jackson.core/jackson-core@2.12.7";
  private static final String DATABIND =
      "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.9.10";
  private final ChannelConfig slack =
      ChannelConfig.slackWebhook(Secret.of("https://hooks.example/services/x"));

  /** GHSA-wf8f-6423-gfxg as the correlator sees it: its first ADVISORY reference is another CVE. */
  private static Fixtures.Builder jacksonCore(String project) {
    return log4shell(project)
        .advisory("GHSA-wf8f-6423-gfxg", "CVE-2025-49128", "CVE-2025-49128")
        .summary("Jackson-core Vulnerable to Memory Disclosure via Source Snippet in JsonLocation")
        .severity("MODERATE", null)
        .component(JACKSON_CORE, "2.12.7")
        .fix("2.13.0")
        .url("https://nvd.nist.gov/vuln/detail/CVE-2021-22145");
  }

  private static List<String> texts(JsonNode blocks) {
    List<String> out = new ArrayList<>();
    for (JsonNode b : blocks) {
      out.add(
          b.path("type").asText().equals("context")
              ? b.path("elements").get(0).path("text").asText()
              : b.path("text").path("text").asText());
    }
    return out;
  }

  @Test
  void shouldBuildTheNvdLinkOfACveFromItsIdAndNeverFromTheAdvisorysFirstReference() {
    Alert alert = new TestAlerts("slack", slack).one(jacksonCore("shop").build());
    AlertView view = AlertView.of(alert);

    JsonNode msg = SlackMessages.message(view, 50);

    assertThat(texts(msg.path("blocks")))
        .last()
        .isEqualTo(
            "<https://github.com/advisories/GHSA-wf8f-6423-gfxg|GHSA-wf8f-6423-gfxg>"
                + " · <https://osv.dev/vulnerability/CVE-2025-49128|OSV>"
                + " · <https://nvd.nist.gov/vuln/detail/CVE-2025-49128|NVD>"
                + " · Vigil delivery "
                + alert.deliveryId());
    assertThat(msg.toString()).doesNotContain("22145");
    var group = view.groups().get(0);
    assertThat(JiraContent.description(group, "vigil-x").toAdf().toString())
        .doesNotContain("22145");
    assertThat(JiraContent.description(group, "vigil-x").toWiki())
        .contains("[CVE-2025-49128|https://nvd.nist.gov/vuln/detail/CVE-2025-49128]")
        .contains("[NVD|https://nvd.nist.gov/vuln/detail/CVE-2025-49128]")
        .doesNotContain("22145");
    JsonNode card = TeamsCards.message(view, 50).path("attachments").get(0).path("content");
    assertThat(card.path("actions"))
        .extracting(a -> a.path("url").asText())
        .containsExactly(
            "https://github.com/advisories/GHSA-wf8f-6423-gfxg",
            "https://osv.dev/vulnerability/CVE-2025-49128",
            "https://nvd.nist.gov/vuln/detail/CVE-2025-49128");
    assertThat(WebhookPayloads.payload(view, 50, Instant.EPOCH).toString()).doesNotContain("22145");
  }

  @Test
  void shouldLinkAGhsaIdToItsGithubAdvisoryPage() {
    TestAlerts alerts = new TestAlerts("slack", slack);
    ExposureEvent ghsaOnly =
        log4shell("shop")
            .advisory("GHSA-aaaa-bbbb-cccc", "GHSA-aaaa-bbbb-cccc")
            .url("https://github.com/acme/lib/security/advisories/GHSA-aaaa-bbbb-cccc")
            .initialInventory()
            .build();

    Alert inventory = alerts.one(ghsaOnly);
    Alert digest =
        alerts.one(
            log4shell("billing")
                .advisory("GHSA-aaaa-bbbb-cccc", "GHSA-aaaa-bbbb-cccc")
                .url("https://github.com/acme/lib/security/advisories/GHSA-aaaa-bbbb-cccc")
                .build());

    assertThat(texts(SlackMessages.message(AlertView.of(inventory), 50).path("blocks")).get(2))
        .isEqualTo(
            "• <https://github.com/advisories/GHSA-aaaa-bbbb-cccc|GHSA-aaaa-bbbb-cccc> CRITICAL 10.0"
                + " — `"
                + LOG4J
                + "` → upgrade to *2.15.0*");
    assertThat(texts(SlackMessages.message(AlertView.of(digest), 50).path("blocks")))
        .last()
        .isEqualTo(
            "<https://github.com/advisories/GHSA-aaaa-bbbb-cccc|GHSA-aaaa-bbbb-cccc>"
                + " · <https://osv.dev/vulnerability/GHSA-aaaa-bbbb-cccc|OSV>"
                + " · Vigil delivery "
                + digest.deliveryId());
  }

  @Test
  void shouldEncodeAFeedUrlSoThatItStaysInsideItsSlackLink() {
    Alert alert =
        new TestAlerts("slack", slack)
            .one(
                log4shell("shop")
                    .advisory("PYSEC-2021-425", "PYSEC-2021-425")
                    .url("https://example.org/advisory?id=PYSEC-2021-425&tab=a|b>c<d")
                    .build());

    List<String> blocks = texts(SlackMessages.message(AlertView.of(alert), 50).path("blocks"));
    String links = blocks.get(blocks.size() - 1);

    assertThat(links)
        .startsWith(
            "<https://example.org/advisory?id=PYSEC-2021-425&amp;tab=a%7Cb%3Ec&lt;d|PYSEC-2021-425>"
                + " · <https://osv.dev/vulnerability/PYSEC-2021-425|OSV> · ");
  }

  @Test
  void shouldShowNamesWithMrkdwnCharactersAsWritten() {
    String project = "_legacy_ *core* ~tmp~ `x`";
    String purl = "pkg:pypi/typing_extensions@4.0.0";
    TestAlerts alerts = new TestAlerts("slack", slack);
    Alert single = alerts.one(log4shell(project).component(purl, "4.0.0").fix("4.1.0").build());
    Alert two =
        alerts.one(
            log4shell("a*b").component(purl, "4.0.0").fix("4.1_0").build(),
            log4shell("snake_case_app").component(purl, "4.0.0").fix("4.1.0").build());

    assertThat(texts(SlackMessages.message(AlertView.of(single), 50).path("blocks")).get(1))
        .isEqualTo(
            "*New exposure*\n"
                + "*Project:* ˍlegacyˍ ∗core∗ ∼tmp∼ ˋxˋ\n"
                + "*Component:* `pkg:pypi/typing_extensions@4.0.0`\n"
                + "*Fix:* upgrade to *4.1.0*");
    assertThat(SlackMessages.message(AlertView.of(single), 50).path("text").asText())
        .startsWith("New exposure: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0] — ")
        .endsWith("— ˍlegacyˍ ∗core∗ ∼tmp∼ ˋxˋ ships " + purl + "; upgrade to 4.1.0");
    assertThat(texts(SlackMessages.message(AlertView.of(two), 50).path("blocks")).get(1))
        .isEqualTo(
            "*New exposure in 2 projects:*\n"
                + "• *a∗b* — `pkg:pypi/typing_extensions@4.0.0` → upgrade to *4.1_0*\n"
                + "• *snake_case_app* — `pkg:pypi/typing_extensions@4.0.0` → upgrade to *4.1.0*");

    var group = AlertView.of(single).groups().get(0);
    assertThat(JiraContent.description(group, "vigil-x").toWiki())
        .startsWith(
            "*Vigil* found that *\\_legacy\\_ \\*core\\* \\~tmp\\~ `x`* ships a component affected by")
        .contains("* {{pkg:pypi/typing_extensions@4.0.0}} → upgrade to *4.1.0*");
    assertThat(JiraContent.description(group, "vigil-x").toAdf().toString())
        .contains(
            "{\"type\":\"text\",\"text\":\"_legacy_ *core* ~tmp~ `x`\",\"marks\":[{\"type\":\"strong\"}]}");
    JsonNode card =
        TeamsCards.message(AlertView.of(single), 50).path("attachments").get(0).path("content");
    assertThat(TeamsCardsText.lines(card))
        .contains("• _legacy_ *core* ~tmp~ `x`: " + purl + " → upgrade to 4.1.0");
    assertThat(card.path("body").toString()).doesNotContain("\"type\":\"TextBlock\"");
  }

  @Test
  void shouldNameTheSbomVersionThatResolvedAnExposure() {
    TestAlerts alerts = new TestAlerts("slack", slack);
    alerts.one(log4shell("shop").projectVersion("1.4.0").build());

    Alert resolved = alerts.one(log4shell("shop").removedBy("1.5.0").build());
    AlertView view = AlertView.of(resolved);

    assertThat(resolved.kind()).isEqualTo(Alert.Kind.RESOLUTIONS);
    assertThat(resolved.resolvedVulnerabilities()).containsExactly("CVE-2021-44228");
    assertThat(AlertText.text(view, 50))
        .isEqualTo(
            "Resolved: 1 vulnerability — shop no longer ships "
                + LOG4J
                + " since version 1.5.0 (CVE-2021-44228 [CRITICAL 10.0])");
    assertThat(texts(SlackMessages.message(view, 50).path("blocks")))
        .containsExactly(
            "Resolved: 1 vulnerability in shop",
            "*shop* no longer ships `"
                + LOG4J
                + "` since version *1.5.0*:\n"
                + "• <https://nvd.nist.gov/vuln/detail/CVE-2021-44228|CVE-2021-44228> CRITICAL 10.0"
                + " (GHSA-jfh8-c2jp-5v3q)",
            "Vigil · delivery " + resolved.deliveryId());
    JsonNode card = TeamsCards.message(view, 50).path("attachments").get(0).path("content");
    assertThat(TeamsCardsText.lines(card))
        .containsExactly(
            "Resolved: 1 vulnerability",
            "shop no longer ships " + LOG4J + " since version 1.5.0:",
            "• CVE-2021-44228 CRITICAL 10.0 (GHSA-jfh8-c2jp-5v3q)");
    JsonNode change = WebhookPayloads.payload(view, 50, Instant.EPOCH).path("changes").get(0);
    assertThat(change.path("change").asText()).isEqualTo("RESOLVED");
    assertThat(change.path("resolvedIn").asText()).isEqualTo("1.5.0");
    assertThat(JiraContent.comment(view.groups().get(0), Change.RESOLVED, false, "m1").toWiki())
        .isEqualTo(
            "*Vigil: *shop no longer ships a component affected by CVE-2021-44228 ("
                + LOG4J
                + ") since version 1.5.0. Resolving.\n\n[vigil:m1]");
  }

  @Test
  void shouldKeepADigestWhenAnAdvisoryChangeResolvesAndNameNoSbomVersion() {
    TestAlerts alerts = new TestAlerts("slack", slack);
    alerts.one(log4shell("shop").projectVersion("1.4.0").build());

    Alert resolved =
        alerts.one(
            log4shell("shop")
                .projectVersion("1.4.0")
                .type(io.vigil.events.v1.ExposureType.RESOLVED)
                .cause(io.vigil.events.v1.ExposureCause.ADVISORY_WITHDRAWN)
                .build());

    assertThat(resolved.kind()).isEqualTo(Alert.Kind.DIGEST);
    assertThat(AlertText.text(AlertView.of(resolved), 50))
        .isEqualTo(
            "Resolved: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0] — shop 1.4.0 no longer"
                + " ships "
                + LOG4J);
  }

  @Test
  void shouldSendOneMessageListingFiveVulnerabilitiesWhenOneUpgradeResolvesThemAll() {
    TestAlerts alerts = new TestAlerts("slack", slack);
    String[][] databind = {
      {"GHSA-5949-rw7g-wx7w", "CVE-2021-20190", "8.1"},
      {"GHSA-288c-cq4h-88gq", "CVE-2020-25649", "7.5"},
      {"GHSA-57j2-w4cx-62h2", "CVE-2020-36518", "7.5"},
      {"GHSA-jjjh-jjxp-wpff", "CVE-2022-42003", "7.5"},
      {"GHSA-rgv9-q543-rqg4", "CVE-2022-42004", "7.5"},
    };
    List<ExposureEvent> opened = new ArrayList<>();
    List<ExposureEvent> removed = new ArrayList<>();
    for (String[] a : databind) {
      Fixtures.Builder b =
          log4shell("shop")
              .advisory(a[0], a[1], a[1])
              .severity("HIGH", Double.parseDouble(a[2]))
              .component(DATABIND, "2.9.10")
              .fix("2.13.4.2");
      opened.add(b.projectVersion("1.4.0").build());
      removed.add(b.removedBy("1.5.0").build());
    }
    alerts.burst(opened.toArray(ExposureEvent[]::new));

    Alert one = alerts.one(removed.toArray(ExposureEvent[]::new));

    assertThat(one.kind()).isEqualTo(Alert.Kind.RESOLUTIONS);
    assertThat(one.telling()).hasSize(5);
    assertThat(texts(SlackMessages.message(AlertView.of(one), 50).path("blocks")))
        .containsExactly(
            "Resolved: 5 vulnerabilities in shop",
            String.join(
                "\n",
                "*shop* no longer ships `" + DATABIND + "` since version *1.5.0*:",
                "• <https://nvd.nist.gov/vuln/detail/CVE-2021-20190|CVE-2021-20190> HIGH 8.1"
                    + " (GHSA-5949-rw7g-wx7w)",
                "• <https://nvd.nist.gov/vuln/detail/CVE-2020-25649|CVE-2020-25649> HIGH 7.5"
                    + " (GHSA-288c-cq4h-88gq)",
                "• <https://nvd.nist.gov/vuln/detail/CVE-2020-36518|CVE-2020-36518> HIGH 7.5"
                    + " (GHSA-57j2-w4cx-62h2)",
                "• <https://nvd.nist.gov/vuln/detail/CVE-2022-42003|CVE-2022-42003> HIGH 7.5"
                    + " (GHSA-jjjh-jjxp-wpff)",
                "• <https://nvd.nist.gov/vuln/detail/CVE-2022-42004|CVE-2022-42004> HIGH 7.5"
                    + " (GHSA-rgv9-q543-rqg4)"),
            "Vigil · delivery " + one.deliveryId());
    assertThat(AlertText.text(AlertView.of(one), 50))
        .isEqualTo(
            "Resolved: 5 vulnerabilities — shop no longer ships "
                + DATABIND
                + " since version 1.5.0 (CVE-2021-20190 [HIGH 8.1], CVE-2020-25649 [HIGH 7.5],"
                + " CVE-2020-36518 [HIGH 7.5], CVE-2022-42003 [HIGH 7.5], CVE-2022-42004 [HIGH"
                + " 7.5])");
  }

  @Test
  void shouldSayWhatTheSameUpgradeLeftExposedInTheSameMessage() {
    TestAlerts alerts = new TestAlerts("slack", slack);
    alerts.burst(
        log4shell("shop").projectVersion("1.4.0").build(),
        log4shell("shop")
            .advisory("GHSA-p6xc-xr62-6r2g", "CVE-2021-45105", "CVE-2021-45105")
            .severity("HIGH", 5.9)
            .fix("2.17.0")
            .projectVersion("1.4.0")
            .build());
    String upgraded = "pkg:maven/org.apache.logging.log4j/log4j-core@2.16.0";

    // REMOVED of 2.14.1 (both resolve), then ADDED of 2.16.0 (still affected by CVE-2021-45105)
    Alert one =
        alerts.one(
            log4shell("shop").removedBy("1.5.0").build(),
            log4shell("shop")
                .advisory("GHSA-p6xc-xr62-6r2g", "CVE-2021-45105", "CVE-2021-45105")
                .severity("HIGH", 5.9)
                .fix("2.17.0")
                .removedBy("1.5.0")
                .build(),
            log4shell("shop")
                .advisory("GHSA-p6xc-xr62-6r2g", "CVE-2021-45105", "CVE-2021-45105")
                .severity("HIGH", 5.9)
                .component(upgraded, "2.16.0")
                .fix("2.17.0")
                .cause(io.vigil.events.v1.ExposureCause.NEW_COMPONENT)
                .projectVersion("1.5.0")
                .build());

    assertThat(AlertText.text(AlertView.of(one), 50).split("\n"))
        .containsExactly(
            "Resolved: 1 vulnerability — shop no longer ships "
                + LOG4J
                + " since version 1.5.0 (CVE-2021-44228 [CRITICAL 10.0])",
            "Still exposed: CVE-2021-45105 (GHSA-p6xc-xr62-6r2g) [HIGH 5.9] — shop 1.5.0 ships "
                + upgraded
                + " → upgrade to 2.17.0");
    assertThat(texts(SlackMessages.message(AlertView.of(one), 50).path("blocks")).get(2))
        .isEqualTo(
            "*Still exposed:*\n"
                + "• <https://nvd.nist.gov/vuln/detail/CVE-2021-45105|CVE-2021-45105> HIGH 5.9"
                + " (GHSA-p6xc-xr62-6r2g) — *shop 1.5.0* ships `"
                + upgraded
                + "` → upgrade to *2.17.0*");
  }
}
