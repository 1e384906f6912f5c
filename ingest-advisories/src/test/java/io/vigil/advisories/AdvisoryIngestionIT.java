package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.advisories.IngestAdvisoriesService.Source;
import io.vigil.advisories.IngestAdvisoriesService.SourceResult;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.Feed;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.schemas.VigilService;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Every feed on a real broker: first load, re-run publishes nothing, a change alone, restarts. */
@ExtendWith(KafkaBrokerExtension.class)
class AdvisoryIngestionIT {
  @TempDir Path tmp;

  private KafkaSettings kafka(KafkaBroker broker) throws InterruptedException {
    String prefix = "ia" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings k =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, tmp);
    TopicContents.createTopics(k);
    return k;
  }

  private static IngestAdvisoriesService service(KafkaSettings kafka, IngestAdvisoriesConfig cfg)
      throws InterruptedException {
    return new IngestAdvisoriesService(
        kafka, cfg, new SimpleMeterRegistry(), System.err, Clock.systemUTC());
  }

  private static List<SourceResult> runOnce(KafkaSettings kafka, List<Source> sources)
      throws InterruptedException {
    try (IngestAdvisoriesService svc = service(kafka, IngestAdvisoriesConfig.defaults())) {
      return svc.runOnce(sources);
    }
  }

  private static SourceResult of(List<SourceResult> results, IngestAdvisoriesService.Kind kind) {
    return results.stream().filter(r -> r.source().kind() == kind).findFirst().orElseThrow();
  }

  private Path copyOfFixtures() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("osv"));
    try (Stream<Path> s = Files.list(Fixtures.path("osv"))) {
      for (Path p : s.toList()) {
        Files.copy(p, dir.resolve(p.getFileName()));
      }
    }
    return dir;
  }

  @Test
  void shouldPublishEveryFeedOnceThenNothingThenOnlyTheChangedRecord(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = kafka(broker);
    Path osv = copyOfFixtures();
    List<Source> sources =
        List.of(
            Source.parse("osv:" + osv),
            Source.parse("ghsa:" + Fixtures.path("ghsa-layout")),
            Source.parse("nvd:" + Fixtures.path("nvd")),
            Source.parse("kev:" + Fixtures.path("kev/kev-first20.json")),
            Source.parse("epss:" + Fixtures.path("epss/epss_scores-2026-09-29.head150.csv")));

    // when: the first run
    List<SourceResult> first = runOnce(kafka, sources);

    assertThat(first).allSatisfy(r -> assertThat(r.error()).isNull());
    assertThat(of(first, IngestAdvisoriesService.Kind.OSV).published()).isEqualTo(9);
    assertThat(of(first, IngestAdvisoriesService.Kind.OSV).rejected()).isEqualTo(1);
    assertThat(of(first, IngestAdvisoriesService.Kind.GHSA).published()).isEqualTo(6);
    assertThat(of(first, IngestAdvisoriesService.Kind.NVD).published()).isEqualTo(2);
    assertThat(of(first, IngestAdvisoriesService.Kind.KEV).published()).isEqualTo(20);
    assertThat(of(first, IngestAdvisoriesService.Kind.EPSS).published()).isEqualTo(148);
    Map<String, Advisory> advisories = TopicContents.latest(kafka, kafka.catalog().advisories());
    assertThat(advisories)
        .containsKeys("SUSE-SU-2023:3313-1", "GO-2020-0005", "GHSA-4rgh-jx4f-qfcq");
    assertThat(advisories.get("GHSA-4rgh-jx4f-qfcq").getSource().getFeed()).isEqualTo(Feed.GHSA);
    assertThat(advisories.get("GO-2022-0617").getWithdrawn()).isNotNull();
    // the PyPA records the OSV schema rejects for a GIT event are published with their ranges
    for (String pysec : List.of("PYSEC-2021-371", "PYSEC-2021-425", "PYSEC-2017-27")) {
      assertThat(advisories.get(pysec).getAffected().get(0).getRanges())
          .as(pysec)
          .extracting(r -> r.getType().name())
          .containsExactly("GIT", "ECOSYSTEM");
    }
    var dlq = TopicContents.all(kafka, kafka.catalog().deadLetters(VigilService.INGEST_ADVISORIES));
    assertThat(dlq)
        .singleElement()
        .satisfies(
            r -> {
              DeadLetter d = r.value();
              assertThat(r.key()).isEqualTo("GHSA-j5w5-568x-rq53");
              assertThat(d.getReason()).isEqualTo("GHSA-j5w5-568x-rq53: /modified is missing");
              assertThat(d.getSourceLocation()).endsWith("GHSA-j5w5-568x-rq53.json");
              assertThat(StandardCharsets.UTF_8.decode(d.getValue()).toString())
                  .contains("\"GHSA-j5w5-568x-rq53\"");
            });
    assertThat(TopicContents.latest(kafka, kafka.catalog().kev()).values())
        .allSatisfy(e -> assertThat(e.getChange()).isEqualTo(EnrichmentChange.ADDED));
    var beforeRecords = TopicContents.all(kafka, kafka.catalog().advisories());
    int advisoryRecords = beforeRecords.size();

    // when: the same feeds again, after a restart (a new service reloads its state)
    List<SourceResult> second = runOnce(kafka, sources);

    assertThat(second)
        .allSatisfy(
            r -> {
              assertThat(r.error()).isNull();
              assertThat(r.published()).as(r.source().label()).isZero();
              assertThat(r.rejected()).as(r.source().label()).isZero();
            });
    assertThat(TopicContents.all(kafka, kafka.catalog().advisories())).hasSize(advisoryRecords);
    assertThat(
            TopicContents.all(kafka, kafka.catalog().deadLetters(VigilService.INGEST_ADVISORIES)))
        .hasSize(1);

    // when: one record changes on disk (the Go record with the placeholder modified) and one is
    // withdrawn
    Path go = osv.resolve("GO-2020-0005.json");
    Files.writeString(
        go, Files.readString(go).replaceFirst("\"details\": \"", "\"details\": \"Updated. "));
    Path ghsa = osv.resolve("GHSA-jfh8-c2jp-5v3q.json");
    Files.writeString(
        ghsa,
        Files.readString(ghsa)
            .replaceFirst(
                "\"modified\": \"[^\"]+\"",
                "\"modified\": \"2030-01-01T00:00:00Z\", \"withdrawn\": \"2030-01-01T00:00:00Z\""));
    List<SourceResult> third = runOnce(kafka, sources);

    assertThat(of(third, IngestAdvisoriesService.Kind.OSV).published()).isEqualTo(2);
    assertThat(third)
        .filteredOn(r -> r.source().kind() != IngestAdvisoriesService.Kind.OSV)
        .allSatisfy(r -> assertThat(r.published()).isZero());
    var after = TopicContents.all(kafka, kafka.catalog().advisories());
    assertThat(after).hasSize(advisoryRecords + 2);
    assertThat(added(beforeRecords, after))
        .containsExactlyInAnyOrder("GO-2020-0005", "GHSA-jfh8-c2jp-5v3q");
    Map<String, Advisory> latest = TopicContents.latest(kafka, kafka.catalog().advisories());
    assertThat(latest.get("GO-2020-0005").getDetails()).startsWith("Updated. ");
    assertThat(latest.get("GHSA-jfh8-c2jp-5v3q").getWithdrawn()).as("a retraction").isNotNull();
  }

  @Test
  void shouldPublishEachRecordExactlyOnceWhenARunCrashesMidDump(KafkaBroker broker)
      throws Exception {
    KafkaSettings kafka = kafka(broker);
    Path osv = copyOfFixtures();
    IngestAdvisoriesConfig big = IngestAdvisoriesConfig.defaults().withBatching(2, 1_000_000);

    // given: a first instance commits one batch of 2, then dies with 3 more records in an open
    // transaction
    IngestAdvisoriesService crashed = service(kafka, big);
    List<OsvSource.RawRecord> records = OsvSource.read(osv);
    AdvisoryIngestor.Run run = crashed.ingestor().start("osv", Feed.OSV, Progress.silent("osv"));
    for (OsvSource.RawRecord r : records.subList(0, 2)) {
      run.accept(r);
    }
    run.flushChunk(); // 2 records: one full batch, committed
    for (OsvSource.RawRecord r : records.subList(2, 5)) {
      run.accept(r);
    }
    run.flushChunk(); // 3 more: a batch of 2 committed... and one record left open
    // (no commit, no abort: the process "dies" here)

    // when: a new instance starts (fencing the dead one) and runs the whole directory
    List<SourceResult> rerun;
    try (IngestAdvisoriesService fresh = service(kafka, IngestAdvisoriesConfig.defaults())) {
      rerun = fresh.runOnce(List.of(Source.parse("osv:" + osv)));
    }
    crashed.close();

    // then: every valid record is on the topic exactly once, none twice
    assertThat(rerun.get(0).error()).isNull();
    var all = TopicContents.all(kafka, kafka.catalog().advisories());
    Map<String, Long> perKey =
        all.stream().collect(Collectors.groupingBy(TopicContents.Rec::key, Collectors.counting()));
    assertThat(perKey).hasSize(9).allSatisfy((k, n) -> assertThat(n).as(k).isEqualTo(1L));
    assertThat(rerun.get(0).published() + rerun.get(0).unchanged() + rerun.get(0).rejected())
        .isEqualTo(records.size());
    assertThat(
            TopicContents.all(kafka, kafka.catalog().deadLetters(VigilService.INGEST_ADVISORIES)))
        .hasSize(1);
  }

  @Test
  void shouldIngestEverySharedFeedThenPublishNothingThenOnlyTheChangedRecord(KafkaBroker broker)
      throws Exception {
    Path shared = Fixtures.sharedData();
    KafkaSettings kafka = kafka(broker);
    List<Path> zips;
    try (Stream<Path> s = Files.list(shared.resolve("osv"))) {
      zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
    }
    Set<String> ids = new HashSet<>();
    long[] entries = {0};
    for (Path z : zips) {
      OsvSource.forEach(
          z,
          n -> true,
          r -> {
            entries[0]++;
            try {
              ids.add(OsvNormalizer.parse(r.bytes()).path("id").asText());
            } catch (OsvNormalizer.InvalidRecordException e) {
              throw new IOException(e);
            }
          });
    }
    assertThat(zips).hasSize(15);
    assertThat(entries[0]).isEqualTo(11773);
    List<Source> sources = new ArrayList<>();
    for (Path z : zips) {
      sources.add(Source.parse("osv:" + z));
    }
    sources.add(Source.parse("ghsa:" + Fixtures.path("ghsa-layout")));
    sources.add(Source.parse("nvd:" + shared.resolve("nvd")));
    sources.add(Source.parse("kev:" + shared.resolve("kev/known_exploited_vulnerabilities.json")));
    sources.add(Source.parse("epss:" + shared.resolve("epss/epss_scores-2026-09-29.head150.csv")));

    List<SourceResult> first = runOnce(kafka, sources);

    assertThat(first).allSatisfy(r -> assertThat(r.error()).as(r.source().label()).isNull());
    long published =
        first.stream()
            .filter(r -> r.source().kind() == IngestAdvisoriesService.Kind.OSV)
            .mapToLong(SourceResult::published)
            .sum();
    long rejected =
        first.stream()
            .filter(r -> r.source().kind() == IngestAdvisoriesService.Kind.OSV)
            .mapToLong(SourceResult::rejected)
            .sum();
    // only the two trimmed test copies without `modified` cannot be used (GHSA-fv66-9v8q-g76r,
    // GHSA-j5w5-568x-rq53); the PYSEC and Ubuntu records the OSV schema rejects are published
    assertThat(rejected).isEqualTo(2);
    assertThat(published).isEqualTo(ids.size() - 2);
    assertThat(of(first, IngestAdvisoriesService.Kind.KEV).published()).isEqualTo(1404);
    assertThat(of(first, IngestAdvisoriesService.Kind.EPSS).published()).isEqualTo(148);
    assertThat(of(first, IngestAdvisoriesService.Kind.NVD).published()).isGreaterThanOrEqualTo(25);
    Map<String, Advisory> topic = TopicContents.latest(kafka, kafka.catalog().advisories());
    assertThat(topic).hasSize((int) published + 6 - countGhsaAlreadyInOsv(topic));

    List<SourceResult> second = runOnce(kafka, sources);
    assertThat(second)
        .allSatisfy(
            r -> {
              assertThat(r.published()).as(r.source().label()).isZero();
              assertThat(r.rejected()).as(r.source().label()).isZero();
            });

    // one record of one zip changes
    Path changedZip = tmp.resolve("Maven.zip");
    rewriteZip(shared.resolve("osv/Maven.zip"), changedZip, "GHSA-36p3-wjmg-h94x.json");
    List<Source> withChange = new ArrayList<>(sources);
    withChange.replaceAll(
        s -> s.location().endsWith("/Maven.zip") ? Source.parse("osv:" + changedZip) : s);
    var beforeRecords = TopicContents.all(kafka, kafka.catalog().advisories());
    int before = beforeRecords.size();

    List<SourceResult> third = runOnce(kafka, withChange);

    assertThat(third.stream().mapToLong(SourceResult::published).sum()).isEqualTo(1);
    var after = TopicContents.all(kafka, kafka.catalog().advisories());
    assertThat(after).hasSize(before + 1);
    assertThat(added(beforeRecords, after)).containsExactly("GHSA-36p3-wjmg-h94x");
    assertThat(
            TopicContents.latest(kafka, kafka.catalog().advisories())
                .get("GHSA-36p3-wjmg-h94x")
                .getSummary())
        .startsWith("(changed) ");
  }

  /** GHSA layout records are published under their own feed, so they never count as OSV's. */
  private static int countGhsaAlreadyInOsv(Map<String, Advisory> topic) {
    return 6; // all six GHSA layout records are also in the shared OSV zips (same ids)
  }

  /**
   * Keys of the records in {@code after} that {@code before} did not have (partition order aside).
   */
  private static <V> List<String> added(
      List<TopicContents.Rec<V>> before, List<TopicContents.Rec<V>> after) {
    Map<String, Long> counts =
        before.stream()
            .collect(Collectors.groupingBy(TopicContents.Rec::key, Collectors.counting()));
    List<String> out = new ArrayList<>();
    for (var r : after) {
      long n = counts.getOrDefault(r.key(), 0L);
      if (n > 0) {
        counts.put(r.key(), n - 1);
      } else {
        out.add(r.key());
      }
    }
    return out;
  }

  private static void rewriteZip(Path from, Path to, String entry) throws IOException {
    try (ZipFile in = new ZipFile(from.toFile());
        OutputStream os = Files.newOutputStream(to);
        ZipOutputStream out = new ZipOutputStream(os)) {
      for (ZipEntry e : java.util.Collections.list(in.entries())) {
        byte[] b = in.getInputStream(e).readAllBytes();
        if (e.getName().equals(entry)) {
          b =
              new String(b, StandardCharsets.UTF_8)
                  .replaceFirst("\"summary\": \"", "\"summary\": \"(changed) ")
                  .getBytes(StandardCharsets.UTF_8);
        }
        out.putNextEntry(new ZipEntry(e.getName()));
        out.write(b);
        out.closeEntry();
      }
    }
  }
}
