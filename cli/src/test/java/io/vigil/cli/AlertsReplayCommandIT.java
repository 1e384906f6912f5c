package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.alerting.AlertingConfig;
import io.vigil.alerting.AlertingService;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ExposureAdvisory;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.http.StubHttpServer;
import io.vigil.testkit.http.StubHttpServer.Response;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil alerts replay} re-delivers what the alerting DLQ holds, once. */
@ExtendWith(KafkaBrokerExtension.class)
class AlertsReplayCommandIT {
  @TempDir Path dir;

  @Test
  void shouldRedeliverDeadLetteredAlertsOnceWhenReplayedFromTheCommandLine(KafkaBroker broker)
      throws Exception {
    String prefix = "cli" + UUID.randomUUID().toString().substring(0, 8) + ".";
    int[] status = {500};
    try (StubHttpServer hook =
        new StubHttpServer(r -> Response.text(status[0], "receiver says " + status[0]))) {
      Path config = dir.resolve("vigil.yaml");
      Files.writeString(
          config,
          """
          kafka:
            topicPrefix: "%s"
          alerting:
            groupId: alerting-%s
            quietPeriod: 300ms
            retry: {maxAttempts: 2, initialBackoff: 10ms, maxBackoff: 20ms}
            channels:
              hook:
                type: webhook
                webhook: %s/vigil
          """
              .formatted(prefix, prefix, hook.url()));
      ConfigSource source = ConfigSource.load(config);
      KafkaSettings kafka =
          KafkaSettings.fromConfig(source)
              .withBootstrapServers(broker.bootstrapServers())
              .withStateDir(dir);
      try (Admin admin = Admin.create(kafka.admin())) {
        TopicAdmin.ensure(admin, kafka.catalog().all());
      }
      try (AlertingService svc =
              new AlertingService(kafka, source.bind("alerting", AlertingConfig.class), System.out)
                  .start();
          var producer =
              new KafkaProducer<>(
                  kafka.producer("cli-it"),
                  new StringSerializer(),
                  kafka.serdeFactory().value(kafka.catalog().exposures()).serializer())) {
        producer.send(
            new ProducerRecord<>(kafka.catalog().exposures().name(), "shop", exposure("shop")));
        producer.flush();
        await().until(() -> svc.deadLettered() == 1);
      }
      assertThat(hook.requests()).hasSize(2);
      status[0] = 204;
      String[] common = {
        "alerts", "replay", "-b", broker.bootstrapServers(), "-c", config.toString()
      };

      Run dry = run(concat(common, "--dry-run"));
      Run real = run(common);
      Run nothingLeft = run(common);

      assertThat(dry.exit()).isZero();
      assertThat(dry.out())
          .contains("would replay hook ")
          .contains("(DIGEST, 1 group(s), 2 attempt(s) so far)");
      assertThat(real.exit()).isZero();
      assertThat(real.out())
          .contains("vigil alerts replay: 1 alert(s): 1 delivered, 0 failed again, 0 skipped");
      assertThat(nothingLeft.out()).contains("vigil alerts replay: 0 alert(s): 0 delivered");
      assertThat(hook.requests()).hasSize(3);
      var delivered = hook.requests().get(2);
      assertThat(delivered.header("X-Vigil-Delivery"))
          .isEqualTo(hook.requests().get(0).header("X-Vigil-Delivery"));
      assertThat(delivered.bodyText())
          .contains("\"project\":\"shop\"")
          .contains("\"id\":\"CVE-2021-44228\"");
    }
  }

  private record Run(int exit, String out) {}

  private static Run run(String... args) {
    PrintStream old = System.out;
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    System.setOut(new PrintStream(buf, true, StandardCharsets.UTF_8));
    try {
      int exit = Main.commandLine().execute(args);
      return new Run(exit, buf.toString(StandardCharsets.UTF_8));
    } finally {
      System.setOut(old);
    }
  }

  private static String[] concat(String[] a, String... b) {
    String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private static ExposureEvent exposure(String project) {
    Instant now = Instant.now();
    return ExposureEvent.newBuilder()
        .setEventId(project + "-e1")
        .setExposureId(project + "-x1")
        .setType(ExposureType.NEW)
        .setCause(ExposureCause.NEW_ADVISORY)
        .setProjectId(project)
        .setProject(project)
        .setComponent(
            Component.newBuilder()
                .setPurl("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
                .setName("log4j-core")
                .setVersion("2.14.1")
                .build())
        .setAdvisory(
            ExposureAdvisory.newBuilder()
                .setId("GHSA-jfh8-c2jp-5v3q")
                .setAliases(List.of("CVE-2021-44228"))
                .setVulnerabilityId("CVE-2021-44228")
                .setSeverity("CRITICAL")
                .build())
        .setFixedVersions(List.of("2.15.0"))
        .setSmallestFix("2.15.0")
        .setTriggeredAt(now)
        .setEmittedAt(now)
        .build();
  }
}
