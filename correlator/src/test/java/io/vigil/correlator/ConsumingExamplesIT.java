package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.correlator.examples.ExposureSubscriber;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two subscriber examples of {@code docs/consuming.md}, run against a real broker: the Java one
 * (quoted from {@link ExposureSubscriber}) and the node one ({@code docs/examples/node}, kafkajs +
 * avsc). Both must hand over exactly the events of one project at or above a severity.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ConsumingExamplesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT =
      Path.of(System.getProperty("vigil.repo.root", Path.of("..").toAbsolutePath().toString()));

  @TempDir Path work;

  @Test
  void shouldQuoteTheTestedJavaExampleInTheDocs() throws Exception {
    String source =
        Files.readString(
            ROOT.resolve(
                "correlator/src/test/java/io/vigil/correlator/examples/ExposureSubscriber.java"));
    String region = source.split("// \\[example]\n", -1)[1];
    String doc = Files.readString(ROOT.resolve("docs/consuming.md"));
    assertThat(normalise(doc)).contains(normalise(region.stripTrailing()));
  }

  private static String normalise(String s) {
    StringBuilder b = new StringBuilder();
    for (String line : s.split("\n")) {
      b.append(line.strip()).append('\n');
    }
    return b.toString();
  }

  @Test
  void shouldHandOnlyTheProjectsSevereEventsToTheJavaAndTheNodeSubscriber(KafkaBroker broker)
      throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, null);
    try (Admin admin = Admin.create(kafka.admin())) {
      // a freshly started broker can briefly answer "does not host this topic-partition"
      await()
          .atMost(Duration.ofSeconds(60))
          .ignoreExceptions()
          .until(
              () -> {
                TopicAdmin.ensure(admin, List.of(kafka.catalog().exposures()));
                return true;
              });
    }
    List<ExposureEvent> published =
        List.of(
            event("shop", "CRITICAL", "e1"),
            event("shop", "MEDIUM", "e2"),
            event("billing", "CRITICAL", "e3"),
            event("shop", "HIGH", "e4"));
    var topic = kafka.catalog().exposures();
    try (var producer =
        new KafkaProducer<>(
            kafka.producer("it"), new StringSerializer(), kafka.serdeFactory().value(topic))) {
      for (ExposureEvent e : published) {
        producer.send(new ProducerRecord<>(topic.name(), e.getProjectId(), e)).get();
      }
    }

    // Java
    List<String> javaSeen = new CopyOnWriteArrayList<>();
    AtomicBoolean stop = new AtomicBoolean();
    Thread t =
        new Thread(
            () ->
                ExposureSubscriber.subscribe(
                    broker.bootstrapServers(),
                    prefix,
                    "java-team",
                    "shop",
                    "HIGH",
                    e -> javaSeen.add(e.getEventId()),
                    stop::get));
    t.start();
    await().atMost(Duration.ofSeconds(60)).until(() -> javaSeen.size() >= 2);
    stop.set(true);
    t.join(10_000);
    assertThat(javaSeen).containsExactly("e1", "e4");

    // node
    Path nodeDir = installNodeExample();
    Path schema = work.resolve("ExposureEvent.avsc");
    Files.writeString(schema, ExposureEvent.getClassSchema().toString());
    Process node =
        new ProcessBuilder(
                "node",
                "subscribe.js",
                "--bootstrap",
                broker.bootstrapServers(),
                "--schema",
                schema.toString(),
                "--topic",
                topic.name(),
                "--group",
                "node-team",
                "--project",
                "shop",
                "--min-severity",
                "HIGH",
                "--idle-exit-ms",
                "4000")
            .directory(nodeDir.toFile())
            .redirectErrorStream(false)
            .start();
    assertThat(node.waitFor(90, TimeUnit.SECONDS)).as("node subscriber exits when idle").isTrue();
    String err = new String(node.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(node.exitValue()).as(err).isZero();
    List<JsonNode> lines = new ArrayList<>();
    for (String line :
        new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank()) {
        lines.add(JSON.readTree(line));
      }
    }
    assertThat(lines)
        .as("node stderr: %s", err)
        .extracting(n -> n.path("eventId").asText())
        .containsExactly("e1", "e4");
    assertThat(lines.get(0).path("purl").asText()).isEqualTo(LOG4J_PURL + "2.14.1");
    assertThat(lines.get(0).path("vulnerability").asText()).isEqualTo("CVE-2021-44228");
    assertThat(lines.get(1).path("severity").asText()).isEqualTo("HIGH");
  }

  private Path installNodeExample() throws Exception {
    if (!onPath("node") || !onPath("npm")) {
      String reason =
          "ConsumingExamplesIT: node/npm not on PATH: the node subscriber example is NOT tested";
      System.err.println("*** " + reason);
      Assumptions.abort(reason);
    }
    Path source = ROOT.resolve("docs/examples/node");
    Path dir = Path.of(System.getProperty("basedir", ".")).resolve("target/consuming-node");
    Files.createDirectories(dir);
    for (String f : List.of("package.json", "package-lock.json", "subscribe.js")) {
      Files.copy(source.resolve(f), dir.resolve(f), StandardCopyOption.REPLACE_EXISTING);
    }
    if (!Files.exists(dir.resolve("node_modules/kafkajs/package.json"))
        || !Files.exists(dir.resolve("node_modules/avsc/package.json"))
        || !Files.exists(dir.resolve("node_modules/lz4js/package.json"))) {
      Process npm =
          new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund", "--ignore-scripts")
              .directory(dir.toFile())
              .redirectErrorStream(true)
              .start();
      String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(npm.waitFor(5, TimeUnit.MINUTES)).isTrue();
      assertThat(npm.exitValue()).as("npm ci: %s", out).isZero();
    }
    return dir;
  }

  private static boolean onPath(String tool) {
    try {
      Process p = new ProcessBuilder(tool, "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
    } catch (Exception e) {
      return false;
    }
  }

  private static ExposureEvent event(String project, String severity, String eventId) {
    var c =
        Fixtures.component(project, LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "sub-" + project);
    var a =
        Fixtures.advisory("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), Instant.EPOCH)
            .range(Fixtures.LOG4J, "2.0", "2.15.0")
            .build();
    ExposureEvent e =
        Exposures.build(
            c,
            a,
            AdvisoryGroups.of(List.of(a)).group(a.getId()),
            Exposures.Enrichment.NONE,
            new Matching.Finding(true, false, List.of("2.15.0")),
            new io.vigil.events.v1.Fix(
                "2.15.0", "2.15.0", io.vigil.events.v1.FixChange.MINOR, false),
            new io.vigil.events.v1.Fix(
                "2.15.0", "2.15.0", io.vigil.events.v1.FixChange.MINOR, false),
            ExposureType.NEW,
            ExposureCause.NEW_ADVISORY,
            null,
            null,
            Instant.EPOCH,
            Instant.EPOCH,
            eventId);
    return ExposureEvent.newBuilder(e)
        .setEventId(eventId)
        .setAdvisory(
            io.vigil.events.v1.ExposureAdvisory.newBuilder(e.getAdvisory())
                .setSeverity(severity)
                .build())
        .build();
  }
}
