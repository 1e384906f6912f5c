package io.vigil.alerting.delivery;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.alerting.AlertingConfig.CircuitBreakerConfig;
import io.vigil.alerting.AlertingConfig.RetryConfig;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.Fixtures;
import io.vigil.alerting.InMemoryLog;
import io.vigil.alerting.ManualClock;
import io.vigil.alerting.TestAlerts;
import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.channel.Channels;
import io.vigil.alerting.engine.Alert;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.config.Secret;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import io.vigil.testkit.http.SlackWebhookStub;
import io.vigil.testkit.http.StubHttpServer;
import io.vigil.testkit.http.StubHttpServer.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherTest {
  private static final String TOPIC = TopicCatalog.local().exposures().name();
  private final ManualClock clock = new ManualClock(Fixtures.T0);
  private final InMemoryLog log = new InMemoryLog();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<Dispatcher.Outcome> outcomes = new CopyOnWriteArrayList<>();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  private Dispatcher dispatcher;

  @AfterEach
  void stop() {
    if (dispatcher != null) {
      dispatcher.close();
    }
  }

  private Dispatcher dispatcher(
      Map<String, ChannelConfig> configs, RetryConfig retry, CircuitBreakerConfig cb) {
    Map<String, Channel> channels = Channels.create(configs, System.out, clock);
    dispatcher =
        new Dispatcher(
            channels,
            configs,
            retry,
            cb,
            log,
            log,
            new AlertMetrics(registry),
            clock,
            clock.sleeper(),
            TOPIC,
            serdes.value(TopicCatalog.local().exposures()).serializer(),
            outcomes::add);
    return dispatcher;
  }

  private List<Dispatcher.Outcome> awaitOutcomes(int n) {
    await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.size() >= n);
    return List.copyOf(outcomes);
  }

  private double count(String name, String... tags) {
    var c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }

  @Test
  void shouldWaitWhatSlackAsksAndDeliverOnceWhenRateLimited() {
    try (SlackWebhookStub slack = new SlackWebhookStub()) {
      slack.rateLimitNext(2, 3);
      ChannelConfig cfg = ChannelConfig.slackWebhook(Secret.of(slack.webhookUrl()));
      dispatcher(Map.of("slack", cfg), RetryConfig.defaults(), CircuitBreakerConfig.defaults());
      Alert alert = new TestAlerts("slack", cfg).one(log4shell("shop").build());

      dispatcher.submit(alert);

      Dispatcher.Outcome o = awaitOutcomes(1).get(0);
      assertThat(o.status()).isEqualTo(DeliveryStatus.SENT);
      assertThat(o.attempts()).isEqualTo(3);
      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(3), Duration.ofSeconds(3));
      assertThat(slack.requests()).hasSize(3);
      assertThat(slack.requests())
          .extracting(r -> r.bodyText())
          .containsOnly(slack.requests().get(0).bodyText());
      assertThat(log.records)
          .last()
          .satisfies(
              r -> {
                assertThat(r.getAlertKey()).isEqualTo("slack|CVE-2021-44228|shop");
                assertThat(r.getStatus()).isEqualTo(DeliveryStatus.SENT);
                assertThat(r.getAttempts()).isEqualTo(3);
                assertThat(r.getExposureIds()).hasSize(1);
                assertThat(r.getSourceOffset()).isZero();
                assertThat(r.getLastChange()).isEqualTo("OPENED");
              });
      assertThat(count("vigil.alerts.failed", "channel", "slack", "reason", "rate_limited"))
          .isEqualTo(2);
      assertThat(count("vigil.alerts.delivered", "channel", "slack", "channel_type", "slack"))
          .isEqualTo(1);
      assertThat(registry.find("vigil.alert.latency").timer().count()).isEqualTo(1);
    }
  }

  @Test
  void shouldSendTheAlertToTheDlqWithItsLastErrorAfterTheLastAttempt() throws Exception {
    try (StubHttpServer hook = new StubHttpServer(r -> Response.text(500, "boom"))) {
      ChannelConfig cfg =
          ChannelConfig.builder("webhook").webhook(Secret.of(hook.url() + "/in")).build();
      dispatcher(
          Map.of("hook", cfg),
          new RetryConfig(
              4, Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofMinutes(10)),
          new CircuitBreakerConfig(100, Duration.ofSeconds(30)));
      ExposureEvent event = log4shell("shop").build();
      Alert alert = new TestAlerts("hook", cfg).one(event);

      dispatcher.submit(alert);

      Dispatcher.Outcome o = awaitOutcomes(1).get(0);
      assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
      assertThat(o.attempts()).isEqualTo(4);
      assertThat(hook.requests()).hasSize(4);
      List<Duration> sleeps = clock.sleeps();
      assertThat(sleeps).hasSize(3);
      long[] ceilings = {500, 1000, 2000};
      for (int i = 0; i < 3; i++) {
        assertThat(sleeps.get(i).toMillis()).isBetween(ceilings[i] / 2, ceilings[i]);
      }
      assertThat(log.deadLetters)
          .singleElement()
          .satisfies(
              d -> {
                assertThat(d.getService()).isEqualTo("alerting");
                assertThat(d.getStage()).isEqualTo("deliver");
                assertThat(d.getReason())
                    .isEqualTo("hook (webhook): webhook answered 500: boom (after 4 attempts)");
                assertThat(d.getAttempts()).isEqualTo(4);
                assertThat(d.getSourceTopic()).isEqualTo(TOPIC);
                assertThat(d.getSourceOffset()).isZero();
                assertThat(d.getErrorClass()).endsWith("DeliveryException/SERVER_ERROR");
              });
      DeadAlerts.Decoded decoded =
          DeadAlerts.decode(
              log.deadLetters.get(0),
              TOPIC,
              serdes.value(TopicCatalog.local().exposures()).deserializer());
      assertThat(decoded.deliveryId()).isEqualTo(alert.deliveryId());
      assertThat(decoded.unit().events()).containsExactly(event);
      assertThat(log.records)
          .extracting(r -> r.getStatus())
          .containsExactly(DeliveryStatus.FAILED, DeliveryStatus.DEAD);
      assertThat(log.records.get(0).getSourceOffset()).isNull();
      assertThat(log.records.get(1).getSourceOffset()).isZero();
      assertThat(log.records.get(1).getLastError()).isEqualTo("webhook answered 500: boom");
      assertThat(count("vigil.alerts.dead.lettered", "channel", "hook")).isEqualTo(1);
    }
  }

  @Test
  void shouldGiveUpAtOnceWhenTheTargetRefusesTheMessage() {
    try (SlackWebhookStub slack = new SlackWebhookStub()) {
      slack.failWith(404, "no_service");
      ChannelConfig cfg = ChannelConfig.slackWebhook(Secret.of(slack.webhookUrl()));
      dispatcher(Map.of("slack", cfg), RetryConfig.defaults(), CircuitBreakerConfig.defaults());

      dispatcher.submit(new TestAlerts("slack", cfg).one(log4shell("shop").build()));

      Dispatcher.Outcome o = awaitOutcomes(1).get(0);
      assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
      assertThat(o.attempts()).isEqualTo(1);
      assertThat(o.lastError()).isEqualTo("Slack webhook refused the message: HTTP 404 no_service");
      assertThat(clock.sleeps()).isEmpty();
    }
  }

  @Test
  void shouldKeepDeliveringToHealthyChannelsWhileTheBreakerOfAFailingOneIsOpen() {
    try (SlackWebhookStub slack = new SlackWebhookStub();
        StubHttpServer down = new StubHttpServer(r -> Response.text(503, "down"))) {
      ChannelConfig up =
          ChannelConfig.builder("slack")
              .webhook(Secret.of(slack.webhookUrl()))
              .minInterval(Duration.ZERO)
              .build();
      ChannelConfig broken =
          ChannelConfig.builder("webhook").webhook(Secret.of(down.url() + "/in")).build();
      Map<String, ChannelConfig> configs = new LinkedHashMap<>();
      configs.put("down", broken);
      configs.put("up", up);
      dispatcher(
          configs,
          new RetryConfig(5, Duration.ofMillis(100), Duration.ofSeconds(1), Duration.ofHours(1)),
          new CircuitBreakerConfig(2, Duration.ofHours(1)));
      TestAlerts toDown = new TestAlerts("down", broken);
      TestAlerts toUp = new TestAlerts("up", up);

      for (int i = 0; i < 3; i++) {
        dispatcher.submit(toDown.one(log4shell("p" + i).build()));
        dispatcher.submit(toUp.one(log4shell("p" + i).build()));
      }

      List<Dispatcher.Outcome> all = awaitOutcomes(6);
      assertThat(all.stream().filter(o -> o.alert().channel().equals("up")))
          .hasSize(3)
          .allMatch(o -> o.status() == DeliveryStatus.SENT);
      assertThat(all.stream().filter(o -> o.alert().channel().equals("down")))
          .hasSize(3)
          .allSatisfy(
              o -> {
                assertThat(o.status()).isEqualTo(DeliveryStatus.DEAD);
                assertThat(o.attempts()).isEqualTo(5);
              });
      assertThat(slack.requests()).hasSize(3);
      assertThat(down.requests()).as("requests while the breaker was closed").hasSize(2);
      assertThat(dispatcher.breaker("down")).isEqualTo(CircuitBreaker.State.OPEN);
      assertThat(dispatcher.breaker("up")).isEqualTo(CircuitBreaker.State.CLOSED);
      assertThat(count("vigil.alerts.failed", "channel", "down", "reason", "circuit_open"))
          .isEqualTo(13);
    }
  }

  @Test
  void shouldSpaceMessagesToOneSlackChannelAtLeastASecondApart() {
    try (SlackWebhookStub slack = new SlackWebhookStub()) {
      ChannelConfig cfg = ChannelConfig.slackWebhook(Secret.of(slack.webhookUrl()));
      dispatcher(Map.of("slack", cfg), RetryConfig.defaults(), CircuitBreakerConfig.defaults());
      TestAlerts alerts = new TestAlerts("slack", cfg);

      for (int i = 0; i < 3; i++) {
        dispatcher.submit(
            alerts.one(log4shell("p" + i).advisory("GHSA-" + i, "CVE-2099-000" + i).build()));
      }

      assertThat(awaitOutcomes(3)).allMatch(o -> o.status() == DeliveryStatus.SENT);
      assertThat(clock.sleeps()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
    }
  }

  @Test
  void shouldExposeDeliveriesAndTheirLatencyToPrometheusWhenAnAlertIsDelivered() {
    try (SlackWebhookStub slack = new SlackWebhookStub();
        io.vigil.platform.metrics.Metrics metrics =
            new io.vigil.platform.metrics.Metrics("alerting")) {
      ChannelConfig cfg = ChannelConfig.slackWebhook(Secret.of(slack.webhookUrl()));
      Map<String, Channel> channels = Channels.create(Map.of("slack-sec", cfg), System.out, clock);
      dispatcher =
          new Dispatcher(
              channels,
              Map.of("slack-sec", cfg),
              RetryConfig.defaults(),
              CircuitBreakerConfig.defaults(),
              log,
              log,
              new AlertMetrics(metrics.registry()),
              clock,
              clock.sleeper(),
              TOPIC,
              serdes.value(TopicCatalog.local().exposures()).serializer(),
              outcomes::add);
      clock.advance(Duration.ofMillis(1500)); // delivered 1.5 s after the exposure was triggered
      dispatcher.submit(new TestAlerts("slack-sec", cfg).one(log4shell("shop").build()));
      awaitOutcomes(1);

      String scrape = metrics.scrape();

      assertThat(scrape)
          .contains(
              "vigil_alerts_delivered_total{channel=\"slack-sec\",channel_type=\"slack\",service=\"alerting\"} 1.0")
          .contains(
              "vigil_alert_latency_seconds_count{channel=\"slack-sec\",channel_type=\"slack\",service=\"alerting\"} 1")
          .contains(
              "vigil_alert_latency_seconds_bucket{channel=\"slack-sec\",channel_type=\"slack\",service=\"alerting\",le=\"1.431655765\"} 0")
          .contains(
              "vigil_alert_latency_seconds_bucket{channel=\"slack-sec\",channel_type=\"slack\",service=\"alerting\",le=\"1.789569706\"} 1")
          .contains("vigil_alerts_circuit_open{channel=\"slack-sec\",service=\"alerting\"} 0.0");
    }
  }

  @Test
  void shouldKeepBackoffWithinItsJitterBounds() {
    Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 0.0);
    Backoff top = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), () -> 1.0);
    assertThat(b.delay(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(top.delay(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(top.delay(4)).isEqualTo(Duration.ofSeconds(4));
    assertThat(top.delay(20)).isEqualTo(Duration.ofSeconds(30));
    assertThat(b.delay(20)).isEqualTo(Duration.ofSeconds(15));
  }
}
