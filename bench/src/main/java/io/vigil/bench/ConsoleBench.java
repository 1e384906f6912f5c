package io.vigil.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.console.ConsoleConfig;
import io.vigil.console.ConsoleService;
import io.vigil.correlator.CoPartitioning;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorTopology;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.platform.metrics.Metrics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The console on a portfolio of N projects (issue 18): a correlator (child JVM, its query API on)
 * loaded with N projects × M components, a Log4Shell-like advisory hitting K of them and A
 * advisories of synthetic libraries; the console in this JVM, logged in with an API key. Times
 * every page (cold first request, then p50/p95 over rounds: {@link ConsolePageTimes}), then holds
 * Live pages open while exposure events arrive at a given rate ({@link ConsoleLiveLoad}).
 */
public final class ConsoleBench {
  static final String KEY = "bench-console-key-0123456789";
  static final String LOG4SHELL = "GHSA-bench-log4shell";

  /** Parameters. */
  public record Params(
      int projects,
      int componentsPerProject,
      int affected,
      int advisories,
      int requests,
      int runs,
      int liveRate,
      int liveSeconds,
      int livePages,
      int partitions,
      int shards,
      int threads,
      int cacheMb,
      String bootstrapServers) {}

  private ConsoleBench() {}

  public static Map<String, Object> run(Params p) throws Exception {
    double loadStart = BenchSupport.loadAverage();
    Instant started = Instant.now();
    EmbeddedKafka broker = null;
    String bootstrap = p.bootstrapServers();
    if (bootstrap == null) {
      broker = EmbeddedKafka.start();
      bootstrap = broker.bootstrapServers();
    }
    String prefix = "bench" + Long.toString(System.nanoTime(), 36) + ".";
    Path stateDir = Files.createTempDirectory("vigil-bench-console-");
    KafkaSettings kafka = new KafkaSettings(bootstrap, Map.of(), prefix, (short) 1, null, stateDir);
    var topics = kafka.catalog();
    var serdes = kafka.serdeFactory();
    Process correlator = null;
    ConsoleService console = null;
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, topics.all());
      int queryPort = BenchSupport.freePort();
      correlator =
          CorrelatorProcess.start(
              "correlator",
              bootstrap,
              prefix,
              stateDir,
              p.partitions(),
              p.shards(),
              p.threads(),
              p.cacheMb(),
              "1g",
              queryPort);
      String appId = prefix + new CorrelatorConfig(null, null, null, null).applicationId();
      long t0 = System.nanoTime();
      try (var producer =
          new KafkaProducer<>(
              kafka.producer("bench-advisories"),
              new StringSerializer(),
              serdes.value(topics.advisories()))) {
        List<Advisory> all = new java.util.ArrayList<>();
        all.add(BenchSupport.log4shell(LOG4SHELL, "CVE-2099-44228"));
        for (int n = 0; n < p.advisories(); n++) {
          all.add(BenchSupport.libraryAdvisory(n, (n * 7) % BenchSupport.UNIVERSE));
        }
        for (Advisory a : all) {
          producer.send(new ProducerRecord<>(topics.advisories().name(), a.getId(), a));
        }
        producer.flush();
      }
      await(admin, appId, topics.advisories().name(), CorrelatorTopology.ADVISORIES_REPARTITION, p);
      long instances = (long) p.projects() * p.componentsPerProject();
      BenchSupport.log("advisories in; loading " + instances + " component instances...");
      try (var producer =
          new KafkaProducer<>(
              kafka.producer("bench-components"),
              new StringSerializer(),
              serdes.value(topics.components()))) {
        for (int i = 0; i < p.projects(); i++) {
          for (int j = 0; j < p.componentsPerProject(); j++) {
            ComponentEvent e = BenchSupport.component(i, j, p.affected());
            producer.send(new ProducerRecord<>(topics.components().name(), e.getProjectId(), e));
          }
        }
        producer.flush();
      }
      await(admin, appId, topics.components().name(), CorrelatorTopology.COMPONENTS_REPARTITION, p);
      double loadSeconds = (System.nanoTime() - t0) / 1e9;
      String queryUrl = "http://127.0.0.1:" + queryPort;
      JsonNode summary = summary(queryUrl);
      BenchSupport.log(
          String.format(
              "loaded and correlated in %.1f s: %d open exposures in %d projects",
              loadSeconds, summary.path("exposures").asLong(), summary.path("projects").asLong()));

