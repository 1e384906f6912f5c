package io.vigil.alerting.engine;

import static io.vigil.alerting.Fixtures.T0;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.RouteConfig;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.config.Secret;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertEngineTest {
  private static final Duration WINDOW = Duration.ofSeconds(30);
  private static final Duration QUIET = Duration.ofSeconds(2);

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

  private static AlertEngine engine(Map<String, ChannelConfig> channels, List<RouteConfig> routes) {
    return new AlertEngine(channels, routes, WINDOW, QUIET);
  }

  private static AlertEngine engine() {
    var ch = slackAndJira();
    return engine(ch, List.of(RouteConfig.everything(new ArrayList<>(ch.keySet()))));
  }

  private long offset;

  private AlertEngine.Accepted feed(AlertEngine e, ExposureEvent ev, Instant at) {
    return e.accept(ev, 0, offset++, at);
  }

  private static List<Alert> of(List<Alert> alerts, String channel) {
    return alerts.stream().filter(a -> a.channel().equals(channel)).toList();
  }

  @Test
  void shouldSendOneDigestListingEveryProjectWhenOneAdvisoryHitsFiftyProjects() {
    AlertEngine e = engine();
    for (int i = 0; i < 50; i++) {
      feed(e, log4shell("project-" + i).build(), T0.plusMillis(i * 20L));
    }

    assertThat(e.flushDue(T0.plusSeconds(1))).isEmpty();
    List<Alert> alerts = e.flushDue(T0.plusSeconds(3));

    List<Alert> slack = of(alerts, "slack");
    assertThat(slack)
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Alert.Kind.DIGEST);
              assertThat(a.batchKey()).isEqualTo("DIGEST|CVE-2021-44228");
              assertThat(a.telling()).hasSize(50).allMatch(u -> u.change() == Change.OPENED);
            });
    List<Alert> jira = of(alerts, "jira");
    assertThat(jira)
        .hasSize(50)
        .allMatch(a -> a.kind() == Alert.Kind.ISSUE && a.units().size() == 1);
    assertThat(jira.stream().map(a -> a.units().get(0).key().projectId()).distinct()).hasSize(50);
  }

  @Test
  void shouldKeepCollectingWhileEventsArriveAndFlushWhenTheWindowEnds() {
    AlertEngine e = engine();
    for (int s = 0; s < 40; s++) {
      feed(e, log4shell("p" + s).build(), T0.plusSeconds(s));
      List<Alert> due = e.flushDue(T0.plusSeconds(s).plusMillis(500));
      if (s < 30) {
        assertThat(of(due, "slack")).as("second %d", s).isEmpty();
      } else if (s == 30) {
        assertThat(of(due, "slack"))
            .singleElement()
            .satisfies(a -> assertThat(a.telling()).hasSize(31));
      }
    }
  }

  @Test
  void shouldAlertOnceWhenAliasesOfOneVulnerabilityArrive() {
    AlertEngine e = engine();
    feed(e, log4shell("shop").build(), T0);
    feed(
        e,
        log4shell("shop")
            .advisory("CVE-2021-44228", "CVE-2021-44228", "GHSA-jfh8-c2jp-5v3q")
            .build(),
        T0.plusMillis(100));
    List<Alert> first = e.flushDue(T0.plusSeconds(3));
    assertThat(of(first, "slack"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.telling())
                  .singleElement()
                  .satisfies(
                      u -> {
                        assertThat(u.change()).isEqualTo(Change.OPENED);
                        assertThat(u.events()).hasSize(2);
                        assertThat(u.after().open()).hasSize(2);
                        assertThat(u.after().components())
                            .containsExactly(io.vigil.alerting.Fixtures.LOG4J);
                      });
            });

    // an hour later a third alias record (e.g. from another feed) arrives: nothing to tell
    feed(
        e,
        log4shell("shop").advisory("PYSEC-0000-1", "CVE-2021-44228", "CVE-2021-44228").build(),
        T0.plusSeconds(3600));
    List<Alert> later = e.flushDue(T0.plusSeconds(3603));
    assertThat(of(later, "slack"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.sendsSomething()).isFalse();
              assertThat(a.units().get(0).change()).isEqualTo(Change.NONE);
            });
  }

  @Test
  void shouldSummariseAProjectsFirstSbomInOneAlertWhenItsExposuresAreInitialInventory() {
    AlertEngine e = engine();
    String[][] vulns = {
      {"GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228"},
      {"GHSA-7rjr-3q55-vv33", "CVE-2021-45046"},
      {"GHSA-p6xc-xr62-6r2g", "CVE-2021-45105"},
      {"GHSA-8489-44mv-ggj8", "CVE-2021-44832"}
    };
    for (String[] v : vulns) {
      feed(e, log4shell("demo-shop").advisory(v[0], v[1], v[1]).initialInventory().build(), T0);
    }

    List<Alert> alerts = e.flushDue(T0.plusSeconds(3));

    assertThat(of(alerts, "slack"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Alert.Kind.INVENTORY);
              assertThat(a.batchKey()).isEqualTo("INVENTORY|demo-shop");
              assertThat(a.telling()).hasSize(4);
            });
    assertThat(of(alerts, "jira")).hasSize(4).allMatch(a -> a.kind() == Alert.Kind.ISSUE);
  }

  @Test
  void shouldTellNothingWhenAnExposureResolvesWithinItsWindow() {
    AlertEngine e = engine();
    feed(e, log4shell("shop").build(), T0);
    feed(e, log4shell("shop").type(ExposureType.RESOLVED).build(), T0.plusMillis(500));

    List<Alert> alerts = e.flushDue(T0.plusSeconds(3));

    assertThat(alerts).hasSize(2).noneMatch(Alert::sendsSomething);
    assertThat(e.state(new GroupKey("slack", "CVE-2021-44228", "shop")).isOpen()).isFalse();
  }

  @Test
  void shouldReportMoreComponentsThenResolvedOnlyWhenTheLastComponentGoes() {
    AlertEngine e = engine();
    feed(e, log4shell("shop").build(), T0);
    assertThat(e.flushDue(T0.plusSeconds(3)))
        .allMatch(a -> a.telling().get(0).change() == Change.OPENED);

    String api = "pkg:maven/org.apache.logging.log4j/log4j-api@2.14.1";
    feed(e, log4shell("shop").component(api, "2.14.1").build(), T0.plusSeconds(10));
    List<Alert> more = e.flushDue(T0.plusSeconds(13));
    assertThat(of(more, "jira"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.telling().get(0).change()).isEqualTo(Change.MORE_COMPONENTS);
              assertThat(a.telling().get(0).newComponents()).containsExactly(api);
            });

    feed(e, log4shell("shop").type(ExposureType.RESOLVED).build(), T0.plusSeconds(20));
    assertThat(e.flushDue(T0.plusSeconds(23))).noneMatch(Alert::sendsSomething);

    feed(
        e,
        log4shell("shop").component(api, "2.14.1").type(ExposureType.RESOLVED).build(),
        T0.plusSeconds(30));
    List<Alert> resolved = e.flushDue(T0.plusSeconds(33));
    assertThat(resolved)
        .hasSize(2)
        .allSatisfy(
            a ->
                assertThat(a.telling())
                    .singleElement()
                    .extracting(AlertUnit::change)
                    .isEqualTo(Change.RESOLVED));
    assertThat(of(resolved, "slack").get(0).vulnerabilityResolved()).isTrue();
  }

  @Test
  void shouldEscalateOnHigherSeverityOrKevAndStayQuietOnADowngrade() {
    AlertEngine e = engine();
    feed(e, log4shell("shop").severity("HIGH", 8.1).build(), T0);
    e.flushDue(T0.plusSeconds(3));

    feed(
        e,
        log4shell("shop")
            .type(ExposureType.UPDATED)
            .kev("2021-12-24")
            .previous("HIGH", 8.1, false, null)
            .build(),
        T0.plusSeconds(10));
    List<Alert> up = e.flushDue(T0.plusSeconds(13));
    assertThat(up)
        .hasSize(2)
        .allSatisfy(
            a -> {
              assertThat(a.telling())
                  .singleElement()
                  .satisfies(
                      u -> {
                        assertThat(u.change()).isEqualTo(Change.ESCALATED);
                        assertThat(u.escalated()).isTrue();
                      });
            });

    feed(
        e,
        log4shell("shop")
            .type(ExposureType.UPDATED)
            .severity("MEDIUM", 5.0)
            .kev("2021-12-24")
            .previous("CRITICAL", 10.0, true, null)
            .build(),
        T0.plusSeconds(20));
    assertThat(e.flushDue(T0.plusSeconds(23))).noneMatch(Alert::sendsSomething);
  }

  @Test
  void shouldSkipEventsAlreadyAppliedWhenTheyAreSeenAgainAfterARestart() {
    AlertEngine before = engine();
    List<ExposureEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(log4shell("p" + i).build());
    }
    for (int i = 0; i < 5; i++) {
      before.accept(events.get(i), 0, i, T0);
    }
    List<GroupState> persisted = new ArrayList<>();
    for (Alert a : before.flushDue(T0.plusSeconds(3))) {
      a.units().forEach(u -> persisted.add(u.after()));
    }

    AlertEngine after = engine();
    after.load(persisted);
    for (int i = 0; i < 5; i++) {
      AlertEngine.Accepted acc = after.accept(events.get(i), 0, i, T0.plusSeconds(60));
      assertThat(acc.units()).isZero();
      assertThat(acc.replayed()).containsExactlyInAnyOrder("slack", "jira");
    }
    assertThat(after.hasPending()).isFalse();

    AlertEngine.Accepted fresh = after.accept(log4shell("p5").build(), 0, 5, T0.plusSeconds(61));
    assertThat(fresh.units()).isEqualTo(2);
  }

  @Test
  void shouldOnlyRouteMatchingExposuresAndStillTrackResolutionsOfKnownGroups() {
    var ch = slackAndJira();
    AlertEngine e =
        engine(
            ch,
            List.of(
                new RouteConfig(
                    List.of("jira"),
                    List.of("payments-*"),
                    null,
                    "HIGH",
                    null,
                    null,
                    List.of("NEW")),
                RouteConfig.everything(List.of("slack"))));
    feed(e, log4shell("payments-api").build(), T0);
    feed(e, log4shell("shop").build(), T0);
    feed(e, log4shell("payments-web").severity("LOW", 3.1).build(), T0);
    List<Alert> first = e.flushDue(T0.plusSeconds(3));
    assertThat(of(first, "jira"))
        .singleElement()
        .satisfies(a -> assertThat(a.units().get(0).key().projectId()).isEqualTo("payments-api"));

    // RESOLVED is not routed to jira (types: NEW), but the group it knows is kept right, silently
    feed(e, log4shell("payments-api").type(ExposureType.RESOLVED).build(), T0.plusSeconds(10));
    List<Alert> later = e.flushDue(T0.plusSeconds(13));
    assertThat(of(later, "jira"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.sendsSomething()).isFalse();
              assertThat(a.units().get(0).after().isOpen()).isFalse();
            });
    assertThat(of(later, "slack"))
        .singleElement()
        .satisfies(a -> assertThat(a.sendsSomething()).isTrue());
  }

  @Test
  void shouldGiveTheSameDeliveryIdToTheSameEvents() {
    List<String> ids = new ArrayList<>();
    for (int run = 0; run < 2; run++) {
      AlertEngine e = engine();
      for (int i = 0; i < 3; i++) {
        e.accept(log4shell("p" + i).build(), 1, 100 + i, T0.plusSeconds(run * 1000L));
      }
      e.flushDue(T0.plusSeconds(run * 1000L + 3)).stream()
          .filter(a -> a.channel().equals("slack"))
          .forEach(a -> ids.add(a.deliveryId()));
    }
    assertThat(ids).hasSize(2);
    assertThat(ids.get(0)).isEqualTo(ids.get(1)).hasSize(32);
  }

  @Test
  void shouldBatchWhatSbomUpdatesResolvedIntoOneChatMessageButKeepOneJiraIssueEach() {
    AlertEngine e = engine();
    String[] advisories = {"GHSA-1111", "GHSA-2222", "GHSA-3333", "GHSA-4444", "GHSA-5555"};
    for (String a : advisories) {
      feed(e, log4shell("shop").advisory(a, a).build(), T0);
    }
    e.flushDue(T0.plusSeconds(3));

    for (String a : advisories) {
      feed(e, log4shell("shop").advisory(a, a).removedBy("1.5.0").build(), T0.plusSeconds(10));
    }
    List<Alert> alerts = e.flushDue(T0.plusSeconds(13));

    assertThat(of(alerts, "slack"))
        .singleElement()
        .satisfies(
            a -> {
              assertThat(a.kind()).isEqualTo(Alert.Kind.RESOLUTIONS);
              assertThat(a.batchKey()).isEqualTo("RESOLUTIONS");
              assertThat(a.telling()).hasSize(5).allMatch(u -> u.change() == Change.RESOLVED);
              assertThat(a.resolvedVulnerabilities()).containsExactlyInAnyOrder(advisories);
              assertThat(a.vulnerabilityId()).isNull();
            });
    assertThat(of(alerts, "jira"))
        .hasSize(5)
        .allMatch(a -> a.kind() == Alert.Kind.ISSUE)
        .allMatch(a -> a.telling().get(0).change() == Change.RESOLVED);
  }

  @Test
  void shouldBatchTheResolutionsOfSeveralProjectsUpdatedTogetherIntoOneMessage() {
    AlertEngine e = engine();
    for (int i = 0; i < 3; i++) {
      feed(e, log4shell("p" + i).build(), T0);
    }
    e.flushDue(T0.plusSeconds(3));
    for (int i = 0; i < 3; i++) {
      feed(e, log4shell("p" + i).removedBy("2.0").build(), T0.plusSeconds(10));
    }

    List<Alert> slack = of(e.flushDue(T0.plusSeconds(13)), "slack");

    assertThat(slack).singleElement().satisfies(a -> assertThat(a.telling()).hasSize(3));
    assertThat(slack.get(0).resolvedVulnerabilities()).containsExactly("CVE-2021-44228");
  }

  @Test
  void shouldNeverTellAnExposureBornSuppressedNorItsResolution() {
    AlertEngine e = engine();
    feed(e, log4shell("shop").type(ExposureType.SUPPRESSED).build(), T0);
    feed(e, log4shell("shop").type(ExposureType.RESOLVED).build(), T0.plusSeconds(1));

    List<Alert> alerts = e.flushAll(T0.plusSeconds(60));

    assertThat(alerts).allSatisfy(a -> assertThat(a.telling()).isEmpty());
  }

  @Test
  void shouldStayQuietWhenAnAlertedExposureIsSuppressedAndAlertOnceWhenTheSuppressionIsLifted() {
    AlertEngine e = engine();
    feed(e, log4shell("shop").build(), T0);
    assertThat(of(e.flushAll(T0.plusSeconds(60)), "slack"))
        .singleElement()
        .satisfies(
            a ->
                assertThat(a.telling())
                    .extracting(AlertUnit::change)
                    .containsExactly(Change.OPENED));

    feed(e, log4shell("shop").type(ExposureType.SUPPRESSED).build(), T0.plusSeconds(100));
    List<Alert> suppressed = e.flushAll(T0.plusSeconds(200));
    assertThat(suppressed).allSatisfy(a -> assertThat(a.telling()).isEmpty());
    assertThat(e.state(suppressed.get(0).units().get(0).key()).isOpen()).isFalse();

    long lifted = offset;
    feed(e, log4shell("shop").type(ExposureType.UNSUPPRESSED).build(), T0.plusSeconds(300));
    List<Alert> again = e.flushAll(T0.plusSeconds(400));
    assertThat(again).extracting(Alert::channel).containsExactlyInAnyOrder("slack", "jira");
    assertThat(again)
        .allSatisfy(
            a ->
                assertThat(a.telling())
                    .extracting(AlertUnit::change)
                    .containsExactly(Change.OPENED));
    // the same event read again (a restart before the commit) tells nothing more
    assertThat(
            e.accept(
                    log4shell("shop").type(ExposureType.UNSUPPRESSED).build(),
                    0,
                    lifted,
                    T0.plusSeconds(500))
                .replayed())
        .containsExactlyInAnyOrder("slack", "jira");
    assertThat(e.flushAll(T0.plusSeconds(600))).isEmpty();
  }

  @Test
  void
      shouldCountASuppressedExposureAsNoLongerOpenInTheDigestsResolutionAndAgainOnceUnsuppressed() {
    AlertEngine e = engine();
    feed(e, log4shell("shop").build(), T0);
    feed(e, log4shell("blog").build(), T0);
    e.flushAll(T0.plusSeconds(60));

    // shop's exposure is suppressed (not told), then blog's resolved: no project is open any more
    feed(e, log4shell("shop").type(ExposureType.SUPPRESSED).build(), T0.plusSeconds(100));
    e.flushAll(T0.plusSeconds(110));
    feed(e, log4shell("blog").type(ExposureType.RESOLVED).build(), T0.plusSeconds(200));
    assertThat(of(e.flushAll(T0.plusSeconds(210)), "slack"))
        .singleElement()
        .satisfies(a -> assertThat(a.resolvedVulnerabilities()).containsExactly("CVE-2021-44228"));

    // lifting the suppression opens shop again: blog's exposure coming back is no resolution
    feed(e, log4shell("shop").type(ExposureType.UNSUPPRESSED).build(), T0.plusSeconds(300));
    e.flushAll(T0.plusSeconds(310));
    feed(e, log4shell("blog").build(), T0.plusSeconds(400));
    e.flushAll(T0.plusSeconds(410));
    feed(e, log4shell("blog").type(ExposureType.RESOLVED).build(), T0.plusSeconds(500));
    assertThat(of(e.flushAll(T0.plusSeconds(510)), "slack"))
        .singleElement()
        .satisfies(a -> assertThat(a.resolvedVulnerabilities()).isEmpty());
  }

  @Test
  void shouldRouteAnUnsuppressedExposureAsANewOne() {
    var ch = slackAndJira();
    AlertEngine e =
        engine(
            ch,
            List.of(
                new RouteConfig(List.of("jira"), null, null, null, null, null, List.of("NEW"))));
    feed(e, log4shell("shop").type(ExposureType.UNSUPPRESSED).build(), T0);

    assertThat(e.flushAll(T0.plusSeconds(60)))
        .singleElement()
        .satisfies(a -> assertThat(a.channel()).isEqualTo("jira"));
  }
}
