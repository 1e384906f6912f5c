package io.vigil.alerting;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.http.RecordedRequest;
import io.vigil.testkit.http.SlackWebhookStub;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import io.vigil.testkit.process.ChildJvm;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A crash, not a close: alerting runs in its own JVM and is killed with SIGKILL mid-delivery (three
 * Slack messages posted and recorded, the fourth in flight and not yet taken by Slack, two more
 * waiting their turn), then restarted with the same consumer group. Slack ends up with each of the
 * six messages exactly once: none lost, none sent twice.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AlertingCrashIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VULNERABILITIES = 6;
  private static final int POSTED_BEFORE_CRASH = 3;
  @TempDir Path logs;

  @Test
  void shouldPostEverySlackMessageExactlyOnceWhenTheAlertingJvmIsKilledMidDelivery(
      KafkaBroker broker) throws Exception {
    String prefix = "crash" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, null);
    try (Admin admin = Admin.create(kafka.admin());
        SlackWebhookStub slack = new SlackWebhookStub()) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                TopicAdmin.ensure(admin, kafka.catalog().all());
                return true;
              });
      slack.holdAfter(POSTED_BEFORE_CRASH);
      List<String> args =
          List.of(broker.bootstrapServers(), prefix, "alerting-" + prefix, slack.webhookUrl());
      ChildJvm first = start(args, "first");
      ChildJvm second = null;
      try {
        // six vulnerabilities, each in its own project: six digests, one Slack message each
        // (one lane, one message a second)
        try (var producer =
            new KafkaProducer<>(
                kafka.producer("crash-exposures"),
                new StringSerializer(),
                kafka.serdeFactory().value(kafka.catalog().exposures()).serializer())) {
          for (int i = 0; i < VULNERABILITIES; i++) {
            ExposureEvent e =
                log4shell("project-" + i)
                    .advisory("GHSA-test-000" + i, cve(i), cve(i))
                    .triggeredAt(Instant.now())
                    .build();
            producer.send(
                new ProducerRecord<>(kafka.catalog().exposures().name(), e.getProjectId(), e));
          }
          producer.flush();
        }

        // mid-delivery: three posted and recorded as SENT, the fourth held in flight
        await()
            .atMost(Duration.ofMinutes(2))
            .until(
                () ->
                    slack.messages().size() == POSTED_BEFORE_CRASH
                        && slack.held() == 1
                        && sent(kafka) == POSTED_BEFORE_CRASH);
        first.kill();
        slack.release(); // the held request was never posted: Slack answers the dead client 503
        assertThat(slack.messages()).hasSize(POSTED_BEFORE_CRASH);

        second = start(args, "second");
        await()
            .atMost(Duration.ofMinutes(2))
            .until(() -> slack.messages().size() >= VULNERABILITIES);
        await()
            .during(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(30))
            .until(() -> slack.messages().size() == VULNERABILITIES);

        List<String> expected = new ArrayList<>();
        for (int i = 0; i < VULNERABILITIES; i++) {
          expected.add(cve(i));
        }
        List<String> vulnerabilities = new ArrayList<>();
        for (RecordedRequest m : slack.messages()) {
          // which vulnerability a message is about (whatever its wording)
          String text = JSON.readTree(m.body()).path("text").asText();
          List<String> named = expected.stream().filter(text::contains).toList();
          assertThat(named).as(text).hasSize(1);
          vulnerabilities.addAll(named);
        }
        assertThat(vulnerabilities)
            .as("each message once: none lost, none sent twice")
            .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(vulnerabilities.subList(0, POSTED_BEFORE_CRASH))
            .as("the messages posted before the crash are not sent again")
            .doesNotContainAnyElementsOf(
                vulnerabilities.subList(POSTED_BEFORE_CRASH, VULNERABILITIES));
        assertThat(sent(kafka)).isEqualTo(VULNERABILITIES);
      } catch (AssertionError | RuntimeException e) {
        System.err.println("first alerting:\n" + first.logTail(40));
        if (second != null) {
          System.err.println("second alerting:\n" + second.logTail(40));
        }
        throw e;
      } finally {
        first.close();
        if (second != null) {
          second.stop();
        }
      }
    }
  }

  private ChildJvm start(List<String> args, String name) throws Exception {
    return ChildJvm.start(
        AlertingChild.class, args, "384m", logs.resolve(name + ".log"), Duration.ofMinutes(3));
  }

  private static String cve(int i) {
    return "CVE-2026-1000" + i;
  }

  /** Groups the delivery log records as delivered. */
  private static long sent(KafkaSettings kafka) {
    Map<String, AlertDelivery> log = KafkaDeliveryLog.readAll(kafka, Duration.ofSeconds(10));
    return log.values().stream().filter(d -> d.getStatus() == DeliveryStatus.SENT).count();
  }
}
