package io.vigil.alerting.engine;

import static io.vigil.alerting.Fixtures.T0;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.RouteConfig;
import io.vigil.alerting.render.AlertText;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.JiraContent;
import io.vigil.alerting.render.SlackMessages;
import io.vigil.alerting.render.WebhookPayloads;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.config.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * OVERDUE (issue 16 item 5): the correlator's event for an exposure past its due date is routed
 * like other alerts, told once per team on chat channels (the per-team summary: what went overdue,
 * by how long, the fix) and as a comment on the group's Jira issue, and leaves the open set as it
 * is.
 */
class OverdueAlertsTest {
  private static final Instant DUE = T0.minus(Duration.ofDays(3));
  private static final String KEV_BASIS = "KEV due date 2026-11-21";
  private long offset;

  private static Map<String, ChannelConfig> slackAndJira() {
    Map<String, ChannelConfig> m = new LinkedHashMap<>();
    m.put("slack", ChannelConfig.slackWebhook(Secret.of("https://hooks.example/services/T/B/X")));
    m.put(
        "jira",
        ChannelConfig.builder("jira")
            .baseUrl("https://jira.example")
            .token(Secret.of("t0ken"))
            .project("SEC")
            .build());
    return m;
  }

  private static AlertEngine engine(List<RouteConfig> routes) {
    return new AlertEngine(slackAndJira(), routes, Duration.ofSeconds(30), Duration.ofSeconds(2));
  }

  private void feed(AlertEngine e, ExposureEvent ev, Instant at) {
    e.accept(ev, 0, offset++, at);
  }

  private static List<Alert> of(List<Alert> alerts, String channel) {
    return alerts.stream().filter(a -> a.channel().equals(channel)).toList();
  }

  private static ExposureEvent opened(String project, String team) {
    return log4shell(project)
        .team(team, null)
        .kev("2026-11-21")
        .triggeredAt(T0.minus(Duration.ofDays(20)))
        .build();
  }

  private static ExposureEvent overdue(String project, String team) {
    return log4shell(project).team(team, null).kev("2026-11-21").overdue(DUE, KEV_BASIS).build();
  }

  @Test
  void shouldSummariseOverdueExposuresPerTeamOnChatAndCommentOnTheJiraIssue() {
    AlertEngine e = engine(List.of(RouteConfig.everything(List.of("slack", "jira"))));
    for (String p : List.of("billing", "ledger", "shop")) {
      feed(e, opened(p, p.equals("shop") ? "web" : "finance"), T0.minus(Duration.ofDays(20)));
    }
    e.flushDue(T0.minus(Duration.ofDays(19)));

    feed(e, overdue("billing", "finance"), T0);
    feed(e, overdue("ledger", "finance"), T0);
    feed(e, overdue("shop", "web"), T0);
    List<Alert> alerts = e.flushDue(T0.plusSeconds(3));

    List<Alert> slack = of(alerts, "slack");
    assertThat(slack)
        .extracting(Alert::kind, Alert::batchKey)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(Alert.Kind.OVERDUE, "OVERDUE|finance"),
            org.assertj.core.groups.Tuple.tuple(Alert.Kind.OVERDUE, "OVERDUE|web"));
    Alert finance = slack.get(0);
    assertThat(finance.telling())
        .extracting(u -> u.key().projectId() + " " + u.change())
        .containsExactly("billing OVERDUE", "ledger OVERDUE");
    assertThat(finance.units()).allMatch(u -> u.after().isOpen(), "still open");

    AlertView view = AlertView.of(finance);
    String text = AlertText.text(view, 10);
    assertThat(text)
        .startsWith("Overdue: finance — 2 exposures past the due date")
        .contains(
            "billing ships "
                + io.vigil.alerting.Fixtures.LOG4J
                + ": CVE-2021-44228 [CRITICAL 10.0, KEV], overdue by 3 days (due "
                + DUE
                + ", KEV due date 2026-11-21); upgrade to 2.15.0")
        .contains("ledger ships ");
    JsonNode blocks = SlackMessages.message(view, 10).path("blocks");
    assertThat(blocks.get(0).path("text").path("text").asText())
        .isEqualTo("Overdue: finance — 2 exposures past the due date");
    assertThat(blocks.get(1).path("text").path("text").asText())
        .contains("overdue by 3 days")
        .contains("upgrade to 2.15.0");
    JsonNode hook = WebhookPayloads.payload(view, 10, T0);
    assertThat(hook.path("kind").asText()).isEqualTo("OVERDUE");
    assertThat(hook.path("changes").get(0).path("overdue").path("basis").asText())
        .isEqualTo(KEV_BASIS);
    assertThat(hook.path("changes").get(0).path("overdue").path("bySeconds").asLong())
        .isEqualTo(Duration.ofDays(3).plusSeconds(3).toSeconds());

    List<Alert> jira = of(alerts, "jira");
    assertThat(jira).hasSize(3).allMatch(a -> a.kind() == Alert.Kind.ISSUE);
    AlertView issue = AlertView.of(jira.get(0));
    assertThat(issue.groups().get(0).change()).isEqualTo(Change.OVERDUE);
    String comment =
        JiraContent.comment(issue.groups().get(0), Change.OVERDUE, false, "m").toPlain();
    assertThat(comment)
        .contains(
            "billing is overdue by 3 days (due " + DUE + ", " + KEV_BASIS + ") for CVE-2021-44228")
        .contains("2.15.0");
  }

  @Test
  void shouldRouteOverdueByItsTypeAndTellItAloneOnAChannelThatWantsNothingElse() {
    RouteConfig newOnly =
        new RouteConfig(List.of("slack"), null, null, null, null, null, List.of("NEW"));
    RouteConfig overdueOnly =
        new RouteConfig(List.of("jira"), null, null, null, null, null, List.of("OVERDUE"));
    assertThat(Routing.matches(overdueOnly, overdue("billing", "finance"))).isTrue();
    assertThat(Routing.matches(overdueOnly, opened("billing", "finance"))).isFalse();
    assertThat(Routing.matches(newOnly, overdue("billing", "finance"))).isFalse();

    AlertEngine e = engine(List.of(newOnly, overdueOnly));
    feed(e, opened("billing", "finance"), T0.minus(Duration.ofDays(20)));
    assertThat(of(e.flushDue(T0.minus(Duration.ofDays(19))), "jira")).isEmpty();

    feed(e, overdue("billing", "finance"), T0);
    List<Alert> alerts = e.flushDue(T0.plusSeconds(3));
    assertThat(of(alerts, "slack"))
        .as("not routed there: the group's state kept right, nothing told")
        .noneMatch(Alert::sendsSomething);
    assertThat(of(alerts, "jira"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.telling())
                  .singleElement()
                  .extracting(AlertUnit::change)
                  .isEqualTo(Change.OVERDUE);
              assertThat(AlertText.text(AlertView.of(a), 10))
                  .startsWith("Overdue: CVE-2021-44228")
                  .contains("overdue by 3 days");
            });
  }
}
