package io.vigil.alerting.channel;

import static io.vigil.alerting.Fixtures.LOG4J;
import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.Fixtures;
import io.vigil.alerting.ManualClock;
import io.vigil.alerting.TeamsCardsText;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.platform.config.Secret;
import io.vigil.testkit.http.RecordedRequest;
import io.vigil.testkit.http.StubHttpServer;
import io.vigil.testkit.http.StubHttpServer.Response;
import io.vigil.testkit.http.TeamsWebhookStub;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class WebhookAndTeamsChannelTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String KEY = "whsec-signing-key-0000";

  @Test
  void shouldPostSignedJsonThatAReceiverCanVerifyWhenAWebhookIsConfigured() throws Exception {
    try (StubHttpServer receiver = new StubHttpServer(r -> Response.json(204, ""))) {
      ManualClock clock = new ManualClock(Fixtures.T0);
      ChannelConfig cfg =
          ChannelConfig.builder("webhook")
              .webhook(Secret.of(receiver.url() + "/hooks/vigil"))
              .build();
      WebhookChannel c =
          new WebhookChannel(
              "hook",
              Secret.of(receiver.url() + "/hooks/vigil"),
              Secret.of(KEY),
              Map.of("Authorization", Secret.of("Bearer receiver-token")),
              Duration.ofSeconds(10),
              50,
              clock);
      Alert alert =
          new TestAlerts("hook", cfg).one(log4shell("shop").build(), log4shell("billing").build());

      c.deliver(alert, AlertView.of(alert));

      RecordedRequest r = receiver.requests().get(0);
      assertThat(r.path()).isEqualTo("/hooks/vigil");
      assertThat(r.header("Content-Type")).isEqualTo("application/json; charset=utf-8");
      assertThat(r.header("Authorization")).isEqualTo("Bearer receiver-token");
      assertThat(r.header("X-Vigil-Delivery")).isEqualTo(alert.deliveryId());
      String ts = r.header("X-Vigil-Timestamp");
      assertThat(ts).isEqualTo(Long.toString(Fixtures.T0.getEpochSecond()));
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update((ts + ".").getBytes(StandardCharsets.UTF_8));
      assertThat(r.header("X-Vigil-Signature"))
          .isEqualTo("sha256=" + HexFormat.of().formatHex(mac.doFinal(r.body())));
      JsonNode body = JSON.readTree(r.body());
      assertThat(body.path("version").asInt()).isEqualTo(1);
      assertThat(body.path("kind").asText()).isEqualTo("DIGEST");
      assertThat(body.path("deliveryId").asText()).isEqualTo(alert.deliveryId());
      assertThat(body.path("changes")).hasSize(2);
      JsonNode first = body.path("changes").get(0);
      assertThat(first.path("change").asText()).isEqualTo("OPENED");
      assertThat(first.path("vulnerability").path("id").asText()).isEqualTo("CVE-2021-44228");
      assertThat(first.path("vulnerability").path("aliases").get(0).asText())
          .isEqualTo("GHSA-jfh8-c2jp-5v3q");
      assertThat(first.path("vulnerability").path("score").asDouble()).isEqualTo(10.0);
      assertThat(first.path("components").get(0).path("component").asText()).isEqualTo(LOG4J);
      assertThat(first.path("components").get(0).path("smallestFix").asText()).isEqualTo("2.15.0");
      assertThat(first.path("eventIds")).hasSize(1);
    }
  }

  @Test
  void shouldRetryServerErrorsAndRateLimitsAndGiveUpOnRejections() throws Exception {
    int[] status = {503};
    try (StubHttpServer receiver =
        new StubHttpServer(r -> Response.text(status[0], "nope").withHeader("Retry-After", "4"))) {
      ChannelConfig cfg =
          ChannelConfig.builder("webhook").webhook(Secret.of(receiver.url() + "/x")).build();
      WebhookChannel c =
          new WebhookChannel(
              "hook",
              Secret.of(receiver.url() + "/x"),
              null,
              Map.of(),
              Duration.ofSeconds(10),
              50,
              java.time.Clock.systemUTC());
      Alert alert = new TestAlerts("hook", cfg).one(log4shell("shop").build());

      assertThatThrownBy(() -> c.deliver(alert, AlertView.of(alert)))
          .isInstanceOfSatisfying(DeliveryException.class, e -> assertThat(e.retryable()).isTrue());
      status[0] = 429;
      assertThatThrownBy(() -> c.deliver(alert, AlertView.of(alert)))
          .isInstanceOfSatisfying(
              DeliveryException.class,
              e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(4)));
      status[0] = 422;
      assertThatThrownBy(() -> c.deliver(alert, AlertView.of(alert)))
          .isInstanceOfSatisfying(
              DeliveryException.class,
              e -> {
                assertThat(e.retryable()).isFalse();
                assertThat(e.getMessage()).isEqualTo("webhook refused the alert: HTTP 422 nope");
              });
      assertThat(receiver.requests())
          .hasSize(3)
          .allSatisfy(r -> assertThat(r.header("X-Vigil-Signature")).isNull());
    }
  }

  @Test
  void shouldPostAnAdaptiveCardThatTeamsAcceptsWhenATeamsWebhookIsConfigured() throws Exception {
    try (TeamsWebhookStub teams = new TeamsWebhookStub()) {
      ChannelConfig cfg =
          ChannelConfig.builder("teams").webhook(Secret.of(teams.webhookUrl())).build();
      TeamsChannel c =
          new TeamsChannel("teams", Secret.of(teams.webhookUrl()), Duration.ofSeconds(10), 50);
      Alert alert =
          new TestAlerts("teams", cfg)
              .one(log4shell("shop").kev("2021-12-24").epss(0.5, 0.9).build());

      c.deliver(alert, AlertView.of(alert));
      teams.rateLimitNext(1);
      assertThatThrownBy(() -> c.deliver(alert, AlertView.of(alert)))
          .isInstanceOfSatisfying(
              DeliveryException.class,
              e -> assertThat(e.reason()).isEqualTo(DeliveryException.Reason.RATE_LIMITED));

      RecordedRequest r = teams.requests().get(0);
      assertThat(r.path()).isEqualTo(TeamsWebhookStub.PATH);
      assertThat(r.query()).contains("sig=TESTSIGNATURE");
      JsonNode card = JSON.readTree(r.body()).path("attachments").get(0);
      assertThat(card.path("contentType").asText())
          .isEqualTo("application/vnd.microsoft.card.adaptive");
      JsonNode content = card.path("content");
      assertThat(content.path("type").asText()).isEqualTo("AdaptiveCard");
      assertThat(content.path("version").asText()).isEqualTo("1.4");
      JsonNode title = content.path("body").get(0);
      assertThat(title.path("type").asText()).isEqualTo("RichTextBlock");
      assertThat(title.path("inlines").get(0).path("text").asText())
          .isEqualTo("CVE-2021-44228: Remote code injection in Log4j");
      JsonNode facts = content.path("body").get(1).path("facts");
      assertThat(facts.get(0).path("value").asText()).startsWith("CRITICAL 10.0");
      assertThat(facts.get(1).path("title").asText()).isEqualTo("KEV");
      assertThat(facts.get(1).path("value").asText())
          .isEqualTo("known exploited, added 2021-12-10, due 2021-12-24");
      assertThat(facts.get(2).path("value").asText()).isEqualTo("50.0% (percentile 90.0%)");
      assertThat(TeamsCardsText.lines(content))
          .contains("• shop: " + LOG4J + " → upgrade to 2.15.0");
      assertThat(content.path("actions").get(0).path("url").asText())
          .isEqualTo("https://github.com/advisories/GHSA-jfh8-c2jp-5v3q");
    }
  }
}
