package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.advisories.IngestAdvisoriesService.Kind;
import io.vigil.advisories.IngestAdvisoriesService.Source;
import io.vigil.advisories.IngestAdvisoriesService.SourceResult;
import io.vigil.advisories.http.FeedHttp;
import io.vigil.advisories.nvd.RateLimiter;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.KevEntry;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.testkit.http.RecordedRequest;
import io.vigil.testkit.http.StubHttpServer;
import io.vigil.testkit.http.StubHttpServer.Response;
import io.vigil.testkit.kafka.KafkaBroker;
import io.vigil.testkit.kafka.KafkaBrokerExtension;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The URL paths: an OSV bucket layout, the KEV catalog, an EPSS gzip and the NVD API, each served
 * by a local HTTP server speaking the real layout, including a 5xx and a timeout that are retried.
 */
@ExtendWith(KafkaBrokerExtension.class)
class HttpFeedsIT {
  @TempDir Path tmp;

  private static final String[] MAVEN = {
    "GHSA-jfh8-c2jp-5v3q", "GHSA-7rjr-3q55-vv33", "GHSA-p6xc-xr62-6r2g", "GHSA-8489-44mv-ggj8"
  };

  /** What the stand-in serves: path → body; a path may fail once with 503 or answer late once. */
  private final Map<String, byte[]> files = new ConcurrentHashMap<>();

  private final Map<String, String> failOnce = new ConcurrentHashMap<>();

  private Response serve(RecordedRequest r) {
    String path = r.path();
    String mode = failOnce.remove(path);
    if ("503".equals(mode)) {
      return Response.text(503, "Service Unavailable");
    }
    byte[] body = files.get(path);
    if (body == null) {
      return Response.text(404, "no such key");
    }
    Response ok = new Response(200, Map.of("Content-Type", "application/octet-stream"), body, 0);
    return "slow".equals(mode) ? ok.delayed(2_000) : ok;
  }

  private static byte[] ghsaRecord(String id) {
    String dir = id.equals("GHSA-8489-44mv-ggj8") ? "2022/01" : "2021/12";
    return Fixtures.bytes(
        "ghsa-layout/advisories/github-reviewed/" + dir + "/" + id + "/" + id + ".json");
  }

  private static byte[] zip(Map<String, byte[]> entries) throws Exception {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try (ZipOutputStream z = new ZipOutputStream(b)) {
      for (var e : entries.entrySet()) {
        z.putNextEntry(new ZipEntry(e.getKey()));
        z.write(e.getValue());
        z.closeEntry();
      }
    }
    return b.toByteArray();
  }

  private IngestAdvisoriesService service(KafkaSettings kafka, IngestAdvisoriesConfig cfg)
      throws InterruptedException {
    return new IngestAdvisoriesService(
        kafka,
        cfg,
        new SimpleMeterRegistry(),
        System.err,
        Clock.systemUTC(),
        new FeedHttp(cfg, d -> Thread.sleep(Math.min(d.toMillis(), 50))),
        new RateLimiter(cfg.nvdRequestsPerWindow(), cfg.nvdWindow()));
  }

