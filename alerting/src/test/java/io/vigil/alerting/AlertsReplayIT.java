package io.vigil.alerting;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.alerting.AlertingConfig.CircuitBreakerConfig;
import io.vigil.alerting.AlertingConfig.RetryConfig;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.VigilService;
import io.vigil.testkit.http.JiraStub;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Jira down → alerts dead-lettered after their attempts → Jira back → replayed once, no twice. */
@ExtendWith(KafkaBrokerExtension.class)
class AlertsReplayIT {
  @TempDir Path stateDir;

  @Test
  void shouldDeadLetterWhileJiraIsDownAndReplayEveryAlertOnceItIsBack(KafkaBroker broker)
      throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, stateDir);
    try (Admin admin = Admin.create(kafka.admin());
        JiraStub jira = JiraStub.cloud("bot@example.com", "tok", "SEC")) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
      AlertingConfig cfg =
          AlertingConfig.defaults()
              .withGroupId("alerting-" + prefix)
              .withChannels(
                  Map.of(
                      "jira",
                      ChannelConfig.builder("jira")
                          .baseUrl(jira.url())
                          .user("bot@example.com")
                          .token(Secret.of("tok"))
                          .project("SEC")
                          .build()),
                  null)
              .withWindows(Duration.ofSeconds(30), Duration.ofMillis(500))
              .withRetry(
                  new RetryConfig(
                      2, Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMinutes(1)),
                  new CircuitBreakerConfig(100, Duration.ofSeconds(1)));
      // three alerts × two attempts, each failing at its first request
      jira.failNext(
          6, 503, "{\"errorMessages\":[\"Service Unavailable\"],\"errors\":{}}", Map.of());

      try (AlertingService svc = new AlertingService(kafka, cfg, System.out).start();
          var producer =
              new KafkaProducer<>(
                  kafka.producer("it"),
                  new StringSerializer(),
                  kafka.serdeFactory().value(kafka.catalog().exposures()).serializer())) {
        for (String p : List.of("alpha", "beta", "gamma")) {
          ExposureEvent e = log4shell(p).build();
          producer.send(new ProducerRecord<>(kafka.catalog().exposures().name(), p, e));
        }
        producer.flush();
        await().atMost(Duration.ofSeconds(60)).until(() -> svc.deadLettered() == 3);
      }
      assertThat(jira.issues()).isEmpty();
      List<DeadLetter> dlq = readDlq(kafka);
      assertThat(dlq)
          .hasSize(3)
          .allSatisfy(
              d -> {
                assertThat(d.getReason())
                    .isEqualTo(
                        "jira (jira): Jira search: HTTP 503: Service Unavailable (after 2 attempts)");
                assertThat(d.getAttempts()).isEqualTo(2);
                assertThat(d.getSourceTopic()).isEqualTo(kafka.catalog().exposures().name());
              });
      assertThat(KafkaDeliveryLog.readAll(kafka, Duration.ofSeconds(30)).values())
          .filteredOn(r -> r.getProjectId() != null)
          .hasSize(3)
          .allMatch(r -> r.getStatus() == DeliveryStatus.DEAD);

      ByteArrayOutputStream out = new ByteArrayOutputStream();
      DlqReplay replay =
          new DlqReplay(
              kafka,
              cfg,
              new PrintStream(out, true, StandardCharsets.UTF_8),
              new Metrics("replay"),
              Clock.systemUTC(),
              Sleeper.real());

      DlqReplay.Result first =
          replay.run(null, "replay-" + prefix, false, false, Duration.ofSeconds(60));
      DlqReplay.Result again =
          replay.run(null, "replay-" + prefix, false, false, Duration.ofSeconds(60));
      DlqReplay.Result everything =
          replay.run(null, "replay-" + prefix, true, false, Duration.ofSeconds(60));

      assertThat(first).isEqualTo(new DlqReplay.Result(3, 3, 0, 0));
      assertThat(again).isEqualTo(new DlqReplay.Result(0, 0, 0, 0));
      assertThat(everything).isEqualTo(new DlqReplay.Result(3, 3, 0, 0));
      assertThat(jira.issues()).hasSize(3);
      assertThat(jira.issues())
          .extracting(JiraStub.Issue::summary)
          .allMatch(s -> s.startsWith("CVE-2021-44228 in "));
      assertThat(out.toString(StandardCharsets.UTF_8))
          .contains("replayed jira ")
          .contains(": delivered (1 group(s))");
      assertThat(KafkaDeliveryLog.readAll(kafka, Duration.ofSeconds(30)).values())
          .filteredOn(r -> r.getProjectId() != null)
          .hasSize(3)
          .allSatisfy(
              r -> {
                assertThat(r.getStatus()).isEqualTo(DeliveryStatus.SENT);
                assertThat(r.getExternalId()).startsWith("SEC-");
              });
    }
  }

  private static List<DeadLetter> readDlq(KafkaSettings kafka) {
    var topic = kafka.catalog().deadLetters(VigilService.ALERTING);
    List<DeadLetter> out = new ArrayList<>();
    try (var c =
        new KafkaConsumer<>(
            kafka.consumer("dlq-reader-" + UUID.randomUUID(), "dlq-reader"),
            new StringDeserializer(),
            kafka.serdeFactory().value(topic).deserializer())) {
      c.subscribe(List.of(topic.name()));
      await()
          .atMost(Duration.ofSeconds(30))
          .until(
              () -> {
                c.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                return out.size() >= 3;
              });
    }
    return out;
  }
}
