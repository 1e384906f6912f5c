package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
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
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The correlator on a real broker: two instances of one application over 2-partition repartitions,
 * one restarted mid-stream; every expected exposure event arrives exactly once, and the query API
 * answers the same from either instance.
 */
@ExtendWith(KafkaBrokerExtension.class)
class CorrelatorClusterIT {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path dirA;
  @TempDir Path dirB;

  @Test
  void shouldEmitEveryExposureExactlyOnceWhenAnInstanceRestartsMidStream(KafkaBroker broker)
      throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, null);
    CorrelatorConfig config = new CorrelatorConfig(null, 2, 1, 0, "127.0.0.1", 2, 16, 4, null);
    try (Admin admin = Admin.create(kafka.admin())) {
      // a freshly started broker can briefly answer "does not host this topic-partition"
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                TopicAdmin.ensure(admin, kafka.catalog().all());
                return true;
              });
    }
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    List<String> seen = new ArrayList<>();
    CorrelatorService a = new CorrelatorService(kafka.withStateDir(dirA), config, null).start();
    CorrelatorService b = new CorrelatorService(kafka.withStateDir(dirB), config, null).start();
    try (var producer =
            new KafkaProducer<>(
                kafka.producer("it-producer"),
                new StringSerializer(),
                serdes.value(topics.components()));
        var advisoryProducer =
            new KafkaProducer<>(
                kafka.producer("it-advisories"),
                new StringSerializer(),
                serdes.value(topics.advisories()));
        var consumer =
            new KafkaConsumer<>(
                kafka.consumer("reader-" + prefix, "reader"),
                new StringDeserializer(),
                serdes.value(topics.exposures()))) {
      consumer.subscribe(List.of(topics.exposures().name()));
      awaitRunning(a, b);

      // phase 1: 30 projects ship an affected log4j-core, 10 a fixed one; then Log4Shell lands
      for (int i = 0; i < 40; i++) {
        String version = i < 30 ? "2.14.1" : "2.17.1";
        send(producer, topics.components().name(), "p" + i, LOG4J_PURL + version, "s1");
      }
      producer.flush();
      Advisory log4shell = Fixtures.log4shell(T0, "2.0", "2.15.0");
      advisoryProducer.send(
          new ProducerRecord<>(topics.advisories().name(), log4shell.getId(), log4shell));
      advisoryProducer.flush();
      awaitEvents(consumer, seen, 30);

      // phase 2: more projects arrive while instance B restarts (its state stays on disk)
      for (int i = 40; i < 60; i++) {
        send(producer, topics.components().name(), "p" + i, LOG4J_PURL + "2.14.1", "s1");
      }
      producer.flush();
      b.close();
      System.err.println("CorrelatorClusterIT: B closed, " + seen.size() + " events so far");
      for (int i = 60; i < 80; i++) {
        send(producer, topics.components().name(), "p" + i, LOG4J_PURL + "2.14.1", "s1");
      }
      producer.flush();
      b = new CorrelatorService(kafka.withStateDir(dirB), config, null).start();
      Advisory second =
          Fixtures.advisory("GHSA-7rjr-3q55-vv33", List.of("CVE-2021-45046"), T0)
              .severity(9.0, "CRITICAL")
              .range(LOG4J, "2.0", "2.16.0")
              .build();
      advisoryProducer.send(
          new ProducerRecord<>(topics.advisories().name(), second.getId(), second));
      advisoryProducer.flush();
      // the advisory and the components travel by different topics: wait for its 70 exposures
      // before the upgrades, or an upgrade may overtake it (then it never opens there)
      awaitEvents(consumer, seen, 30 + 40 + 70);
      // phase 3: ten projects upgrade to a fixed version
      for (int i = 0; i < 10; i++) {
        send(producer, topics.components().name(), "p" + i, LOG4J_PURL + "2.14.1", "s2", false);
        send(producer, topics.components().name(), "p" + i, LOG4J_PURL + "2.17.1", "s2");
      }
      producer.flush();

      // 30 + 40 NEW for Log4Shell, 70 NEW for the second advisory, 2 × 10 RESOLVED
      int expected = 30 + 40 + 70 + 20;
      awaitEvents(consumer, seen, expected);
      await()
          .during(Duration.ofSeconds(3))
          .atMost(Duration.ofSeconds(20))
          .until(() -> poll(consumer, seen) == expected);
      assertThat(new HashSet<>(seen)).as("no event twice").hasSize(expected);

      awaitRunning(a, b);
      // the query API answers the same from both instances
      for (CorrelatorService s : List.of(a, b)) {
        List<JsonNode> blast =
            pages(s.url() + "/api/v1/advisories/GHSA-jfh8-c2jp-5v3q/exposures?limit=7");
        assertThat(blast).hasSize(60);
        assertThat(blast)
            .extracting(n -> n.path("project").asText())
            .doesNotHaveDuplicates()
            .doesNotContain("p0", "p9", "p30", "p39");
        List<JsonNode> project = pages(s.url() + "/api/v1/projects/p50/exposures?limit=1");
        assertThat(project)
            .extracting(n -> n.path("advisory").asText())
            .containsExactly("GHSA-7rjr-3q55-vv33", "GHSA-jfh8-c2jp-5v3q");
        List<JsonNode> users =
            pages(
                s.url()
                    + "/api/v1/packages/"
                    + URLEncoder.encode(LOG4J_PURL + "2.14.1", StandardCharsets.UTF_8)
                    + "/projects?limit=25");
        assertThat(users).hasSize(80);
        assertThat(users.stream().filter(n -> n.path("version").asText().equals("2.17.1")))
            .hasSize(20);
      }
    } finally {
      a.close();
      b.close();
    }
  }

  @Test
  void shouldRefuseToStartWhenARepartitionTopicHasAnotherPartitionCount(
      KafkaBroker broker, @TempDir Path dir) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, dir);
    CorrelatorConfig config = new CorrelatorConfig(null, 2, 1, -1);
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
      String stale =
          CoPartitioning.topicName(
              prefix + config.applicationId(), CorrelatorTopology.ADVISORIES_REPARTITION);
      admin.createTopics(List.of(new NewTopic(stale, 3, (short) 1))).all().get();
      await()
          .atMost(Duration.ofSeconds(30))
          .ignoreExceptions()
          .until(() -> admin.describeTopics(List.of(stale)).allTopicNames().get().size() == 1);
    }
    CorrelatorService service = new CorrelatorService(kafka, config, null);
    try {
      assertThatThrownBy(service::start)
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("advisories-by-package-repartition has 3 partitions")
          .hasMessageContaining("correlator.partitions=2");
    } finally {
      service.close();
    }
  }

  private static void send(
      KafkaProducer<String, ComponentEvent> p,
      String topic,
      String project,
      String purl,
      String s) {
    send(p, topic, project, purl, s, true);
  }

  private static void send(
      KafkaProducer<String, ComponentEvent> p,
      String topic,
      String project,
      String purl,
      String submission,
      boolean added) {
    p.send(
        new ProducerRecord<>(
            topic,
            project,
            Fixtures.component(
                project,
                purl,
                added ? ComponentChange.ADDED : ComponentChange.REMOVED,
                submission)));
  }

  private static void awaitRunning(CorrelatorService... services) {
    await()
        .atMost(Duration.ofSeconds(90))
        .until(
            () -> {
              for (CorrelatorService s : services) {
                if (s.streams().state() != KafkaStreams.State.RUNNING) {
                  return false;
                }
              }
              return true;
            });
  }

  private static int poll(KafkaConsumer<String, ExposureEvent> consumer, List<String> seen) {
    consumer.poll(Duration.ofMillis(200)).forEach(r -> seen.add(r.value().getEventId()));
    return seen.size();
  }

  private static void awaitEvents(
      KafkaConsumer<String, ExposureEvent> consumer, List<String> seen, int count) {
    // generous: the machine running the tests may be shared; correctness is what is asserted
    long[] lastReport = {System.nanoTime()};
    await()
        .atMost(Duration.ofMinutes(5))
        .alias("at least " + count + " exposure events")
        .until(
            () -> {
              int n = poll(consumer, seen);
              if (n < count && System.nanoTime() - lastReport[0] > 10_000_000_000L) {
                lastReport[0] = System.nanoTime();
                System.err.println("CorrelatorClusterIT: " + n + " of " + count + " events");
              }
              return n >= count;
            });
  }

  /** Every item of a paginated query, following nextCursor. */
  private static List<JsonNode> pages(String url) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    List<JsonNode> out = new ArrayList<>();
    Set<String> cursors = new TreeSet<>();
    String next = url;
    while (next != null) {
      HttpResponse<String> resp =
          http.send(
              HttpRequest.newBuilder(URI.create(next)).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(resp.statusCode()).as(resp.body()).isEqualTo(200);
      JsonNode body = JSON.readTree(resp.body());
      body.path("items").forEach(out::add);
      String cursor = body.path("nextCursor").isNull() ? null : body.path("nextCursor").asText();
      assertThat(cursor == null || cursors.add(cursor)).as("cursor advances").isTrue();
      next = cursor == null ? null : url + "&cursor=" + cursor;
    }
    return out;
  }
}