  @Test
  void shouldReadEveryFeedOverHttpRetrying5xxAndTimeoutsThenFetchOnlyTheChangedRecord(
      KafkaBroker broker) throws Exception {
    String prefix = "ih" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, tmp);
    TopicContents.createTopics(kafka);
    // the OSV bucket layout: ecosystems.txt, Maven/{all.zip,modified_id.csv}, Pub/all.zip (no csv)
    Map<String, byte[]> maven = new java.util.LinkedHashMap<>();
    StringBuilder csv = new StringBuilder();
    for (String id : MAVEN) {
      byte[] rec = ghsaRecord(id);
      maven.put(id + ".json", rec);
      String mod = OsvNormalizer.parse(rec).path("modified").asText();
      csv.append(mod).append(',').append(id).append('\n');
    }
    files.put("/osv/ecosystems.txt", "Maven\nPub\n".getBytes(StandardCharsets.UTF_8));
    files.put("/osv/Maven/all.zip", zip(maven));
    files.put("/osv/Maven/modified_id.csv", csv.toString().getBytes(StandardCharsets.UTF_8));
    byte[] pub =
        Fixtures.bytes(
            "ghsa-layout/advisories/github-reviewed/2022/05/GHSA-4rgh-jx4f-qfcq/GHSA-4rgh-jx4f-qfcq.json");
    files.put("/osv/Pub/all.zip", zip(Map.of("GHSA-4rgh-jx4f-qfcq.json", pub)));
    failOnce.put("/osv/Maven/all.zip", "503");
    failOnce.put("/osv/Pub/all.zip", "slow");
    // KEV, EPSS (gzip), NVD API
    files.put("/kev.json", Fixtures.bytes("kev/kev-first20.json"));
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(Fixtures.bytes("epss/epss_scores-2026-09-29.head150.csv"));
    }
    files.put("/epss.csv.gz", gz.toByteArray());
    failOnce.put("/kev.json", "503");
    byte[] nvdItem = Fixtures.bytes("nvd/CVE-2017-5638-cvssv3-rating.json");
    byte[] nvdPage = Fixtures.bytes("nvd/CVE-2023-4863.json");
    AtomicInteger nvdCalls = new AtomicInteger();
    try (StubHttpServer server =
        new StubHttpServer(
            r -> {
              if (!r.path().equals("/rest/json/cves/2.0")) {
                return serve(r);
              }
              nvdCalls.incrementAndGet();
              return nvd(r, nvdItem, nvdPage);
            })) {
      String base = server.url();
      IngestAdvisoriesConfig cfg =
          IngestAdvisoriesConfig.defaults()
              .withHttp(Duration.ofSeconds(2), Duration.ofMillis(700), 3, Duration.ofMillis(20))
              .withNvdRate(2, Duration.ofMillis(300), 1);
      cfg =
          new IngestAdvisoriesConfig(
              cfg.osvBaseUrl(),
              cfg.osvEcosystems(),
              cfg.osvFullDumpThreshold(),
              cfg.nvdUrl(),
              Secret.of("test-key"),
              cfg.nvdResultsPerPage(),
              cfg.nvdRequestsPerWindow(),
              cfg.nvdWindow(),
              cfg.nvdMaxRangeDays(),
              cfg.kevUrl(),
              cfg.epssUrl(),
              cfg.proxy(),
              cfg.proxyUser(),
              cfg.proxyPassword(),
              cfg.connectTimeout(),
              cfg.requestTimeout(),
              cfg.retries(),
              cfg.retryBackoff(),
              cfg.interval(),
              cfg.batchSize(),
              cfg.workers(),
              cfg.maxRecordBytes(),
              cfg.transactionalId(),
              cfg.maxEntryBytes(),
              cfg.maxResponseBytes(),
              cfg.maxFeedBytes());
      List<Source> sources =
          List.of(
              Source.parse("osv:" + base + "/osv"),
              Source.parse("kev:" + base + "/kev.json"),
              Source.parse("epss:" + base + "/epss.csv.gz"),
              Source.parse("nvd:" + base + "/rest/json/cves/2.0"));

      // when: the first run
      List<SourceResult> first;
      try (IngestAdvisoriesService svc = service(kafka, cfg)) {
        first = svc.runOnce(sources);
      }

      assertThat(first).allSatisfy(r -> assertThat(r.error()).as(r.source().label()).isNull());
      assertThat(pick(first, Kind.OSV).published()).isEqualTo(5);
      assertThat(pick(first, Kind.KEV).published()).isEqualTo(20);
      assertThat(pick(first, Kind.EPSS).published()).isEqualTo(148);
      assertThat(pick(first, Kind.NVD).published()).isEqualTo(2);
      assertThat(count(server, "/osv/Maven/all.zip")).as("503 then retried").isEqualTo(2);
      assertThat(count(server, "/osv/Pub/all.zip")).as("timed out then retried").isEqualTo(2);
      assertThat(count(server, "/kev.json")).isEqualTo(2);
      List<RecordedRequest> nvdRequests =
          server.requests().stream().filter(r -> r.path().equals("/rest/json/cves/2.0")).toList();
      assertThat(nvdRequests)
          .hasSize(2)
          .allSatisfy(
              r -> {
                assertThat(r.header("apiKey")).isEqualTo("test-key");
                assertThat(r.query()).doesNotContain("lastModStartDate");
              });
      assertThat(TopicContents.latest(kafka, kafka.catalog().advisories())).hasSize(5);

      // when: upstream changes one Maven record (modified_id.csv lists it newer) and KEV changes
      byte[] changed =
          new String(ghsaRecord(MAVEN[0]), StandardCharsets.UTF_8)
              .replaceFirst("\"modified\": \"[^\"]+\"", "\"modified\": \"2030-01-01T00:00:00Z\"")
              .getBytes(StandardCharsets.UTF_8);
      files.put("/osv/Maven/" + MAVEN[0] + ".json", changed);
      files.put(
          "/osv/Maven/modified_id.csv",
          ("2030-01-01T00:00:00Z," + MAVEN[0] + "\n" + csv).getBytes(StandardCharsets.UTF_8));
      var kev =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              new com.fasterxml.jackson.databind.ObjectMapper()
                  .readTree(Fixtures.bytes("kev/kev-first20.json"));
      var vulns = (com.fasterxml.jackson.databind.node.ArrayNode) kev.get("vulnerabilities");
      String updated = vulns.get(0).get("cveID").asText();
      String removed = vulns.get(1).get("cveID").asText();
      ((com.fasterxml.jackson.databind.node.ObjectNode) vulns.get(0))
          .put("knownRansomwareCampaignUse", "Known");
      vulns.remove(1);
      vulns.addObject().put("cveID", "CVE-2021-44228").put("dateAdded", "2021-12-10");
      kev.put("count", vulns.size());
      files.put("/kev.json", kev.toString().getBytes(StandardCharsets.UTF_8));
      server.clear();

      List<SourceResult> second;
      try (IngestAdvisoriesService svc = service(kafka, cfg)) {
        second = svc.runOnce(sources);
      }

      assertThat(second).allSatisfy(r -> assertThat(r.error()).as(r.source().label()).isNull());
      assertThat(pick(second, Kind.OSV).published()).isEqualTo(1);
      assertThat(pick(second, Kind.EPSS).published()).isZero();
      assertThat(pick(second, Kind.NVD).published()).isZero();
      assertThat(count(server, "/osv/Maven/all.zip")).as("incremental: no dump").isZero();
      assertThat(count(server, "/osv/Maven/" + MAVEN[0] + ".json")).isEqualTo(1);
      assertThat(server.requests())
          .filteredOn(r -> r.path().equals("/rest/json/cves/2.0"))
          .allSatisfy(
              r -> assertThat(r.query()).contains("lastModStartDate=").contains("lastModEndDate="));
      Advisory latest = TopicContents.latest(kafka, kafka.catalog().advisories()).get(MAVEN[0]);
      assertThat(latest.getModified()).isEqualTo(java.time.Instant.parse("2030-01-01T00:00:00Z"));
      Map<String, EnrichmentChange> kevChanges = new java.util.HashMap<>();
      var all = TopicContents.all(kafka, kafka.catalog().kev());
      for (var r : all.subList(0, all.size())) {
        kevChanges.put(r.key(), r.value().getChange());
      }
      assertThat(kevChanges)
          .containsEntry(updated, EnrichmentChange.UPDATED)
          .containsEntry(removed, EnrichmentChange.REMOVED)
          .containsEntry("CVE-2021-44228", EnrichmentChange.ADDED);
      assertThat(all).hasSize(23);
      KevEntry log4shell = TopicContents.latest(kafka, kafka.catalog().kev()).get("CVE-2021-44228");
      assertThat(log4shell.getDateAdded()).isEqualTo(java.time.LocalDate.parse("2021-12-10"));
    }
  }

  /** The NVD API 2.0 stand-in: two CVEs, one per page (resultsPerPage=1), by startIndex. */
  private static Response nvd(RecordedRequest r, byte[] item, byte[] page) throws Exception {
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    String q = r.query() == null ? "" : r.query();
    if (q.contains("lastModStartDate")) {
      return Response.json(
          200,
          "{\"resultsPerPage\":0,\"startIndex\":0,\"totalResults\":0,\"format\":\"NVD_CVE\",\"version\":\"2.0\",\"vulnerabilities\":[]}");
    }
    int start = q.contains("startIndex=1") ? 1 : 0;
    var root = json.createObjectNode();
    root.put("resultsPerPage", 1).put("startIndex", start).put("totalResults", 2);
    root.put("format", "NVD_CVE").put("version", "2.0");
    var vulns = root.putArray("vulnerabilities");
    vulns.add(
        start == 0 ? json.readTree(item) : json.readTree(page).path("vulnerabilities").get(0));
    return Response.json(200, root.toString());
  }

  private static SourceResult pick(List<SourceResult> rs, Kind k) {
    return rs.stream().filter(r -> r.source().kind() == k).findFirst().orElseThrow();
  }

  private static long count(StubHttpServer s, String path) {
    return s.requests().stream().filter(r -> r.path().equals(path)).count();
  }
}
