package io.vigil.alerting.engine;

import static io.vigil.alerting.Fixtures.T0;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.RouteConfig;
import io.vigil.alerting.render.AlertText;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.JiraContent;
import io.vigil.alerting.render.SlackMessages;
import io.vigil.core.risk.MaliciousPackages;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.SsvcOutcome;
import io.vigil.platform.config.Secret;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 17 in alerting: routes on the SSVC decision and the project's team/owner, an SSVC rise as
 * an escalation, and the malicious-package fast path (its own alert kind, no quiet period, no
 * digest window, no first-SBOM summary, past every urgency condition).
 */
class RiskRoutingTest {
  private static final Duration WINDOW = Duration.ofMinutes(2);
  private static final Duration QUIET = Duration.ofMinutes(2);
  private long offset;

  private static RouteConfig route(
      List<String> channels,
      String minSeverity,
      List<String> ssvc,
      String minSsvc,
      List<String> teams,
      List<String> owners) {
    return new RouteConfig(
        channels, null, null, minSeverity, null, null, null, ssvc, minSsvc, teams, owners);
  }

  /** The policy: Act → Jira and immediate Slack; Track/Track* → the digest channel only. */
  private static AlertEngine policyEngine() {
    Map<String, ChannelConfig> channels = new LinkedHashMap<>();
    channels.put(
        "slack-sec",
        ChannelConfig.builder("slack")
            .webhook(Secret.of("https://hooks.example/services/T/B/SEC"))
            .quietPeriod(Duration.ZERO)
            .build());
    channels.put(
        "jira-sec",
        ChannelConfig.builder("jira")
            .baseUrl("https://jira.example")
            .token(Secret.of("t0ken"))
            .project("SEC")
            .priorities(Map.of("ACT", "Highest", "ATTEND", "High"))
            .build());
    channels.put(
        "slack-digest", ChannelConfig.slackWebhook(Secret.of("https://hooks.example/services/D")));
    channels.put(
        "slack-team",
        ChannelConfig.builder("slack")
            .webhook(Secret.of("https://hooks.example/services/T/B/TEAM"))
            .quietPeriod(Duration.ZERO)
            .build());
    List<RouteConfig> routes =
        List.of(
            route(List.of("jira-sec", "slack-sec"), null, List.of("ACT"), null, null, null),
            route(List.of("slack-digest"), null, List.of("TRACK", "TRACK*"), null, null, null),
            route(List.of("slack-team"), null, null, "ATTEND", null, null));
    return new AlertEngine(channels, routes, WINDOW, QUIET);
  }

  private Set<String> accept(AlertEngine e, io.vigil.events.v1.ExposureEvent ev) {
    return Set.copyOf(e.accept(ev, 0, offset++, T0).joined());
  }

  @Test
  void shouldMatchSsvcOutcomesAndTheMinimumAndNeverAnExposureWithoutADecision() {
    RouteConfig act = route(List.of("c"), null, List.of("act"), null, null, null);
    RouteConfig atLeastAttend = route(List.of("c"), null, null, "Attend", null, null);
    RouteConfig track = route(List.of("c"), null, List.of("track*", "TRACK"), null, null, null);

    var actEvent = log4shell("shop").ssvc(SsvcOutcome.ACT).build();
    var attendEvent = log4shell("shop").ssvc(SsvcOutcome.ATTEND).build();
    var trackStar = log4shell("shop").ssvc(SsvcOutcome.TRACK_STAR).build();
    var undecided = log4shell("shop").build();

    assertThat(Routing.matches(act, actEvent)).isTrue();
    assertThat(Routing.matches(act, attendEvent)).isFalse();
    assertThat(Routing.matches(atLeastAttend, actEvent)).isTrue();
    assertThat(Routing.matches(atLeastAttend, attendEvent)).isTrue();
    assertThat(Routing.matches(atLeastAttend, trackStar)).isFalse();
    assertThat(Routing.matches(track, trackStar)).isTrue();
    assertThat(Routing.matches(track, actEvent)).isFalse();
    assertThat(List.of(act, atLeastAttend, track))
        .as("no decision: only routes without an SSVC condition")
        .noneMatch(r -> Routing.matches(r, undecided));
    assertThat(Routing.matches(RouteConfig.everything(List.of("c")), undecided)).isTrue();
  }

  @Test
  void shouldRouteByTeamAndOwnerGlobs() {
    RouteConfig payments = route(List.of("c"), null, null, null, List.of("payments*"), null);
    RouteConfig alice = route(List.of("c"), null, null, null, null, List.of("*@alice.example"));

    assertThat(Routing.matches(payments, log4shell("a").team("payments-core", null).build()))
        .isTrue();
    assertThat(Routing.matches(payments, log4shell("a").team("web", null).build())).isFalse();
    assertThat(Routing.matches(payments, log4shell("a").build()))
        .as("a project without a team")
        .isFalse();
    assertThat(Routing.matches(alice, log4shell("a").team(null, "sec@alice.example").build()))
        .isTrue();
  }

