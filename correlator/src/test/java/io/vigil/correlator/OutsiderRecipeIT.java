package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;
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
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
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
 * {@code docs/consuming.md}'s outsider recipe, run as written: the correlator emits real exposure
 * events (transactional, LZ4, single-object encoded) on a real broker, then the bash block of the
 * doc runs with Kafka's console consumer ({@code org.apache.kafka.tools.consumer.ConsoleConsumer}
 * from kafka-tools, started the way {@code kafka-console-consumer.sh} starts it) and {@code
 * avro-tools} (the jar from Maven Central), with the committed {@code docs/schemas} file. The only
 * changes to the block: the broker address, the (prefixed) topic and the tools' paths.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OutsiderRecipeIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path ROOT =
      Path.of(System.getProperty("vigil.repo.root", Path.of("..").toAbsolutePath().toString()));
  private static final Path TOOLS =
      Path.of(System.getProperty("basedir", ".")).toAbsolutePath().resolve("target/recipe");
  private static final Instant T0 = Instant.parse("2021-12-10T00:00:00Z");

  @TempDir Path work;

  @Test
  void shouldDecodeTheCorrelatorsExposureEventsWithTheConsoleConsumerAndAvroToolsAsDocumented(
      KafkaBroker broker) throws Exception {
    String prefix = "it" + UUID.randomUUID().toString().substring(0, 8) + ".";
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
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    List<ExposureEvent> emitted = new ArrayList<>();
    try (CorrelatorService correlator =
            new CorrelatorService(
                    kafka.withStateDir(work.resolve("state")),
                    new CorrelatorConfig(null, 2, 1, -1),
                    null)
                .start();
        var components =
            new KafkaProducer<>(
                kafka.producer("it-components"),
                new StringSerializer(),
                serdes.value(topics.components()));
        var advisories =
            new KafkaProducer<>(
                kafka.producer("it-advisories"),
                new StringSerializer(),
                serdes.value(topics.advisories()));
        var reader =
            new KafkaConsumer<>(
                kafka.consumer("reader-" + prefix, "reader"),
                new StringDeserializer(),
                serdes.value(topics.exposures()))) {
      await()
          .atMost(Duration.ofSeconds(90))
          .until(() -> correlator.streams().state() == KafkaStreams.State.RUNNING);
      for (String project : List.of("shop", "billing")) {
        ComponentEvent c =
            Fixtures.component(project, LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "s1");
        components.send(new ProducerRecord<>(topics.components().name(), project, c));
      }
      components.flush();
      Advisory log4shell = Fixtures.log4shell(T0, "2.0", "2.15.0");
      advisories.send(
          new ProducerRecord<>(topics.advisories().name(), log4shell.getId(), log4shell));
      advisories.flush();
      reader.subscribe(List.of(topics.exposures().name()));
      await()
          .atMost(Duration.ofSeconds(90))
          .until(
              () -> {
                reader.poll(Duration.ofMillis(200)).forEach(r -> emitted.add(r.value()));
                return emitted.size() >= 2;
              });
    }

    Path bin = consoleConsumerScript();
    String recipe =
        recipe()
            .replace("localhost:9092", broker.bootstrapServers())
            .replace("--topic vigil.exposures.v1", "--topic " + topics.exposures().name())
            .replace("avro-tools-1.12.2.jar", TOOLS.resolve("avro-tools.jar").toString())
            .replace("docs/schemas/", ROOT.resolve("docs/schemas").toString() + "/");
    ProcessBuilder pb =
        new ProcessBuilder("bash", "-euo", "pipefail", "-c", recipe).directory(work.toFile());
    pb.environment().put("PATH", bin + File.pathSeparator + System.getenv("PATH"));
    pb.redirectError(work.resolve("recipe.err").toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(5, TimeUnit.MINUTES)).as("the recipe finishes").isTrue();
    String err = Files.readString(work.resolve("recipe.err"));
    assertThat(p.exitValue()).as("recipe stderr: %s", err).isZero();

    List<JsonNode> decoded = new ArrayList<>();
    for (String line : out.split("\n")) {
      if (line.startsWith("{")) {
        decoded.add(JSON.readTree(line));
      }
    }
    assertThat(decoded)
        .as("stdout: %s%nstderr: %s", out, err)
        .extracting(d -> d.path("eventId").asText())
        .containsExactlyInAnyOrderElementsOf(
            emitted.stream().map(ExposureEvent::getEventId).toList());
    for (JsonNode d : decoded) {
      ExposureEvent e =
          emitted.stream()
              .filter(x -> x.getEventId().equals(d.path("eventId").asText()))
              .findFirst()
              .orElseThrow();
      assertThat(d.path("type").asText()).isEqualTo(e.getType().name());
      assertThat(d.path("project").asText()).isEqualTo(e.getProject());
      assertThat(d.path("component").path("purl").path("string").asText())
          .as("%s", d)
          .isEqualTo(e.getComponent().getPurl());
      assertThat(d.path("advisory").path("id").asText()).isEqualTo("GHSA-jfh8-c2jp-5v3q");
      assertThat(d.path("advisory").path("vulnerabilityId").asText()).isEqualTo("CVE-2021-44228");
      assertThat(d.path("advisory").path("severity").path("string").asText()).isEqualTo("CRITICAL");
      assertThat(d.path("smallestFix").path("string").asText()).isEqualTo("2.15.0");
    }
  }

  /** The bash block that follows the outsider-recipe marker in docs/consuming.md. */
  private static String recipe() throws Exception {
    String doc = Files.readString(ROOT.resolve("docs/consuming.md"));
    Matcher m =
        Pattern.compile("<!-- outsider-recipe[^>]*-->\\s*```bash\\n(.*?)```", Pattern.DOTALL)
            .matcher(doc);
    assertThat(m.find()).as("docs/consuming.md has the outsider recipe").isTrue();
    return m.group(1);
  }

  /**
   * {@code bin/kafka-console-consumer.sh} as Kafka's distribution has it: {@code exec
   * kafka-run-class.sh org.apache.kafka.tools.consumer.ConsoleConsumer "$@"}, the class path being
   * kafka-tools and the Kafka libraries (here: this test's, which include the broker's).
   */
  private Path consoleConsumerScript() throws Exception {
    Path kafkaTools = TOOLS.resolve("kafka-tools.jar");
    assertThat(kafkaTools).as("copied by maven-dependency-plugin (pre-integration-test)").exists();
    assertThat(TOOLS.resolve("avro-tools.jar")).exists();
    Path bin = Files.createDirectories(work.resolve("bin"));
    Path script = bin.resolve("kafka-console-consumer.sh");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Files.writeString(
        script,
        "#!/usr/bin/env bash\n"
            + "exec '"
            + java
            + "' -Xmx256m -cp '"
            + kafkaTools
            + File.pathSeparator
            + System.getProperty("java.class.path")
            + "' org.apache.kafka.tools.consumer.ConsoleConsumer \"$@\"\n");
    assertThat(script.toFile().setExecutable(true)).isTrue();
    return bin;
  }
}