      Metrics metrics = new Metrics("console");
      console =
          new ConsoleService(
                  kafka,
                  ConsoleConfig.defaults().withHttpPort(0).withQueryApi(List.of(queryUrl), null),
                  new HttpSecurity(Map.of("bench", Secret.of(KEY)), false, null),
                  metrics)
              .start();
      long feedDeadline = System.currentTimeMillis() + 120_000;
      while (!console.feed().caughtUp() && System.currentTimeMillis() < feedDeadline) {
        Thread.sleep(50);
      }
      ConsoleClient client = new ConsoleClient(console.url()).login(KEY);
      String topProject = summary.path("topProjects").path(0).path("projectId").asText();
      String someProject = "project-" + (p.affected() / 2);
      String library = "BENCH-" + (p.advisories() / 2);
      List<ConsolePageTimes.Page> pages =
          List.of(
              new ConsolePageTimes.Page("live", "/live", "Live exposures"),
              new ConsolePageTimes.Page("portfolio", "/portfolio", LOG4SHELL),
              new ConsolePageTimes.Page(
                  "vulnerability_log4shell", "/vulnerabilities/" + LOG4SHELL, "2.15.0"),
              new ConsolePageTimes.Page(
                  "vulnerability_library", "/vulnerabilities/" + library, library),
              new ConsolePageTimes.Page("project_most_exposed", "/projects/" + topProject, "CVE-"),
              new ConsolePageTimes.Page("project", "/projects/" + someProject, "log4j-core"),
              new ConsolePageTimes.Page(
                  "project_search", "/projects/" + someProject + "?q=log4j", "log4j-core"),
              new ConsolePageTimes.Page(
                  "package_log4j",
                  "/packages?purl=pkg%3Amaven%2Forg.apache.logging.log4j%2Flog4j-core",
                  "project-"),
              new ConsolePageTimes.Page("search", "/search", "Find"));
      ConsolePageTimes.Cpu idle = ConsolePageTimes.idleRate(correlator.pid(), 5_000);
      BenchSupport.log(
          "idle CPU per s: console JVM "
              + idle.consoleMicros() / 1000
              + " ms, correlator "
              + idle.correlatorMicros() / 1000
              + " ms; timing "
              + pages.size()
              + " pages; load "
              + BenchSupport.loadAverage());
      double pagesLoadStart = BenchSupport.loadAverage();
      Map<String, Object> pageTimes =
          ConsolePageTimes.measure(client, pages, p.requests(), p.runs(), correlator.pid(), idle);
      double pagesLoadEnd = BenchSupport.loadAverage();
      Map<String, Object> export =
          ConsolePageTimes.measure(
              client,
              List.of(
                  new ConsolePageTimes.Page(
                      "export_csv_log4shell",
                      "/vulnerabilities/" + LOG4SHELL + "/export.csv",
                      LOG4SHELL)),
              3,
              1);
      BenchSupport.log(
          "live: "
              + p.liveRate()
              + " events/s for "
              + p.liveSeconds()
              + " s, "
              + p.livePages()
              + " pages; load "
              + BenchSupport.loadAverage());
      double liveLoadStart = BenchSupport.loadAverage();
      Map<String, Object> live =
          ConsoleLiveLoad.measure(
              kafka,
              client,
              ConsoleLiveLoad.total(client),
              p.liveRate(),
              p.liveSeconds(),
              p.livePages());
      double liveLoadEnd = BenchSupport.loadAverage();

      Map<String, Object> out = new LinkedHashMap<>();
      out.put("bench", "console");
      out.put("date", started.toString());
      out.put("projects", p.projects());
      out.put("components_per_project", p.componentsPerProject());
      out.put("component_instances", instances);
      out.put("log4shell_affected", p.affected());
      out.put("library_advisories", p.advisories());
      out.put("open_exposures", summary.path("exposures").asLong());
      out.put("exposed_projects", summary.path("projects").asLong());
      out.put("load_seconds", Math.round(loadSeconds * 10) / 10.0);
      out.put("requests_per_page_per_run", p.requests());
      out.put("runs", p.runs());
      out.put("goal_p95_ms", 300);
      out.put("pages", pageTimes);
      out.put(
          "idle_cpu_ms_per_s",
          Map.of(
              "console_jvm", idle.consoleMicros() / 1000.0,
              "correlator", idle.correlatorMicros() / 1000.0));
      out.put("export", export);
      out.put("pages_load_average", List.of(pagesLoadStart, pagesLoadEnd));
      out.put("live", live);
      out.put("live_load_average", List.of(liveLoadStart, liveLoadEnd));
      out.put("cores", Runtime.getRuntime().availableProcessors());
      out.put("load_average_start", loadStart);
      out.put("load_average_end", BenchSupport.loadAverage());
      return out;
    } finally {
      if (console != null) {
        console.close();
      }
      if (correlator != null) {
        CorrelatorProcess.stop(correlator);
      }
      if (broker != null) {
        broker.close();
      }
      BenchSupport.deleteQuietly(stateDir);
    }
  }

  private static void await(Admin admin, String appId, String input, String repartition, Params p)
      throws Exception {
    List<String> topics = List.of(input, CoPartitioning.topicName(appId, repartition));
    if (!BenchSupport.awaitQuiescent(admin, appId, topics, p.partitions(), 3_600_000)) {
      throw new IllegalStateException("the correlator did not catch up with " + input);
    }
  }

  private static JsonNode summary(String queryUrl) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(queryUrl + "/api/v1/exposures/summary?top=10"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("query API summary: HTTP " + r.statusCode() + " " + r.body());
    }
    return new ObjectMapper().readTree(r.body());
  }
}
