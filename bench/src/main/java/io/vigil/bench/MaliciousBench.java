package io.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.advisories.OsvSource;
import io.vigil.alerting.AlertingConfig;
import io.vigil.cli.demo.Pipeline;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Feed;
import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.testkit.http.StubHttpServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Issue 17's malicious-package moment on the embedded pipeline ({@code ./vigil bench malicious}):
 * every service in one JVM ({@code cli}'s {@link Pipeline}, in-process broker), alerting with
 * 2-minute digests and quiet periods, a Slack stand-in that notes when each message arrives; N
 * projects ship {@code pkg:npm/fsevents@1.2.9}. Per run a new {@code MAL-} record for fsevents (the
 * shape of the real MAL-2023-462, its own id) is published as ingest-advisories publishes a feed
 * record, and the time from the publication to the Slack stand-in receiving the first and the N-th
 * project's message naming it is measured, with the correlator's share (the exposures' {@code
 * emittedAt}) beside it. Goal: < 5 s, median over the warm runs; the first run reported apart.
 */
final class MaliciousBench {
  private static final ObjectMapper JSON = new ObjectMapper();

  private MaliciousBench() {}

  public static void main(String[] args) throws Exception {
    int runs = 6;
    int projects = 3;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        case "--projects" -> projects = Integer.parseInt(args[++i]);
        default ->
            throw new IllegalArgumentException(
                "unknown option " + args[i] + " (--runs N, --projects N)");
      }
    }
    BenchMain.print(run(runs, projects));
  }

  /** One Slack message as it arrived. */
  private record Arrival(long atMillis, String body) {}

  static Map<String, Object> run(int runs, int projects) throws Exception {
    double loadStart = BenchSupport.loadAverage();
    List<Arrival> arrivals = new CopyOnWriteArrayList<>();
    Path state = Files.createTempDirectory("vigil-bench-malicious-");
    Duration twoMinutes = Duration.ofMinutes(2);
    List<Long> toFirst = new ArrayList<>();
    List<Long> toLast = new ArrayList<>();
    List<Long> emitted = new ArrayList<>();
    try (EmbeddedKafka broker = EmbeddedKafka.start();
        StubHttpServer slack =
            new StubHttpServer(
                req -> {
                  arrivals.add(
                      new Arrival(
                          System.currentTimeMillis(),
                          new String(req.body(), StandardCharsets.UTF_8)));
                  return StubHttpServer.Response.text(200, "ok");
                })) {
      String prefix = "bmal" + UUID.randomUUID().toString().substring(0, 6) + ".";
      KafkaSettings kafka =
          new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, state);
      try (Pipeline pipeline =
              Pipeline.start(
                  kafka,
                  new CorrelatorConfig(null, 2, 1, 0),
                  new AlertingConfig(
                          "alerting-" + prefix, Secret.of(slack.url() + "/services/T/B/X"), 0)
                      .withWindows(twoMinutes, twoMinutes),
                  new PrintStream(OutputStream.nullOutputStream()));
          KafkaConsumer<String, ExposureEvent> exposures =
              new KafkaConsumer<>(
                  kafka.consumer("bench-malicious", "bench-malicious"),
                  new StringDeserializer(),
                  kafka.serdeFactory().value(kafka.catalog().exposures()).deserializer())) {
        for (int p = 0; p < projects; p++) {
          upload(pipeline.sbomUrl(), "build-" + p);
        }
        // alerting holds the first inventories' summaries for the 2-minute window: wait for the
        // correlator to hold every project's fsevents, not for the whole pipeline to be quiet
        long loaded = System.currentTimeMillis() + 300_000;
        for (int p = 0; p < projects; p++) {
          while (!holds(pipeline.queryUrl(), "build-" + p)) {
            if (System.currentTimeMillis() > loaded) {
              throw new IllegalStateException("the correlator did not take the SBOMs in 5 min");
            }
            Thread.sleep(100);
          }
        }
        pipeline.awaitCorrelatorCaughtUp(Duration.ofMinutes(1));
        List<TopicPartition> parts = new ArrayList<>();
        exposures
            .partitionsFor(kafka.catalog().exposures().name())
            .forEach(i -> parts.add(new TopicPartition(i.topic(), i.partition())));
        exposures.assign(parts);
        exposures.seekToEnd(parts);
        parts.forEach(exposures::position);
        for (int run = 0; run < runs; run++) {
          String id = String.format("MAL-2099-%04d", run);
          long published = System.currentTimeMillis();
          pipeline
              .advisories()
              .publishRecords(
                  List.of(new OsvSource.RawRecord(id + ".json", record(id, Instant.now()))),
                  Feed.OSV);
          long deadline = published + 120_000;
          long lastEmitted = 0;
          int news = 0;
          List<Long> got = List.of();
          while (System.currentTimeMillis() < deadline) {
            for (var r : exposures.poll(Duration.ofMillis(20))) {
              ExposureEvent e = r.value();
              if (e.getAdvisory().getId().equals(id) && e.getType() == ExposureType.NEW) {
                news++;
                lastEmitted = Math.max(lastEmitted, e.getEmittedAt().toEpochMilli() - published);
              }
            }
            got =
                arrivals.stream()
                    .filter(a -> a.body().contains(id) && !a.body().contains("SYSTEMIC"))
                    .map(a -> a.atMillis() - published)
                    .sorted()
                    .toList();
            if (news >= projects && mentionsEveryProject(arrivals, id, projects)) {
              break;
            }
          }
          if (!mentionsEveryProject(arrivals, id, projects)) {
            throw new IllegalStateException(
                "run " + run + ": " + id + " did not reach Slack for every project in 120 s");
          }
          toFirst.add(got.get(0));
          toLast.add(got.get(got.size() - 1));
          emitted.add(lastEmitted);
          BenchSupport.log(
              String.format(
                  "run %d: %s to Slack in %d ms (first message), %d ms (every project's);"
                      + " the correlator emitted the last exposure after %d ms",
                  run, id, got.get(0), got.get(got.size() - 1), lastEmitted));
        }
      }
    } finally {
      BenchSupport.deleteQuietly(state);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("bench", "malicious");
    out.put("date", Instant.now().toString());
    out.put("projects", projects);
    out.put("runs", runs);
    out.put("digest_window_s", 120);
    out.put("to_first_ms", toFirst);
    out.put("to_last_ms", toLast);
    out.put("exposure_emitted_ms", emitted);
    out.put("cold_ms", toLast.get(0));
    List<Long> warm = new ArrayList<>(toLast.subList(1, toLast.size()));
    Collections.sort(warm);
    if (!warm.isEmpty()) {
      out.put("warm_ms_min", warm.get(0));
      out.put("warm_ms_median", warm.get(warm.size() / 2));
      out.put("warm_ms_max", warm.get(warm.size() - 1));
    }
    out.put("goal_ms", 5000);
    out.put("cores", Runtime.getRuntime().availableProcessors());
    out.put("load_average_start", loadStart);
    out.put("load_average_end", BenchSupport.loadAverage());
    return out;
  }

  private static boolean mentionsEveryProject(List<Arrival> arrivals, String id, int projects) {
    StringBuilder all = new StringBuilder();
    arrivals.stream()
        .filter(a -> a.body().contains(id) && !a.body().contains("SYSTEMIC"))
        .forEach(a -> all.append(a.body()));
    for (int p = 0; p < projects; p++) {
      if (!all.toString().contains("build-" + p)) {
        return false;
      }
    }
    return true;
  }

  /** Whether the correlator's query API lists the project's fsevents. */
  private static boolean holds(String queryUrl, String project) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(queryUrl + "/api/v1/projects/" + project + "/components"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    return r.statusCode() == 200 && r.body().contains("pkg:npm/fsevents@1.2.9");
  }

  private static void upload(String sbomUrl, String project) throws Exception {
    String bom =
        """
        {"bomFormat": "CycloneDX", "specVersion": "1.5", "version": 1,
         "metadata": {"component": {"type": "application", "name": "%s", "version": "1.0.0"}},
         "components": [
           {"type": "library", "name": "fsevents", "version": "1.2.9",
            "purl": "pkg:npm/fsevents@1.2.9", "bom-ref": "pkg:npm/fsevents@1.2.9"},
           {"type": "library", "name": "lodash", "version": "4.17.21",
            "purl": "pkg:npm/lodash@4.17.21", "bom-ref": "pkg:npm/lodash@4.17.21"}
         ]}
        """
            .formatted(project);
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create(sbomUrl + "/api/v1/sbom?project=" + project + "&version=1.0.0"))
                    .POST(HttpRequest.BodyPublishers.ofString(bom))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 202) {
      throw new IllegalStateException("upload of " + project + ": " + r.statusCode() + r.body());
    }
  }

  /** A malicious-package record in the shape of ossf/malicious-packages' MAL-2023-462. */
  static byte[] record(String id, Instant modified) throws Exception {
    var root = JSON.createObjectNode();
    root.put("schema_version", "1.7.3");
    root.put("id", id);
    root.put("published", modified.toString());
    root.put("modified", modified.toString());
    root.put("summary", "Malicious code in fsevents (npm)");
    var affected = root.putArray("affected").addObject();
    affected
        .putObject("package")
        .put("name", "fsevents")
        .put("ecosystem", "npm")
        .put("purl", "pkg:npm/fsevents");
    var range = affected.putArray("ranges").addObject();
    range.put("type", "SEMVER");
    range.putArray("events").addObject().put("introduced", "1.0.0");
    range.withArray("events").addObject().put("fixed", "1.2.11");
    affected
        .putObject("database_specific")
        .putArray("cwes")
        .addObject()
        .put("cweId", "CWE-506")
        .put("name", "Embedded Malicious Code");
    root.putObject("database_specific")
        .putArray("malicious-packages-origins")
        .addObject()
        .put("source", "ghsa-malware")
        .put("id", "GHSA-bench-" + id);
    return JSON.writeValueAsBytes(root);
  }
}
