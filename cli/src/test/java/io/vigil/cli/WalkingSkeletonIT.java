package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.advisories.OsvSource;
import io.vigil.alerting.AlertingConfig;
import io.vigil.cli.demo.Pipeline;
import io.vigil.core.triage.AnalysisKeys;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.PurlPattern;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.AnalysisScopeKind;
import io.vigil.events.v1.AnalysisState;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.FeedState;
import io.vigil.events.v1.FeedStatus;
import io.vigil.events.v1.VexJustification;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.testkit.http.RecordedRequest;
import io.vigil.testkit.http.SlackWebhookStub;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path on a real broker: SBOM over HTTP → advisory → exposure on the topic → one Slack
 * POST; then triage: a decision suppresses it (and a later project's) without a message, and its
 * deletion alerts both once. A malicious package skips a 2-minute digest; a stale feed is told.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WalkingSkeletonIT {
  @TempDir Path stateDir;

  @Test
  void shouldTurnAnSbomAndAnAdvisoryIntoOneExposureAndOneSlackMessage(KafkaBroker broker)
      throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(
            broker.bootstrapServers(), java.util.Map.of(), prefix, (short) 1, null, stateDir);
    try (SlackWebhookStub slack = new SlackWebhookStub();
        Pipeline pipeline =
            Pipeline.start(
                kafka,
                new CorrelatorConfig(null, 2, 1, 0),
                new AlertingConfig("alerting-" + prefix, Secret.of(slack.webhookUrl()), 0),
                System.out)) {
      HttpResponse<String> upload =
          HttpClient.newHttpClient()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              pipeline.sbomUrl() + "/api/v1/sbom?project=demo-shop&version=1.4.2"))
                      .POST(
                          HttpRequest.BodyPublishers.ofByteArray(
                              resource("/samples/sbom/demo-shop.cdx.json")))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).isEqualTo(202);
      assertThat(upload.body()).contains("\"components\":5");

      pipeline
          .advisories()
          .publishRecords(
              List.of(
                  new OsvSource.RawRecord(
                      "GHSA-jfh8-c2jp-5v3q.json",
                      resource("/samples/advisories/GHSA-jfh8-c2jp-5v3q.json"))),
              Feed.OSV);

      List<ExposureEvent> exposures = new ArrayList<>();
      try (var consumer =
          new KafkaConsumer<>(
              kafka.consumer("reader-" + prefix, "reader"),
              new StringDeserializer(),
              kafka.serdeFactory().value(kafka.catalog().exposures()))) {
        consumer.subscribe(List.of(kafka.catalog().exposures().name()));
        await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () -> {
                  consumer.poll(Duration.ofMillis(200)).forEach(r -> exposures.add(r.value()));
                  return !exposures.isEmpty();
                });
      }
      assertThat(exposures)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.getType()).isEqualTo(ExposureType.NEW);
                assertThat(e.getProject()).isEqualTo("demo-shop");
                assertThat(e.getComponent().getPurl())
                    .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
                assertThat(e.getAdvisory().getId()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
              });

      await().atMost(Duration.ofSeconds(30)).until(() -> !slack.requests().isEmpty());
      assertThat(pipeline.awaitQuiescent(Duration.ofSeconds(30))).isTrue();
      RecordedRequest post = slack.requests().get(0);
      assertThat(slack.requests()).hasSize(1);
      assertThat(post.method()).isEqualTo("POST");
      assertThat(post.path()).isEqualTo(SlackWebhookStub.PATH);
      assertThat(post.header("Content-Type")).startsWith("application/json");
      JsonNode body = new ObjectMapper().readTree(post.body());
      assertThat(body.path("text").asText())
          .contains("CVE-2021-44228")
          .contains("demo-shop")
          .contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")
          .contains("upgrade to 2.15.0");
      assertThat(body.path("blocks").get(0).path("type").asText()).isEqualTo("header");
      assertThat(body.path("blocks").get(1).path("text").path("text").asText())
          .contains("*Project:* demo-shop");

      // triage (issue 15): "not affected" for log4j-core everywhere suppresses the open exposure
      // and the one of a project that ships it later, without a message; deleting the decision
      // alerts both again, once
      String analyses = kafka.catalog().analyses().name();
      AnalysisScope log4jEverywhere =
          AnalysisScope.portfolio(
              PurlPattern.parse("pkg:maven/org.apache.logging.log4j/log4j-core"));
      String key = AnalysisKeys.encode(log4jEverywhere, "CVE-2021-44228");
      Analysis notAffected =
          Analysis.newBuilder()
              .setKey(key)
              .setScope(
                  new io.vigil.events.v1.AnalysisScope(
                      AnalysisScopeKind.PORTFOLIO,
                      null,
                      null,
                      log4jEverywhere.component().asString()))
              .setVulnerabilityId("CVE-2021-44228")
              .setState(AnalysisState.NOT_AFFECTED)
              .setJustification(VexJustification.VULNERABLE_CODE_NOT_IN_EXECUTE_PATH)
              .setAuthor("it")
              .setDecidedAt(Instant.now())
              .build();
      try (var producer =
          new KafkaProducer<>(
              kafka.producer("triage-" + prefix),
              new StringSerializer(),
              kafka.serdeFactory().value(kafka.catalog().analyses()).serializer())) {
        producer.send(new ProducerRecord<>(analyses, key, notAffected)).get();
        assertThat(upload(pipeline, "other-shop").statusCode()).isEqualTo(202);
        assertThat(readExposures(kafka, prefix, 3))
            .extracting(e -> e.getProject() + " " + e.getType())
            .containsExactlyInAnyOrder(
                "demo-shop NEW", "demo-shop SUPPRESSED", "other-shop SUPPRESSED");
        assertThat(pipeline.awaitQuiescent(Duration.ofSeconds(30))).isTrue();
        assertThat(slack.requests()).hasSize(1);

        producer.send(new ProducerRecord<>(analyses, key, null)).get();
        await()
            .atMost(Duration.ofSeconds(30))
            .until(() -> told(slack, "demo-shop") == 1 && told(slack, "other-shop") == 1);
        assertThat(pipeline.awaitQuiescent(Duration.ofSeconds(30))).isTrue();
      }
      assertThat(readExposures(kafka, prefix, 5))
          .extracting(e -> e.getProject() + " " + e.getType())
          .containsExactlyInAnyOrder(
              "demo-shop NEW",
              "demo-shop SUPPRESSED",
              "other-shop SUPPRESSED",
              "demo-shop UNSUPPRESSED",
              "other-shop UNSUPPRESSED");
      assertThat(told(slack, "demo-shop")).isEqualTo(1);
      assertThat(told(slack, "other-shop")).isEqualTo(1);
      assertThat(slack.requests().subList(1, slack.requests().size()))
          .allSatisfy(r -> assertThat(r.bodyText()).contains("New exposure: CVE-2021-44228"));
    }
  }

  /**
   * Issue 17: a malicious-package record (the real MAL-2023-462, fsevents) reaches Slack at once
   * while digests are configured at 2 minutes: the Log4Shell digest of the same SBOM, published
   * first, is still waiting when the MAL message arrives (the await's bound, 90 s, is under the
   * window, so it cannot have gone through the digest). The latency itself is measured in bench
   * (bench/README.md, "Malicious package to Slack"), not asserted here. Then a stale feed status on
   * vigil.feeds.status.v1 becomes one FEED_STALE message.
   */
  @Test
  void shouldSendAMaliciousPackageAtOnceWhileDigestsWaitTwoMinutesAndTellAStaleFeed(
      KafkaBroker broker) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(
            broker.bootstrapServers(), java.util.Map.of(), prefix, (short) 1, null, stateDir);
    Duration twoMinutes = Duration.ofMinutes(2);
    try (SlackWebhookStub slack = new SlackWebhookStub();
        Pipeline pipeline =
            Pipeline.start(
                kafka,
                new CorrelatorConfig(null, 2, 1, 0),
                new AlertingConfig("alerting-" + prefix, Secret.of(slack.webhookUrl()), 0)
                    .withWindows(twoMinutes, twoMinutes),
                System.out)) {
      // three projects ship the same two packages: each is systemic (3 of 3 projects)
      for (String project : List.of("build-tools", "build-agent", "release-tools")) {
        HttpResponse<String> upload =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(
                                pipeline.sbomUrl()
                                    + "/api/v1/sbom?project="
                                    + project
                                    + "&version=1.0.0"))
                        .POST(
                            HttpRequest.BodyPublishers.ofByteArray(
                                resource("/scan/build-tools.cdx.json")))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(upload.statusCode()).isEqualTo(202);
      }
      // the SBOM's first inventory is summarised in a (2-minute) batch too: the advisories come
      // after it, as news
      pipeline
          .advisories()
          .publishRecords(
              List.of(
                  new OsvSource.RawRecord(
                      "GHSA-jfh8-c2jp-5v3q.json",
                      resource("/samples/advisories/GHSA-jfh8-c2jp-5v3q.json"))),
              Feed.OSV);
      pipeline
          .advisories()
          .publishRecords(
              List.of(
                  new OsvSource.RawRecord(
                      "MAL-2023-462.json", resource("/scan/MAL-2023-462.json"))),
              Feed.OSV);

      // each project's exposure to the MAL record is sent at once (the first may go alone)
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                String mal = malicious(slack);
                return mal.contains("build-tools")
                    && mal.contains("build-agent")
                    && mal.contains("release-tools");
              });
      assertThat(slack.requests())
          .as("the Log4Shell digest still waits for its 2-minute window")
          .noneMatch(
              r -> r.bodyText().contains("CVE-2021-44228") && !r.bodyText().contains("SYSTEMIC"));
      assertThat(malicious(slack))
          .contains("pkg:npm/fsevents@1.2.9")
          .contains("Malicious package: Remove the package");

      // Log4Shell hits a package every project ships: one SYSTEMIC notice, not held by the digest
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () ->
                  slack.requests().stream()
                      .anyMatch(r -> r.bodyText().contains("SYSTEMIC: CVE-2021-44228 hits")));
      assertThat(slack.requests())
          .filteredOn(r -> r.bodyText().contains("SYSTEMIC: CVE-2021-44228 hits"))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.bodyText())
                      .contains("shipped by 3 of 3 projects (100%)")
                      .contains("fix: upgrade log4j-core to ≥ 2.")
                      .contains("affected: 3 projects")
                      .contains("1 versions: 2.14.1 (3)"));

      // a stale feed: EPSS's newest scores are 3 days old (it publishes daily)
      Instant now = Instant.now();
      FeedStatus staleEpss =
          FeedStatus.newBuilder()
              .setSource("epss")
              .setState(FeedState.STALE)
              .setReasons(List.of("newest record 3d old, the feed publishes about every 1d"))
              .setLastSuccessAt(now.minusSeconds(60))
              .setNewestRecordAt(now.minus(Duration.ofDays(3)))
              .setExpectedCadenceSeconds(86_400)
              .setCheckedAt(now)
              .build();
      try (var producer =
          new KafkaProducer<>(
              kafka.producer("feeds-" + prefix),
              new StringSerializer(),
              kafka.serdeFactory().value(kafka.catalog().feedStatus()).serializer())) {
        producer
            .send(new ProducerRecord<>(kafka.catalog().feedStatus().name(), "epss", staleEpss))
            .get();
        // the writer says it again a minute later: the same episode, no second message
        producer
            .send(
                new ProducerRecord<>(
                    kafka.catalog().feedStatus().name(),
                    "epss",
                    FeedStatus.newBuilder(staleEpss).setCheckedAt(now.plusSeconds(60)).build()))
            .get();
      }
      await().atMost(Duration.ofSeconds(30)).until(() -> stale(slack, "epss") == 1);
      assertThat(slack.requests())
          .filteredOn(r -> r.bodyText().contains("FEED_STALE"))
          .singleElement()
          .satisfies(
              r ->
                  assertThat(r.bodyText())
                      .contains("newest record 3d old, the feed publishes about every 1d"));
    }
  }

  /** The texts of the exposure alerts about MAL-2023-462 (not the SYSTEMIC notice), joined. */
  private static String malicious(SlackWebhookStub slack) {
    return String.join(
        "\n",
        slack.requests().stream()
            .map(RecordedRequest::bodyText)
            .filter(t -> t.contains("MAL-2023-462") && !t.contains("SYSTEMIC"))
            .toList());
  }

  private static long stale(SlackWebhookStub slack, String source) {
    return slack.requests().stream()
        .filter(r -> r.bodyText().contains("FEED_STALE: advisory feed " + source + " is stale"))
        .count();
  }

  /** How many Slack messages after the first name the project. */
  private static long told(SlackWebhookStub slack, String project) {
    List<RecordedRequest> all = slack.requests();
    return all.subList(1, all.size()).stream().filter(r -> r.bodyText().contains(project)).count();
  }

  private static HttpResponse<String> upload(Pipeline pipeline, String project) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        pipeline.sbomUrl() + "/api/v1/sbom?project=" + project + "&version=1"))
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        resource("/samples/sbom/demo-shop.cdx.json")))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  /** The exposure events from the start of the topic, once there are {@code count} of them. */
  private static List<ExposureEvent> readExposures(KafkaSettings kafka, String prefix, int count) {
    List<ExposureEvent> out = new ArrayList<>();
    try (var consumer =
        new KafkaConsumer<>(
            kafka.consumer("reader-" + UUID.randomUUID() + prefix, "reader"),
            new StringDeserializer(),
            kafka.serdeFactory().value(kafka.catalog().exposures()))) {
      consumer.subscribe(List.of(kafka.catalog().exposures().name()));
      await()
          .atMost(Duration.ofSeconds(60))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> out.add(r.value()));
                return out.size() >= count;
              });
    }
    return out;
  }

  @Test
  void shouldRunTheDemoOnceAndPostEveryMessageToTheGivenWebhook(@TempDir Path tmp)
      throws Exception {
    try (SlackWebhookStub slack = new SlackWebhookStub()) {
      Path out = tmp.resolve("exposures.jsonl");

      int exit =
          Main.commandLine()
              .execute(
                  "demo",
                  "--once",
                  "--slack-webhook",
                  slack.webhookUrl(),
                  "--exposures-out",
                  out.toString());

      assertThat(exit).isZero();
      // the SBOM arrives after the advisories: its first inventory is one summary, not 4 alerts
      assertThat(slack.requests()).hasSize(1);
      JsonNode summary = new ObjectMapper().readTree(slack.requests().get(0).body());
      assertThat(summary.path("text").asText())
          .startsWith("First SBOM of demo-shop: 4 vulnerabilities in 1 component")
          .contains("CVE-2021-44228")
          .contains("CVE-2021-45046")
          .contains("CVE-2021-45105")
          .contains("CVE-2021-44832")
          .contains("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
      assertThat(summary.path("blocks").get(0).path("text").path("text").asText())
          .isEqualTo("First SBOM of demo-shop: 4 vulnerabilities");
      List<String> lines = Files.readAllLines(out);
      assertThat(lines).hasSize(4);
      assertThat(lines)
          .allSatisfy(
              l ->
                  assertThat(l).contains("\"type\":\"NEW\"").contains("\"project\":\"demo-shop\""));
      assertThat(String.join("\n", lines))
          .contains("\"advisory\":\"GHSA-jfh8-c2jp-5v3q\"")
          .contains("\"aliases\":[\"CVE-2021-44228\"]");
    }
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = WalkingSkeletonIT.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
