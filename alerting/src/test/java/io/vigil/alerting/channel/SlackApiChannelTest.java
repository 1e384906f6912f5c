package io.vigil.alerting.channel;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.ManualClock;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.config.Secret;
import io.vigil.testkit.http.SlackApiStub;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackApiChannelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "xoxb-0000-test-token-do-not-log";
  private final SlackApiStub slack = new SlackApiStub(TOKEN, "C0SECURITY");
  private final ChannelConfig cfg =
      ChannelConfig.builder("slack-api")
          .token(Secret.of(TOKEN))
          .channel("C0SECURITY")
          .baseUrl(slack.apiUrl())
          .build();
  private final ManualClock clock = new ManualClock(io.vigil.alerting.Fixtures.T0);

  @AfterEach
  void stop() {
    slack.close();
  }

  private SlackApiChannel channel(String token, String slackChannel) {
    return new SlackApiChannel(
        "slack-api",
        slack.apiUrl(),
        Secret.of(token),
        slackChannel,
        true,
        Duration.ofSeconds(10),
        50,
        clock);
  }

  private static Delivered deliver(SlackApiChannel c, Alert a) throws Exception {
    return c.deliver(a, AlertView.of(a));
  }

  @Test
  void shouldPostWithTheBotTokenAndThreadFollowUpsUnderTheFirstMessage() throws Exception {
    SlackApiChannel c = channel(TOKEN, "C0SECURITY");
    TestAlerts alerts = new TestAlerts("slack-api", cfg);

    Delivered first =
        deliver(c, alerts.one(log4shell("shop").build(), log4shell("billing").build()));
    Delivered second = deliver(c, alerts.one(log4shell("search").build()));

    var posted = slack.messages();
    assertThat(posted).hasSize(2);
    assertThat(slack.requests())
        .allSatisfy(
            r -> {
              assertThat(r.path()).isEqualTo("/api/chat.postMessage");
              assertThat(r.header("Authorization")).isEqualTo("Bearer " + TOKEN);
              assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            });
    JsonNode firstBody = JSON.readTree(slack.requests().get(0).body());
    assertThat(firstBody.path("channel").asText()).isEqualTo("C0SECURITY");
    assertThat(firstBody.has("thread_ts")).isFalse();
    assertThat(first.messageId()).isEqualTo("C0SECURITY:" + posted.get(0).ts());
    assertThat(first.extraRecords())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.getAlertKey()).isEqualTo("slack-api|CVE-2021-44228");
              assertThat(r.getExternalId()).isEqualTo("C0SECURITY:" + posted.get(0).ts());
              assertThat(r.getProjectId()).isNull();
            });
    JsonNode secondBody = JSON.readTree(slack.requests().get(1).body());
    assertThat(secondBody.path("thread_ts").asText()).isEqualTo(posted.get(0).ts());
    assertThat(secondBody.path("reply_broadcast").asBoolean()).isTrue();
    assertThat(posted.get(1).threadTs()).isEqualTo(posted.get(0).ts());
    assertThat(second.extraRecords()).isEmpty();
  }

  @Test
  void shouldMarkTheThreadResolvedWhenNoProjectIsExposedAnyMore() throws Exception {
    SlackApiChannel c = channel(TOKEN, "C0SECURITY");
    TestAlerts alerts = new TestAlerts("slack-api", cfg);
    deliver(c, alerts.one(log4shell("shop").build()));

    Alert resolved = alerts.one(log4shell("shop").type(ExposureType.RESOLVED).build());
    assertThat(resolved.vulnerabilityResolved()).isTrue();
    deliver(c, resolved);

    String parent = slack.messages().get(0).ts();
    JsonNode reply = JSON.readTree(slack.requests().get(1).body());
    assertThat(reply.path("thread_ts").asText()).isEqualTo(parent);
    assertThat(reply.path("reply_broadcast").asBoolean()).isFalse();
    assertThat(reply.path("text").asText()).startsWith("Resolved: CVE-2021-44228");
    assertThat(slack.requests().get(2).path()).isEqualTo("/api/chat.update");
    assertThat(slack.updates())
        .singleElement()
        .satisfies(
            u -> {
              assertThat(u.ts()).isEqualTo(parent);
              assertThat(u.text()).startsWith("Resolved everywhere: CVE-2021-44228");
            });
  }

  @Test
  void shouldTreatOkFalseErrorsAsFinalOrRetryableAsSlackMeansThem() throws Exception {
    Alert alert = new TestAlerts("slack-api", cfg).one(log4shell("shop").build());

    assertThatThrownBy(() -> deliver(channel(TOKEN, "C0NOWHERE"), alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.REJECTED);
              assertThat(e.getMessage()).isEqualTo("Slack chat.postMessage: channel_not_found");
            });
    assertThatThrownBy(() -> deliver(channel("xoxb-revoked", "C0SECURITY"), alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.AUTH);
              assertThat(e.getMessage())
                  .isEqualTo("Slack chat.postMessage: invalid_auth")
                  .doesNotContain("xoxb");
            });
    slack.failNext(1, "internal_error");
    assertThatThrownBy(() -> deliver(channel(TOKEN, "C0SECURITY"), alert))
        .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
    slack.rateLimitNext(1, 30);
    assertThatThrownBy(() -> deliver(channel(TOKEN, "C0SECURITY"), alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.RATE_LIMITED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(30));
            });
    assertThat(slack.messages()).isEmpty();
    assertThat(slack.requests()).hasSize(4);
  }

  @Test
  void shouldPostResolutionsToTheChannelAndMarkEachResolvedThreadWhenAnUpgradeEndsThem()
      throws Exception {
    SlackApiChannel c = channel(TOKEN, "C0SECURITY");
    TestAlerts alerts = new TestAlerts("slack-api", cfg);
    deliver(c, alerts.one(log4shell("shop").build()));
    deliver(
        c,
        alerts.one(
            log4shell("shop")
                .advisory("GHSA-p6xc-xr62-6r2g", "CVE-2021-45105", "CVE-2021-45105")
                .build()));

    Alert resolutions =
        alerts.one(
            log4shell("shop").removedBy("1.5.0").build(),
            log4shell("shop")
                .advisory("GHSA-p6xc-xr62-6r2g", "CVE-2021-45105", "CVE-2021-45105")
                .removedBy("1.5.0")
                .build());
    deliver(c, resolutions);

    var posted = slack.messages();
    assertThat(posted).hasSize(3);
    assertThat(posted.get(2).threadTs()).isNull();
    var updates =
        slack.requests().stream().filter(r -> r.path().equals("/api/chat.update")).toList();
    assertThat(updates).hasSize(2);
    List<String> updated = new ArrayList<>();
    for (var r : updates) {
      updated.add(JSON.readTree(r.body()).path("ts").asText());
    }
    assertThat(updated).containsExactlyInAnyOrder(posted.get(0).ts(), posted.get(1).ts());
    assertThat(JSON.readTree(updates.get(0).body()).path("text").asText())
        .startsWith("Resolved everywhere: ");
  }
}
