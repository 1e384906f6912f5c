package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import io.vigil.testkit.tls.SelfSignedTls;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API of two correlator instances on a real broker: behind API keys and HTTPS, either
 * instance answers the same whole result (each asks the other for the partitions it owns, over
 * HTTPS with the internal key); and when an owner cannot be reached the answer is 503 naming the
 * partitions missing, never a shorter list.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CorrelatorQueryClusterIT {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String USER_KEY = "security-team-key-0123456789";
  private static final String INTERNAL_KEY = "internal-key-0123456789abcdef";
  private static final String GHSA = "GHSA-jfh8-c2jp-5v3q";
  private static final int PARTITIONS = 4;
  private static final int SHARDS = 4;
  private static final int PROJECTS = 40;
  private static final int EXPOSED = 30;
  @TempDir Path dirA;
  @TempDir Path dirB;
  @TempDir Path tlsDir;

  @Test
  void shouldAnswerTheSameWholeResultFromEitherInstanceBehindApiKeysAndTls(KafkaBroker broker)
      throws Exception {
    SelfSignedTls pki = SelfSignedTls.create(tlsDir, "changeit-123");
    HttpSecurity security =
        new HttpSecurity(
            Map.of("security-team", Secret.of(USER_KEY)),
            false,
            new HttpSecurity.Tls(
                pki.keyStore().toString(),
                Secret.of(pki.password()),
                null,
                pki.trustStore().toString(),
                Secret.of(pki.password()),
                null),
            Secret.of(INTERNAL_KEY));
    KafkaSettings kafka = kafka(broker);
    CorrelatorConfig config = config("127.0.0.1");
    CorrelatorService a = null;
    CorrelatorService b = null;
    try {
      a = new CorrelatorService(kafka.withStateDir(dirA), config, null, security).start();
      b = new CorrelatorService(kafka.withStateDir(dirB), config, null, security).start();
      loadLog4ShellAndItsUsers(kafka);
      awaitBothOwnExposurePartitions(a, b);
      HttpClient https = HttpClient.newBuilder().sslContext(trusting(pki)).build();

      List<List<JsonNode>> blast = new ArrayList<>();
      List<List<JsonNode>> users = new ArrayList<>();
      for (CorrelatorService s : List.of(a, b)) {
        assertThat(s.url()).startsWith("https://");
        blast.add(pages(https, s.url() + "/api/v1/advisories/" + GHSA + "/exposures?limit=7"));
        users.add(
            pages(
                https,
                s.url()
                    + "/api/v1/packages/"
                    + URLEncoder.encode(LOG4J_PURL + "2.14.1", StandardCharsets.UTF_8)
                    + "/projects?limit=9"));
        for (int i = 0; i < PROJECTS; i++) {
          List<JsonNode> project =
              pages(https, s.url() + "/api/v1/projects/" + project(i) + "/exposures?limit=5");
          assertThat(project).hasSize(i < EXPOSED ? 1 : 0);
        }
      }

      Set<String> expected = new TreeSet<>();
      for (int i = 0; i < EXPOSED; i++) {
        expected.add(project(i));
      }
      assertThat(blast.get(0)).extracting(n -> n.path("project").asText()).isSorted();
      assertThat(new TreeSet<>(blast.get(0).stream().map(n -> n.path("project").asText()).toList()))
          .isEqualTo(expected);
      assertThat(blast.get(0)).hasSize(EXPOSED).isEqualTo(blast.get(1));
      assertThat(users.get(0)).hasSize(PROJECTS).isEqualTo(users.get(1));
      // a project's inventory gathers its components from every partition, with their exposures
      // (its npm components went to other shards than log4j's: awaited, not assumed processed)
      List<CorrelatorService> both = List.of(a, b);
      await()
          .atMost(Duration.ofSeconds(60))
          .untilAsserted(
              () -> {
                List<List<JsonNode>> inventories = new ArrayList<>();
                for (CorrelatorService s : both) {
                  inventories.add(
                      pages(
                          https,
                          s.url() + "/api/v1/projects/" + project(0) + "/components?limit=3"));
                }
                assertThat(inventories.get(0))
                    .hasSize(9)
                    .isEqualTo(inventories.get(1))
                    .extracting(n -> n.path("purl").asText())
                    .isSorted();
                assertThat(inventories.get(0))
                    .filteredOn(n -> n.path("purl").asText().startsWith(LOG4J_PURL))
                    .singleElement()
                    .satisfies(
                        n ->
                            assertThat(n.path("exposures").get(0).path("advisory").asText())
                                .isEqualTo(GHSA));
              });
      // the fix plan gathers the project's exposures from both instances, as JSON and Markdown
      List<JsonNode> plans = new ArrayList<>();
      for (CorrelatorService s : List.of(a, b)) {
        HttpResponse<String> plan =
            get(
                https,
                s.url() + "/api/v1/projects/" + project(0) + "/fix-plan",
                "X-Api-Key",
                USER_KEY);
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        plans.add(JSON.readTree(plan.body()));
      }
      assertThat(plans.get(0)).isEqualTo(plans.get(1));
      assertThat(plans.get(0).path("actions").get(0).path("upgradeTo").asText())
          .isEqualTo("2.15.0");
      assertThat(plans.get(0).path("open").path("critical").asInt()).isEqualTo(1);
      HttpResponse<String> markdown =
          get(
              https,
              b.url() + "/api/v1/projects/" + project(0) + "/fix-plan?format=markdown",
              "X-Api-Key",
              USER_KEY);
      assertThat(markdown.headers().firstValue("Content-Type"))
          .hasValueSatisfying(t -> assertThat(t).startsWith("text/markdown"));
      assertThat(markdown.body()).startsWith("# Fix plan for " + project(0) + "\n");
      // the portfolio fix plan folds every partition of both instances: log4j-core's 30 exposed
      // projects lie in all four shards, so in partitions that each instance owns
      List<JsonNode> portfolio = new ArrayList<>();
      for (CorrelatorService s : List.of(a, b)) {
        HttpResponse<String> plan =
            get(https, s.url() + "/api/v1/fix-plan?top=5", "X-Api-Key", USER_KEY);
        assertThat(plan.statusCode()).as(plan.body()).isEqualTo(200);
        portfolio.add(JSON.readTree(plan.body()));
      }
      assertThat(portfolio.get(0)).isEqualTo(portfolio.get(1));
      assertThat(portfolio.get(0).path("projects").asInt()).isEqualTo(EXPOSED);
      JsonNode upgrade = portfolio.get(0).path("upgrades").get(0);
      assertThat(upgrade.path("package").asText())
          .isEqualTo(PackageKeys.ofPurl(LOG4J_PURL + "2.14.1"));
      assertThat(upgrade.path("upgradeTo").asText()).isEqualTo("2.15.0");
      assertThat(upgrade.path("projects").asInt()).isEqualTo(EXPOSED);
      assertThat(upgrade.path("resolves").path("critical").asInt()).isEqualTo(EXPOSED);
      // overdue exposures, gathered alike: in 2030 every exposure is past its due date
      List<JsonNode> overdue = new ArrayList<>();
      for (CorrelatorService s : List.of(a, b)) {
        HttpResponse<String> answer =
            get(
                https,
                s.url() + "/api/v1/remediation/overdue?limit=10&asOf=2030-01-01T00:00:00Z",
                "X-Api-Key",
                USER_KEY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        overdue.add(JSON.readTree(answer.body()));
      }
      assertThat(overdue.get(0)).isEqualTo(overdue.get(1));
      assertThat(overdue.get(0).path("overdue").asInt()).isEqualTo(EXPOSED);
      assertThat(overdue.get(0).path("exposures")).hasSize(10);
      // the history routes gather every partition alike: time to fix (nothing fixed yet) the same
      // from both; the trend whole from both (its counts may be taken between the two calls)
      List<JsonNode> fixes = new ArrayList<>();
      for (CorrelatorService s : List.of(a, b)) {
        HttpResponse<String> answer =
            get(https, s.url() + "/api/v1/remediation/time-to-fix", "X-Api-Key", USER_KEY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        fixes.add(JSON.readTree(answer.body()));
        HttpResponse<String> trend =
            get(https, s.url() + "/api/v1/exposures/trend?days=7", "X-Api-Key", USER_KEY);
        assertThat(trend.statusCode()).as(trend.body()).isEqualTo(200);
        assertThat(JSON.readTree(trend.body()).path("days")).hasSize(7);
      }
      assertThat(fixes.get(0)).isEqualTo(fixes.get(1));
      assertThat(fixes.get(0).path("all").path("fixed").asInt()).isZero();
      // the KEV evidence export, gathered alike
      List<JsonNode> evidence = new ArrayList<>();
      for (CorrelatorService s : List.of(a, b)) {
        HttpResponse<String> answer =
            get(https, s.url() + "/api/v1/kev/CVE-2021-44228/evidence", "X-Api-Key", USER_KEY);
        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        evidence.add(JSON.readTree(answer.body()));
      }
      assertThat(evidence.get(0).path("affected")).isEqualTo(evidence.get(1).path("affected"));
      assertThat(evidence.get(0).path("summary").path("products").asInt()).isEqualTo(EXPOSED);
      assertThat(evidence.get(0).path("summary").path("open").asInt()).isEqualTo(EXPOSED);
      // the API keys hold on every route; the internal key opens only the internal ones
      String url = a.url() + "/api/v1/advisories/" + GHSA + "/exposures";
      assertThat(get(https, url).statusCode()).isEqualTo(401);
      assertThat(get(https, url, "X-Api-Key", INTERNAL_KEY).statusCode()).isEqualTo(401);
      String internal = a.url() + "/internal/v1/advisories/" + GHSA + "/packages";
      assertThat(get(https, internal).statusCode()).isEqualTo(401);
      assertThat(get(https, internal, "X-Api-Key", INTERNAL_KEY).statusCode()).isNotEqualTo(401);
      // and the API speaks HTTPS only
      CorrelatorService plain = a;
      assertThatThrownBy(
              () ->
                  get(
                      HttpClient.newHttpClient(),
                      plain.url().replace("https://", "http://") + "/health/live"))
          .isInstanceOf(java.io.IOException.class);
    } finally {
      close(a, b);
    }
  }

  @Test
  void shouldAnswer503NamingTheMissingPartitionsWhenTheirOwnerCannotBeReached(KafkaBroker broker)
      throws Exception {
    HttpSecurity security =
        new HttpSecurity(Map.of("security-team", Secret.of(USER_KEY)), false, null);
    KafkaSettings kafka = kafka(broker);
    CorrelatorService a = null;
    CorrelatorService b = null;
    try {
      a = new CorrelatorService(kafka.withStateDir(dirA), config("127.0.0.1"), null, security);
      a.start();
      // B advertises an address nobody can reach (.invalid never resolves, RFC 6761)
      b =
          new CorrelatorService(
              kafka.withStateDir(dirB), config("unreachable.invalid"), null, security);
      b.start();
      loadLog4ShellAndItsUsers(kafka);
      awaitBothOwnExposurePartitions(a, b);
      HttpClient http = HttpClient.newHttpClient();
      Set<Integer> ownedByB = exposurePartitions(b);
      assertThat(ownedByB).isNotEmpty().hasSizeLessThan(PARTITIONS);

      HttpResponse<String> project =
          get(
              http,
              a.url() + "/api/v1/projects/" + project(1) + "/exposures",
              "X-Api-Key",
              USER_KEY);
      HttpResponse<String> blast =
          get(http, a.url() + "/api/v1/advisories/" + GHSA + "/exposures", "X-Api-Key", USER_KEY);

      assertThat(project.statusCode()).as(project.body()).isEqualTo(503);
      JsonNode error = JSON.readTree(project.body());
      assertThat(error.path("error").asText()).isEqualTo("unavailable");
      assertThat(error.path("message").asText()).contains("unreachable.invalid").contains("retry");
      assertThat(error.path("details").path("store").asText())
          .isEqualTo(CorrelatorTopology.EXPOSURES_STORE);
      assertThat(partitions(error)).isEqualTo(ownedByB);
      // the blast radius needs the advisory's partition (its packages), then the partitions of
      // log4j-core's shards; which of them B owns is up to murmur2 and the assignor
      JsonNode blastBody = JSON.readTree(blast.body());
      String advisories = kafka.catalog().advisories().name();
      int advisoryPartition = partitionOf(GHSA, partitionCount(kafka, advisories));
      Set<Integer> shardPartitionsOfB = new TreeSet<>();
      String packageKey = PackageKeys.ofPurl(LOG4J_PURL + "2.14.1");
      for (int s = 0; s < SHARDS; s++) {
        int partition = partitionOf(StoreKeys.shardKey(packageKey, s), PARTITIONS);
        if (ownedByB.contains(partition)) {
          shardPartitionsOfB.add(partition);
        }
      }
      if (ownedPartitions(b, advisories).contains(advisoryPartition)) {
        assertThat(blast.statusCode()).as(blast.body()).isEqualTo(503);
        assertThat(blastBody.path("details").path("store").asText())
            .isEqualTo(CorrelatorTopology.ADVISORY_LINKS_STORE);
        assertThat(partitions(blastBody)).containsExactly(advisoryPartition);
      } else if (!shardPartitionsOfB.isEmpty()) {
        assertThat(blast.statusCode()).as(blast.body()).isEqualTo(503);
        assertThat(blastBody.path("details").path("store").asText())
            .isEqualTo(CorrelatorTopology.COMPONENTS_STORE);
        assertThat(partitions(blastBody)).isEqualTo(shardPartitionsOfB);
      } else {
        assertThat(blast.statusCode()).as(blast.body()).isEqualTo(200);
        assertThat(blastBody.path("count").asInt()).isEqualTo(EXPOSED);
      }
      // B itself reaches A: its own address is only wrong for the others
      List<JsonNode> fromB =
          pages(http, b.url() + "/api/v1/projects/" + project(1) + "/exposures?limit=5");
      assertThat(fromB).hasSize(1);
    } finally {
      close(a, b);
    }
  }

  // ------------------------------------------------------------------ helpers

  private static KafkaSettings kafka(KafkaBroker broker) throws Exception {
    String prefix = "q" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, null);
    try (Admin admin = Admin.create(kafka.admin())) {
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                TopicAdmin.ensure(admin, kafka.catalog().all());
                return true;
              });
    }
    return kafka;
  }

  private static CorrelatorConfig config(String advertisedHost) {
    return new CorrelatorConfig(null, PARTITIONS, 1, 0, advertisedHost, SHARDS, 16, 4, null);
  }

  private static String project(int i) {
    return String.format("p%02d", i);
  }

  /** 40 projects ship log4j-core, 30 of them an affected version; then Log4Shell lands. */
  private static void loadLog4ShellAndItsUsers(KafkaSettings kafka) throws Exception {
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    try (var components =
            new KafkaProducer<>(
                kafka.producer("q-components"),
                new StringSerializer(),
                serdes.value(topics.components()));
        var advisories =
            new KafkaProducer<>(
                kafka.producer("q-advisories"),
                new StringSerializer(),
                serdes.value(topics.advisories()));
        var consumer =
            new KafkaConsumer<>(
                kafka.consumer("reader-" + kafka.topicPrefix(), "reader"),
                new StringDeserializer(),
                serdes.value(topics.exposures()))) {
      consumer.subscribe(List.of(topics.exposures().name()));
      for (int i = 0; i < PROJECTS; i++) {
        String purl = LOG4J_PURL + (i < EXPOSED ? "2.14.1" : "2.17.1");
        ComponentEvent c = Fixtures.component(project(i), purl, ComponentChange.ADDED, "s1");
        components.send(new ProducerRecord<>(topics.components().name(), project(i), c));
      }
      // project 0 ships more packages, whose shards spread over both instances' partitions
      for (int k = 0; k < 8; k++) {
        ComponentEvent c =
            Fixtures.component(
                project(0), "pkg:npm/dep-" + k + "@1.0.0", ComponentChange.ADDED, "s1");
        components.send(new ProducerRecord<>(topics.components().name(), project(0), c));
      }
      components.flush();
      Advisory log4shell = Fixtures.log4shell(T0, "2.0", "2.15.0");
      advisories.send(
          new ProducerRecord<>(topics.advisories().name(), log4shell.getId(), log4shell));
      advisories.flush();
      List<ExposureEvent> seen = new ArrayList<>();
      await()
          .atMost(Duration.ofMinutes(5))
          .until(
              () -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.size() >= EXPOSED;
              });
    }
  }

  /** Waits until both instances run and each owns some partitions of the exposures store. */
  private static void awaitBothOwnExposurePartitions(CorrelatorService a, CorrelatorService b) {
    await()
        .atMost(Duration.ofSeconds(120))
        .until(
            () ->
                a.streams().state() == KafkaStreams.State.RUNNING
                    && b.streams().state() == KafkaStreams.State.RUNNING
                    && !exposurePartitions(a).isEmpty()
                    && !exposurePartitions(b).isEmpty()
                    && exposurePartitions(a).size() + exposurePartitions(b).size() == PARTITIONS);
  }

  /** The partitions of the package-shard stage an instance runs (its own view of its tasks). */
  private static Set<Integer> exposurePartitions(CorrelatorService s) {
    return ownedPartitions(s, CorrelatorTopology.COMPONENTS_REPARTITION + "-repartition");
  }

  /** The partitions of a source topic (name or name suffix) an instance has active tasks for. */
  private static Set<Integer> ownedPartitions(CorrelatorService s, String topicSuffix) {
    Set<Integer> out = new TreeSet<>();
    s.streams()
        .metadataForLocalThreads()
        .forEach(
            t ->
                t.activeTasks()
                    .forEach(
                        task ->
                            task.topicPartitions().stream()
                                .filter(tp -> tp.topic().endsWith(topicSuffix))
                                .forEach(tp -> out.add(tp.partition()))));
    return out;
  }

  /** The partition Kafka's default partitioner gives a string key. */
  private static int partitionOf(String key, int partitions) {
    return Utils.toPositive(Utils.murmur2(key.getBytes(StandardCharsets.UTF_8))) % partitions;
  }

  private static int partitionCount(KafkaSettings kafka, String topic) throws Exception {
    try (Admin admin = Admin.create(kafka.admin())) {
      return admin
          .describeTopics(List.of(topic))
          .allTopicNames()
          .get()
          .get(topic)
          .partitions()
          .size();
    }
  }

  private static Set<Integer> partitions(JsonNode error) {
    Set<Integer> out = new TreeSet<>();
    error.path("details").path("missingPartitions").forEach(n -> out.add(n.asInt()));
    return out;
  }

  private static HttpResponse<String> get(HttpClient http, String url, String... headers)
      throws Exception {
    var b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Every item of a paginated query with the user's key, following nextCursor. */
  private static List<JsonNode> pages(HttpClient http, String url) throws Exception {
    List<JsonNode> out = new ArrayList<>();
    Set<String> cursors = new TreeSet<>();
    String next = url;
    while (next != null) {
      HttpResponse<String> resp = get(http, next, "X-Api-Key", USER_KEY);
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(resp.body());
      body.path("items").forEach(out::add);
      String cursor = Optional.ofNullable(body.path("nextCursor").textValue()).orElse(null);
      assertThat(cursor == null || cursors.add(cursor)).as("cursor advances").isTrue();
      next = cursor == null ? null : url + "&cursor=" + cursor;
    }
    return out;
  }

  private static SSLContext trusting(SelfSignedTls pki) throws Exception {
    KeyStore ts = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(pki.trustStore())) {
      ts.load(in, pki.password().toCharArray());
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ts);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx;
  }

  private static void close(CorrelatorService... services) {
    for (CorrelatorService s : services) {
      if (s != null) {
        s.close();
      }
    }
  }
}