  @Test
  void shouldTurnAKevAdditionThatMakesAnAttendAnActIntoAnEscalationOnTheActRoute() {
    AlertEngine e = policyEngine();
    assertThat(accept(e, log4shell("payments").ssvc(SsvcOutcome.ATTEND).build()))
        .as("Attend: only the team's route (at least Attend)")
        .containsExactly("slack-team");
    assertThat(e.flushDue(T0)).extracting(Alert::channel).containsExactly("slack-team");

    var act =
        log4shell("payments")
            .type(ExposureType.UPDATED)
            .cause(ExposureCause.ENRICHMENT_UPDATED)
            .kev("2021-12-24")
            .ssvc(SsvcOutcome.ACT)
            .previous("CRITICAL", 10.0, false, null)
            .previousSsvc(SsvcOutcome.ATTEND)
            .build();
    assertThat(AlertEngine.escalates(act)).isTrue();
    assertThat(accept(e, act)).containsExactlyInAnyOrder("jira-sec", "slack-sec", "slack-team");

    // the Slack channels have no quiet period; Jira waits for the default one
    Map<String, Alert> sent = new LinkedHashMap<>();
    e.flushDue(T0).forEach(a -> sent.put(a.channel(), a));
    assertThat(sent).containsOnlyKeys("slack-sec", "slack-team");
    AlertView team = AlertView.of(sent.get("slack-team"));
    assertThat(team.groups()).singleElement().satisfies(g -> assertThat(g.escalated()).isTrue());
    assertThat(AlertText.text(team, 10))
        .startsWith("Escalated: CVE-2021-44228")
        .contains("SSVC Act, SSVC Attend → Act, now in KEV");
    AlertView sec = AlertView.of(sent.get("slack-sec"));
    assertThat(AlertText.text(sec, 10))
        .as("new to the Act channel: it never heard of the Attend")
        .startsWith("New exposure: CVE-2021-44228")
        .contains("[CRITICAL 10.0, KEV, SSVC Act]");
    assertThat(SlackMessages.message(sec, 10).toString())
        .contains("*SSVC:* Act (exploitation active: in CISA KEV; automatable yes;");

    List<Alert> jira = e.flushDue(T0.plus(QUIET));
    assertThat(jira).extracting(Alert::channel).containsExactly("jira-sec");
    AlertView.Group g = AlertView.of(jira.get(0)).groups().get(0);
    ChannelConfig jiraConfig = policyEngineJira();
    assertThat(
            jiraConfig.priorityFor(
                g.vulnerability().severity(),
                g.vulnerability().kev() != null,
                io.vigil.core.ssvc.SsvcOutcome.ACT))
        .isEqualTo("Highest");
    assertThat(jiraConfig.priorityFor("CRITICAL", false, io.vigil.core.ssvc.SsvcOutcome.ATTEND))
        .as("the outcome's priority before the severity's")
        .isEqualTo("High");
    assertThat(jiraConfig.priorityFor("MEDIUM", false, io.vigil.core.ssvc.SsvcOutcome.TRACK))
        .as("an outcome without a key: the severity's, by default when none is keyed")
        .isEqualTo("Medium");
    assertThat(JiraContent.description(g, "vigil").toWiki()).contains("SSVC: ");
  }

  private static ChannelConfig policyEngineJira() {
    return ChannelConfig.builder("jira")
        .baseUrl("https://jira.example")
        .token(Secret.of("t0ken"))
        .project("SEC")
        .priorities(Map.of("ACT", "Highest", "ATTEND", "High"))
        .build();
  }

  @Test
  void shouldSendAMaliciousPackageAtOnceAsItsOwnAlertPastEveryUrgencyCondition() {
    Map<String, ChannelConfig> channels = new LinkedHashMap<>();
    channels.put("slack", ChannelConfig.slackWebhook(Secret.of("https://hooks.example/T/B/X")));
    // a route that would hold back anything below CRITICAL or not Act, digests of two minutes
    AlertEngine e =
        new AlertEngine(
            channels,
            List.of(route(List.of("slack"), "CRITICAL", List.of("ACT"), null, null, null)),
            WINDOW,
            QUIET);
    accept(e, log4shell("shop").ssvc(SsvcOutcome.ACT).build()); // an ordinary digest, waiting

    var mal =
        log4shell("shop")
            .malicious("MAL-2025-46966")
            .ssvc(SsvcOutcome.ATTEND)
            .initialInventory()
            .build();
    assertThat(accept(e, mal)).containsExactly("slack");

    List<Alert> now = e.flushDue(T0);
    assertThat(now)
        .as("due at once, without the Log4Shell digest that still waits")
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Alert.Kind.MALICIOUS);
              assertThat(a.vulnerabilityId()).isEqualTo("MAL-2025-46966");
              String text = AlertText.text(AlertView.of(a), 10);
              assertThat(text).startsWith("Malicious package: " + MaliciousPackages.ADVICE);
              assertThat(SlackMessages.message(AlertView.of(a), 10).toString())
                  .contains("Malicious package: MAL-2025-46966");
            });
    assertThat(e.hasPending()).isTrue();
    assertThat(e.flushDue(T0.plus(QUIET)))
        .singleElement()
        .extracting(Alert::kind)
        .isEqualTo(Alert.Kind.DIGEST);
  }
}
