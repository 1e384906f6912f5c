package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.DeadLetter;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.VigilService;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zip bombs against ingest-advisories as shipped: each case runs one {@code --once} pass in a child
 * JVM with the heap {@code deploy/k8s/ingest-advisories.yaml} gives the service (its memory limit ×
 * its {@code MaxRAMPercentage}: 1Gi × 60 % = 614 MiB) and {@code -XX:+ExitOnOutOfMemoryError}, as
 * in the pod. Before the read limits each case ended the JVM (out of memory); now the bomb gets a
 * clear error and a DLQ entry, and the other records and sources are published.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ReadLimitsIT {
  private static final Path MANIFEST = Path.of("../deploy/k8s/ingest-advisories.yaml");
  @TempDir Path tmp;

  @Test
  void shouldRefuseAZipOfOverlappingEntriesAndPublishTheOtherSourcesAtTheShippedHeap(
      KafkaBroker broker) throws Exception {
    // given: 39 KB declaring 4.9 GiB, then a directory of records and a KEV catalog
    Path bomb = ZipBombs.overlapping(tmp.resolve("overlap.zip"), 250, 20 << 20);
    Path good = records("GO-2020-0005.json");
    KafkaSettings kafka = kafka(broker);

    // when
    Child child =
        run(kafka, "osv:" + bomb, "osv:" + good, "kev:" + Fixtures.path("kev/kev-first20.json"));

    // then
    assertThat(child.exit()).as(child.output()).isZero();
    assertThat(child.result("osv:" + bomb))
        .contains("published=0 rejected=1")
        .contains("a zip bomb: 250 of its 250 entries overlap others");
    assertThat(child.result("osv:" + good)).contains("published=1 rejected=0 error=null");
    assertThat(child.result("kev:")).contains("published=20 rejected=0 error=null");
    assertThat(TopicContents.latest(kafka, kafka.catalog().advisories()))
        .containsKey("GO-2020-0005");
    assertThat(deadLetters(kafka))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSourceLocation()).isEqualTo(bomb.toString());
              assertThat(d.getReason()).contains("a zip bomb").contains("refused unread");
            });
  }

  @Test
  void shouldDeadLetterAFiveGibEntryAndPublishTheRestOfItsZipAtTheShippedHeap(KafkaBroker broker)
      throws Exception {
    // given: a 5 MB zip with one entry of 5 GiB, then a real record; and another source
    Path zip =
        ZipBombs.oneHugeEntry(
            tmp.resolve("huge.zip"),
            5 * 1024,
            "GHSA-jfh8-c2jp-5v3q.json",
            Fixtures.bytes("osv/GHSA-jfh8-c2jp-5v3q.json"));
    assertThat(Files.size(zip)).isLessThan(6_000_000);
    Path good = records("GO-2020-0005.json");
    KafkaSettings kafka = kafka(broker);

    // when
    Child child = run(kafka, "osv:" + zip, "osv:" + good);

    // then
    assertThat(child.exit()).as(child.output()).isZero();
    assertThat(child.result("osv:" + zip)).contains("published=1 rejected=1 error=null");
    assertThat(child.result("osv:" + good)).contains("published=1 rejected=0 error=null");
    assertThat(TopicContents.latest(kafka, kafka.catalog().advisories()))
        .containsKeys("GHSA-jfh8-c2jp-5v3q", "GO-2020-0005");
    assertThat(deadLetters(kafka))
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getSourceLocation()).isEqualTo(zip + "!GHSA-huge-0000-0000.json");
              assertThat(d.getReason())
                  .contains("inflates to more than 4,000,000 bytes")
                  .contains("ingestAdvisories.maxEntryBytes");
            });
  }

  @Test
  void shouldReadTheHeapOfTheShippedManifest() throws Exception {
    assertThat(shippedHeapMebibytes()).isEqualTo(614);
  }

  /** -Xmx of the pod: {@code resources.limits.memory} × {@code -XX:MaxRAMPercentage}, in MiB. */
  static long shippedHeapMebibytes() throws Exception {
    String m = Files.readString(MANIFEST);
    Matcher limit = Pattern.compile("limits:\\s*\\{\\s*memory:\\s*(\\d+)(Mi|Gi)\\s*}").matcher(m);
    Matcher pct = Pattern.compile("-XX:MaxRAMPercentage=(\\d+)").matcher(m);
    assertThat(limit.find()).as("the memory limit in " + MANIFEST).isTrue();
    assertThat(pct.find()).as("MaxRAMPercentage in " + MANIFEST).isTrue();
    long mib = Long.parseLong(limit.group(1)) * (limit.group(2).equals("Gi") ? 1024 : 1);
    return mib * Long.parseLong(pct.group(1)) / 100;
  }

  private Path records(String... fixtures) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("records"));
    for (String f : fixtures) {
      Files.write(dir.resolve(f), Fixtures.bytes("osv/" + f));
    }
    return dir;
  }

  private KafkaSettings kafka(KafkaBroker broker) throws InterruptedException {
    String prefix = "rl" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings k =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, tmp);
    TopicContents.createTopics(k);
    return k;
  }

  private static List<DeadLetter> deadLetters(KafkaSettings kafka) {
    return TopicContents.all(kafka, kafka.catalog().deadLetters(VigilService.INGEST_ADVISORIES))
        .stream()
        .map(TopicContents.Rec::value)
        .toList();
  }

  record Child(int exit, String output) {
    String result(String sourcePrefix) {
      return output
          .lines()
          .filter(l -> l.startsWith("RESULT " + sourcePrefix))
          .findFirst()
          .orElse("no RESULT line for " + sourcePrefix + " in:\n" + output);
    }
  }

  /** One {@code --once} pass in a JVM with the pod's heap; returns its exit code and output. */
  private Child run(KafkaSettings kafka, String... sources) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + shippedHeapMebibytes() + "m");
    cmd.add("-XX:+ExitOnOutOfMemoryError");
    cmd.add("-Djava.io.tmpdir=" + tmp);
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ReadLimitsChild.class.getName());
    cmd.add(kafka.bootstrapServers());
    cmd.add(kafka.topicPrefix());
    cmd.add(Files.createDirectories(tmp.resolve("child-state")).toString());
    cmd.addAll(List.of(sources));
    Path log = tmp.resolve("child.log");
    Process p =
        new ProcessBuilder(cmd)
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
            .start();
    if (!p.waitFor(10, TimeUnit.MINUTES)) {
      p.destroyForcibly().waitFor();
    }
    String out = Files.readString(log, StandardCharsets.UTF_8);
    String results =
        out.lines()
            .filter(
                l -> l.startsWith("RESULT") || l.startsWith("HEAP") || l.contains("OutOfMemory"))
            .collect(Collectors.joining("\n"));
    System.err.println("ReadLimitsIT child (-Xmx" + shippedHeapMebibytes() + "m):\n" + results);
    return new Child(p.exitValue(), out);
  }
}
