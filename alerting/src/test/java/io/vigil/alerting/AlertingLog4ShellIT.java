package io.vigil.alerting;

import static io.vigil.alerting.Fixtures.log4shell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.render.JiraContent;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.Quiescence;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.http.JiraStub;
import io.vigil.testkit.http.RecordedRequest;
import io.vigil.testkit.http.SlackWebhookStub;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Log4Shell moment on a real broker: one advisory, 50 projects → one Slack digest and 50 Jira
 * issues; the service is killed mid-delivery, restarted, and the topic replayed from the start by a
 * new consumer group → still one digest and 50 issues; a RESOLVED exposure transitions its issue.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AlertingLog4ShellIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMAIL = "vigil@example.com";
  private static final String TOKEN = "jira-it-token";
  @TempDir Path stateDir;

  @Test
  void shouldSendOneDigestAndFiftyIssuesOnceAcrossACrashAndAReplayAndResolveOnRecovery(
      KafkaBroker broker) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, stateDir);
    try (Admin admin = Admin.create(kafka.admin());
        SlackWebhookStub slack = new SlackWebhookStub();
        JiraStub jira = JiraStub.cloud(EMAIL, TOKEN, "SEC")) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
      jira.latency(
          150); // a distant Jira: the 50 issues take a few seconds, so the crash lands mid-way
      Map<String, ChannelConfig> channels = new LinkedHashMap<>();
      channels.put("slack-sec", ChannelConfig.slackWebhook(Secret.of(slack.webhookUrl())));
      channels.put(
          "jira-sec",
          ChannelConfig.builder("jira")
              .baseUrl(jira.url())
              .user(EMAIL)
              .token(Secret.of(TOKEN))
              .project("SEC")
              .build());
      AlertingConfig cfg =
          AlertingConfig.defaults()
              .withGroupId("alerting-" + prefix)
              .withChannels(channels, null)
              .withWindows(Duration.ofSeconds(30), Duration.ofSeconds(1));

      // 1. the burst: 50 NEW exposures for one advisory
      AlertingService first = new AlertingService(kafka, cfg, System.out).start();
      Instant advisoryIngested = Instant.now();
      try (var producer =
          new KafkaProducer<>(
              kafka.producer("it-producer"),
              new StringSerializer(),
              kafka.serdeFactory().value(kafka.catalog().exposures()).serializer())) {
        for (int i = 0; i < 50; i++) {
          ExposureEvent e =
              log4shell(String.format("project-%02d", i)).triggeredAt(advisoryIngested).build();
          producer.send(
              new ProducerRecord<>(kafka.catalog().exposures().name(), e.getProjectId(), e));
        }
        producer.flush();

        // 2. kill it mid-delivery: the digest is out and recorded, Jira is part-way through
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    slack.requests().size() == 1
                        && jira.issues().size() >= 5
                        && recorded(kafka, "slack-sec|CVE-2021-44228|project-00"));
        first.halt();
        int issuesAtCrash = jira.issues().size();
        assertThat(issuesAtCrash).as("the crash must land mid-delivery").isBetween(5, 49);

        // 3. restart with the same group: the rest is delivered, nothing twice
        AlertingService second = new AlertingService(kafka, cfg, System.out).start();
        await().atMost(Duration.ofSeconds(60)).until(() -> jira.issues().size() == 50);
        assertThat(
                Quiescence.await(
                    admin,
                    List.of(cfg.groupId()),
                    t -> false,
                    Duration.ofMillis(500),
                    Duration.ofSeconds(60)))
            .isTrue();
        second.close();

        // 4. replay the whole topic from the start with a new consumer group
        int requestsBeforeReplay = jira.requests().size();
        AlertingConfig replayCfg = cfg.withGroupId("replay-" + prefix);
        AlertingService replay = new AlertingService(kafka, replayCfg, System.out).start();
        assertThat(
                Quiescence.await(
                    admin,
                    List.of(replayCfg.groupId()),
                    t -> false,
                    Duration.ofMillis(500),
                    Duration.ofSeconds(60)))
            .isTrue();
        assertThat(replay.consumed()).isEqualTo(50);
        assertThat(jira.requests()).hasSize(requestsBeforeReplay);

        assertThat(jira.issues()).hasSize(50);
        assertThat(
                jira.requests().stream()
                    .filter(r -> r.method().equals("POST") && r.path().equals("/rest/api/3/issue")))
            .as("one create per issue, none repeated")
            .hasSize(50);
        Set<String> labels = new HashSet<>();
        for (int i = 0; i < 50; i++) {
          String label =
              JiraContent.stableLabel("CVE-2021-44228", String.format("project-%02d", i));
          assertThat(jira.issuesWithLabel(label)).hasSize(1);
          labels.add(label);
        }
        assertThat(labels).hasSize(50);
        assertThat(slack.requests()).hasSize(1);
        RecordedRequest digest = slack.requests().get(0);
        JsonNode body = JSON.readTree(digest.body());
        assertThat(body.path("text").asText())
            .startsWith(
                "New exposure: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0] — 50 projects: ");
        String sections = body.path("blocks").toString();
        for (int i = 0; i < 50; i++) {
          assertThat(sections).contains(String.format("*project-%02d*", i));
        }

        // 5. project-07 upgrades: its exposure resolves, its issue transitions
        ExposureEvent resolved =
            log4shell("project-07").type(ExposureType.RESOLVED).triggeredAt(Instant.now()).build();
        producer.send(
            new ProducerRecord<>(kafka.catalog().exposures().name(), "project-07", resolved));
        producer.flush();
        String key07 =
            jira.issuesWithLabel(JiraContent.stableLabel("CVE-2021-44228", "project-07"))
                .get(0)
                .key;
        await().atMost(Duration.ofSeconds(60)).until(() -> jira.issue(key07).status.equals("Done"));
        assertThat(jira.issue(key07).transitions).containsExactly("Done");
        assertThat(jira.issues().stream().filter(i -> i.status.equals("Done"))).hasSize(1);
        await().atMost(Duration.ofSeconds(30)).until(() -> slack.requests().size() == 2);
        assertThat(JSON.readTree(slack.requests().get(1).body()).path("text").asText())
            .startsWith(
                "Resolved: CVE-2021-44228 (GHSA-jfh8-c2jp-5v3q) [CRITICAL 10.0] — project-07 no longer ships");
        replay.close();
      }
    }
  }

  private static boolean recorded(KafkaSettings kafka, String alertKey) {
    var r = KafkaDeliveryLog.readAll(kafka, Duration.ofSeconds(10)).get(alertKey);
    return r != null && r.getStatus() == DeliveryStatus.SENT;
  }
}
