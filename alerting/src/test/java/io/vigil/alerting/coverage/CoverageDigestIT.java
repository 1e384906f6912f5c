package io.vigil.alerting.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vigil.alerting.AlertingConfig;
import io.vigil.alerting.AlertingService;
import io.vigil.alerting.ChannelConfig;
import io.vigil.alerting.RouteConfig;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.digest.FixPlanDigestAlertsConfig;
import io.vigil.alerting.digest.FixPlanDigestTest;
import io.vigil.alerting.digest.FixPlanDigestWatch;
import io.vigil.core.schedule.WeeklySlot;
import io.vigil.events.v1.FixPlanPartial;
import io.vigil.events.v1.SbomCoverage;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.http.SlackWebhookStub;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
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
 * The weekly digests on a real broker: the SBOM statuses on {@code vigil.sbom.status.v1}, alerting
 * started just after this week's slot (day and hour set to now) posts the week's coverage digest
 * once to Slack, records it, and a restart does not post it again. The same for the portfolio fix
 * plan: both correlator partitions' partials on {@code vigil.fixplan.partials.v1} make one plan,
 * posted once (whole portfolio and team-a's, whose route names its team), never again after the
 * restart.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CoverageDigestIT {
  @TempDir Path stateDir;

  @Test
  void shouldPostTheWeeksDigestOnceAcrossARestart(KafkaBroker broker) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, stateDir);
    Instant now = Instant.now();
    ZonedDateTime utc = now.atZone(ZoneOffset.UTC);
    try (Admin admin = Admin.create(kafka.admin());
        SlackWebhookStub slack = new SlackWebhookStub()) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
      try (var producer =
          new KafkaProducer<>(
              kafka.producer("it-producer"),
              new StringSerializer(),
              kafka.serdeFactory().value(kafka.catalog().sbomStatus()).serializer())) {
        for (SbomStatus s :
            new SbomStatus[] {
              status("t1", "billing", now.minus(Duration.ofDays(60)), 100, 40, 55),
              status("t2", "shop", now.minus(Duration.ofDays(60)), 200, 10, 70),
              status("t3", "shop", now.minus(Duration.ofDays(1)), 200, 0, 91)
            }) {
          producer.send(
              new ProducerRecord<>(kafka.catalog().sbomStatus().name(), s.getSubmissionId(), s));
        }
        producer.flush();
      }
      try (var producer =
          new KafkaProducer<>(
              kafka.producer("it-producer-fixplan"),
              new StringSerializer(),
              kafka.serdeFactory().value(kafka.catalog().fixPlanPartials()).serializer())) {
        for (int partition = 0; partition < 2; partition++) {
          FixPlanPartial p = FixPlanDigestTest.partial(partition, 2, now);
          producer.send(
              new ProducerRecord<>(kafka.catalog().fixPlanPartials().name(), p.getWeek(), p));
        }
        producer.flush();
      }
      Map<String, ChannelConfig> channels = new LinkedHashMap<>();
      channels.put("sec", ChannelConfig.slackWebhook(Secret.of(slack.webhookUrl())));
      List<RouteConfig> routes =
          List.of(
              new RouteConfig(
                  List.of("sec"),
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  null,
                  List.of("team-a"),
                  null));
      AlertingConfig cfg =
          new AlertingConfig("alerting-" + prefix, null, 0)
              .withChannels(channels, routes)
              .withCoverage(
                  new CoverageAlertsConfig(
                      true, utc.getDayOfWeek(), utc.getHour(), null, null, null))
              .withFixPlanDigest(new FixPlanDigestAlertsConfig(true, null, null, null, null));
      String week =
          WeeklySlot.week(new WeeklySlot(utc.getDayOfWeek(), utc.getHour()).latestAtOrBefore(now));

      try (AlertingService first = new AlertingService(kafka, cfg, System.out).start()) {
        await().atMost(Duration.ofSeconds(60)).until(() -> digests(slack) == 1);
        String text =
            slack.requests().stream()
                .map(r -> r.bodyText())
                .filter(t -> t.contains("SBOM coverage"))
                .findFirst()
                .orElseThrow();
        assertThat(text)
            .contains("SBOM coverage, week " + week + ": 1 of 2 projects stale")
            .contains("stale: billing — last SBOM 60 days ago")
            .contains("without purl: billing — 40 of 100 (40%)")
            .doesNotContain("without purl: shop"); // its newest SBOM has every purl
        await().atMost(Duration.ofSeconds(60)).until(() -> fixPlans(slack) == 2);
        assertThat(slack.requests().stream().map(r -> r.bodyText()))
            .anySatisfy(
                t ->
                    assertThat(t)
                        .contains("Portfolio fix plan, week 2026-W50: 1 upgrade resolves")
                        .contains("to ≥ 2.17.10 in 3 projects"))
            .anySatisfy(t -> assertThat(t).contains("Portfolio fix plan for team team-a"));
        await()
            .atMost(Duration.ofSeconds(30))
            .until(
                () -> {
                  var log = KafkaDeliveryLog.readAll(kafka, Duration.ofSeconds(10));
                  return log.containsKey(CoverageWatch.KEY_PREFIX + week)
                      && log.containsKey(FixPlanDigestWatch.KEY_PREFIX + "2026-W50");
                });
      }
      try (AlertingService second = new AlertingService(kafka, cfg, System.out).start()) {
        await()
            .during(Duration.ofSeconds(5))
            .atMost(Duration.ofSeconds(10))
            .until(() -> digests(slack) == 1 && fixPlans(slack) == 2);
      }
    }
  }

  private static long fixPlans(SlackWebhookStub slack) {
    return slack.requests().stream()
        .filter(r -> r.bodyText().contains("Portfolio fix plan"))
        .count();
  }

  private static long digests(SlackWebhookStub slack) {
    return slack.requests().stream().filter(r -> r.bodyText().contains("SBOM coverage")).count();
  }

  private static SbomStatus status(
      String token, String project, Instant at, int components, int withoutPurl, int score) {
    return SbomStatus.newBuilder()
        .setSubmissionId(token)
        .setProject(project)
        .setProjectId(project)
        .setState(SbomProcessingState.COMPLETED)
        .setComponents(components)
        .setComponentsWithoutPurl(withoutPurl)
        .setReceivedAt(at)
        .setUpdatedAt(at)
        .setCoverage(
            SbomCoverage.newBuilder()
                .setScore(score)
                .setComponents(components)
                .setComponentsWithoutPurl(withoutPurl)
                .build())
        .build();
  }
}
