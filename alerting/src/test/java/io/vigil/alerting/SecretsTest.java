package io.vigil.alerting;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.alerting.AlertingConfig.CircuitBreakerConfig;
import io.vigil.alerting.AlertingConfig.RetryConfig;
import io.vigil.alerting.channel.Channels;
import io.vigil.alerting.delivery.AlertMetrics;
import io.vigil.alerting.delivery.Dispatcher;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.platform.config.Secret;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import io.vigil.testkit.http.StubHttpServer;
import io.vigil.testkit.http.StubHttpServer.Response;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

/**
 * Secrets (webhook URLs, tokens, signing keys, header values) never reach logs, exception messages,
 * the delivery log, the DLQ or metric labels — even when the servers echo them back.
 */
class SecretsTest {

  /** Collects every log line (message and stack trace) while installed. */
  static final class Capture extends AbstractAppender implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();

    Capture() {
      super("capture", null, null, true, Property.EMPTY_ARRAY);
      start();
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      ctx.getConfiguration().getRootLogger().addAppender(this, Level.ALL, null);
      ctx.getConfiguration().getRootLogger().setLevel(Level.DEBUG);
      ctx.getConfiguration().getLoggerConfig("io.vigil").setLevel(Level.DEBUG);
      ctx.updateLoggers();
    }

    @Override
    public void append(LogEvent e) {
      StringBuilder b = new StringBuilder(e.getMessage().getFormattedMessage());
      if (e.getThrown() != null) {
        StringWriter w = new StringWriter();
        e.getThrown().printStackTrace(new java.io.PrintWriter(w));
        b.append('\n').append(w);
      }
      lines.add(b.toString());
    }

    @Override
    public void close() {
      LoggerContext ctx = (LoggerContext) LogManager.getContext(false);
      ctx.getConfiguration().getRootLogger().removeAppender("capture");
      ctx.updateLoggers();
      stop();
    }
  }

  @Test
  void shouldKeepEverySecretOutOfLogsErrorsRecordsAndMetricsWhenEveryChannelFails()
      throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    // servers that echo what they got: the path, the query, the Authorization header
    try (Capture logs = new Capture();
        StubHttpServer echo =
            new StubHttpServer(
                r ->
                    r.path().startsWith("/api/")
                        ? Response.json(
                            200,
                            "{\"ok\":false,\"error\":\"invalid_auth "
                                + r.header("Authorization")
                                + "\"}")
                        : r.path().startsWith("/rest/")
                            ? Response.json(
                                401,
                                "{\"errorMessages\":[\"bad credentials: "
                                    + r.header("Authorization")
                                    + "\"]}")
                            : Response.text(
                                r.path().startsWith("/teams") ? 400 : 404,
                                "no_service at " + r.path() + "?" + r.query()));
        Metrics metrics = new Metrics("alerting")) {
      Map<String, String> secrets = new LinkedHashMap<>();
      secrets.put("slack", echo.url() + "/services/T000/B000/SECRETslackPATH0001");
      secrets.put("slackToken", "xoxb-SECRET-slack-token-0002");
      secrets.put("jiraToken", "SECRET-jira-token-0003");
      secrets.put("hook", "http://127.0.0.1:" + closedPort + "/hooks/SECRET-hook-path-0004");
      secrets.put("hookKey", "SECRET-signing-key-0005");
      secrets.put("hookHeader", "Bearer SECRET-header-0006");
      secrets.put("teams", echo.url() + "/teams/workflows/x?sig=SECRET-teams-sig-0007");

      Map<String, ChannelConfig> channels = new LinkedHashMap<>();
      channels.put("slack", ChannelConfig.slackWebhook(Secret.of(secrets.get("slack"))));
      channels.put(
          "bot",
          ChannelConfig.builder("slack-api")
              .baseUrl(echo.url() + "/api")
              .token(Secret.of(secrets.get("slackToken")))
              .channel("C1")
              .build());
      channels.put(
          "jira",
          ChannelConfig.builder("jira")
              .baseUrl(echo.url())
              .user("bot@example.com")
              .token(Secret.of(secrets.get("jiraToken")))
              .project("SEC")
              .build());
      channels.put(
          "hook",
          ChannelConfig.builder("webhook")
              .webhook(Secret.of(secrets.get("hook")))
              .secret(Secret.of(secrets.get("hookKey")))
              .headers(Map.of("Authorization", Secret.of(secrets.get("hookHeader"))))
              .build());
      channels.put(
          "teams", ChannelConfig.builder("teams").webhook(Secret.of(secrets.get("teams"))).build());
      AlertingConfig config =
          AlertingConfig.defaults()
              .withChannels(channels, null)
              .withRetry(
                  new RetryConfig(
                      2, Duration.ofMillis(10), Duration.ofMillis(20), Duration.ofMinutes(1)),
                  CircuitBreakerConfig.defaults());
      config.effectiveRoutes();
      ManualClock clock = new ManualClock(Fixtures.T0);
      InMemoryLog log = new InMemoryLog();
      List<Dispatcher.Outcome> outcomes = new CopyOnWriteArrayList<>();
      var topic = TopicCatalog.local().exposures();
      try (Dispatcher d =
          new Dispatcher(
              Channels.create(channels, System.out, clock),
              channels,
              config.retry(),
              config.circuitBreaker(),
              log,
              log,
              new AlertMetrics(metrics.registry()),
              clock,
              clock.sleeper(),
              topic.name(),
              SerdeFactory.registryFree().value(topic).serializer(),
              outcomes::add)) {
        for (String name : channels.keySet()) {
          d.submit(new TestAlerts(name, channels.get(name)).one(log4shell("shop").build()));
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> outcomes.size() == channels.size());
      }

      assertThat(outcomes).allMatch(o -> o.status() == DeliveryStatus.DEAD);
      List<String> surfaces = new ArrayList<>(logs.lines);
      outcomes.forEach(o -> surfaces.add(o.lastError()));
      log.records.forEach(r -> surfaces.add(r.toString()));
      log.deadLetters.forEach(
          r -> surfaces.add(r.getReason() + " " + r.getErrorClass() + " " + r.getProcessorNode()));
      surfaces.add(metrics.scrape());
      surfaces.add(config.toString());
      assertThat(logs.lines).isNotEmpty();
      assertThat(String.join("\n", surfaces))
          .contains("Slack webhook refused the message: HTTP 404 no_service at [redacted]")
          .contains("Slack chat.postMessage: invalid_auth Bearer [redacted]")
          .contains("Jira refused the credentials (HTTP 401): bad credentials: Basic [redacted]")
          .contains("webhook: connection refused or unreachable")
          .contains("Teams webhook refused the card: HTTP 400 no_service at [redacted]")
          .contains("vigil_alerts_dead_lettered_total{channel=\"teams\",channel_type=\"teams\"");
      for (var s : secrets.entrySet()) {
        String needle = s.getKey().equals("hookHeader") ? "SECRET-header-0006" : s.getValue();
        if (s.getKey().equals("slack") || s.getKey().equals("teams")) {
          needle = needle.substring(needle.indexOf("SECRET"));
        }
        for (String surface : surfaces) {
          assertThat(surface).as("%s must not appear", s.getKey()).doesNotContain(needle);
        }
      }
    }
  }
}
