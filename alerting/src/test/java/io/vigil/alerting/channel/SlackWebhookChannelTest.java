package io.vigil.alerting.channel;

import static io.vigil.alerting.Fixtures.LOG4J;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.config.Secret;
import io.vigil.testkit.http.RecordedRequest;
import io.vigil.testkit.http.SlackWebhookStub;
import io.vigil.testkit.http.StubHttpServer.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SlackWebhookChannelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SlackWebhookStub slack = new SlackWebhookStub();
  private final ChannelConfig cfg = ChannelConfig.slackWebhook(Secret.of(slack.webhookUrl()));
  private final SlackWebhookChannel channel =
      new SlackWebhookChannel(
          "slack-sec", Secret.of(slack.webhookUrl()), Duration.ofSeconds(10), 50);

  @AfterEach
  void stop() {
    slack.close();
  }

  private Delivered deliver(Alert a) throws Exception {
    return channel.deliver(a, AlertView.of(a));
  }

  @Test
  void shouldPostABlockKitMessageWithEverythingAboutTheVulnerabilityWhenOneProjectIsExposed()
      throws Exception {
    Alert alert =
        new TestAlerts("slack-sec", cfg)
            .one(log4shell("demo-shop").kev("2021-12-24").epss(0.944, 0.999).build());

    deliver(alert);

    assertThat(slack.requests())
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.method()).isEqualTo("POST");
              assertThat(r.path()).isEqualTo(SlackWebhookStub.PATH);
              assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
            });
    JsonNode body = JSON.readTree(slack.requests().get(0).body());
    assertThat(body.path("text").asText())
        .isEqualTo(
            "New exposure: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0, KEV] — demo-shop ships "
                + LOG4J
                + "; upgrade to 2.15.0");
    JsonNode blocks = body.path("blocks");
    assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
    assertThat(blocks.get(0).path("text").path("text").asText())
        .isEqualTo("CVE-2021-44228: Remote code injection in Log4j");
    assertThat(blocks.get(1).path("text").path("text").asText())
        .isEqualTo(
            "*New exposure*\n*Project:* demo-shop\n*Component:* `"
                + LOG4J
                + "`\n*Fix:* upgrade to *2.15.0*");
    assertThat(blocks.get(2).path("text").path("text").asText())
        .contains("*Severity:* CRITICAL 10.0 · `CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H`")
        .contains(
            "*KEV:* :rotating_light: known exploited (CISA KEV), added 2021-12-10, *due 2021-12-24*, ransomware use: Known")
        .contains("*EPSS:* 94.4% (percentile 99.9%)")
        .contains("*Aliases:* GHSA-jfh8-c2jp-5v3q");
    assertThat(blocks.get(3).path("type").asText()).isEqualTo("context");
    assertThat(blocks.get(3).path("elements").get(0).path("text").asText())
        .contains("<https://github.com/advisories/GHSA-jfh8-c2jp-5v3q|GHSA-jfh8-c2jp-5v3q>")
        .contains("<https://osv.dev/vulnerability/CVE-2021-44228|OSV>")
        .contains("<https://nvd.nist.gov/vuln/detail/CVE-2021-44228|NVD>")
        .contains("Vigil delivery " + alert.deliveryId());
  }

  @Test
  void shouldListEveryProjectInOneDigestWithinSlackLimitsWhenFiftyProjectsAreExposed()
      throws Exception {
    List<ExposureEvent> events = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      events.add(log4shell("service-with-a-rather-long-name-" + i).build());
    }
    Alert alert = new TestAlerts("slack-sec", cfg).one(events.toArray(ExposureEvent[]::new));

    deliver(alert);

    JsonNode body = JSON.readTree(slack.requests().get(0).body());
    JsonNode blocks = body.path("blocks");
    assertThat(blocks.size()).isLessThanOrEqualTo(50);
    StringBuilder all = new StringBuilder();
    for (JsonNode b : blocks) {
      if (b.path("type").asText().equals("section")) {
        assertThat(b.path("text").path("text").asText().length()).isLessThanOrEqualTo(3000);
        all.append(b.path("text").path("text").asText()).append('\n');
      }
    }
    assertThat(all.toString()).startsWith("*New exposure in 50 projects:*");
    for (int i = 0; i < 50; i++) {
      assertThat(all.toString())
          .contains(
              "• *service-with-a-rather-long-name-"
                  + i
                  + "* — `"
                  + LOG4J
                  + "` → upgrade to *2.15.0*");
    }
    assertThat(body.path("text").asText())
        .startsWith(
            "New exposure: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0] — 50 projects: ");
  }

  @Test
  void shouldAskToWaitRetryAfterWhenSlackRateLimits() throws Exception {
    slack.rateLimitNext(1, 7);
    Alert alert = new TestAlerts("slack-sec", cfg).one(log4shell("shop").build());

    assertThatThrownBy(() -> deliver(alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.RATE_LIMITED);
              assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7));
            });
    deliver(alert);
    assertThat(slack.requests()).hasSize(2);
    assertThat(slack.requests().get(1).bodyText()).isEqualTo(slack.requests().get(0).bodyText());
  }

  @Test
  void shouldGiveUpWithoutTheUrlWhenTheWebhookNoLongerExists() throws Exception {
    slack.failWith(404, "no_service");
    Alert alert = new TestAlerts("slack-sec", cfg).one(log4shell("shop").build());

    assertThatThrownBy(() -> deliver(alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isFalse();
              assertThat(e.getMessage())
                  .isEqualTo("Slack webhook refused the message: HTTP 404 no_service");
              assertThat(e.getMessage())
                  .doesNotContain(SlackWebhookStub.PATH)
                  .doesNotContain("XXXXXXXX");
            });
  }

  @Test
  void shouldRetryWhenSlackFailsOrDoesNotAnswerInTime() throws Exception {
    Alert alert = new TestAlerts("slack-sec", cfg).one(log4shell("shop").build());
    slack.failWith(503, "service_unavailable");
    assertThatThrownBy(() -> deliver(alert))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.SERVER_ERROR);
            });

    slack.reset();
    slack.handler(r -> Response.of(200, "text/html", "ok").delayed(3000));
    SlackWebhookChannel impatient =
        new SlackWebhookChannel(
            "slack-sec", Secret.of(slack.webhookUrl()), Duration.ofMillis(500), 50);
    assertThatThrownBy(() -> impatient.deliver(alert, AlertView.of(alert)))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.retryable()).isTrue();
              assertThat(e.reason()).isEqualTo(DeliveryException.Reason.TIMEOUT);
              assertThat(e.getMessage()).isEqualTo("Slack webhook: no answer within 500 ms");
            });
    RecordedRequest last = slack.requests().get(slack.requests().size() - 1);
    assertThat(JSON.readTree(last.body()).path("text").asText()).contains("shop ships " + LOG4J);
  }
}
