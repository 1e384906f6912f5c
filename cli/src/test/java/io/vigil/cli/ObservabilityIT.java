package io.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.advisories.IngestAdvisoriesConfig;
import io.vigil.advisories.IngestAdvisoriesService;
import io.vigil.alerting.AlertingConfig;
import io.vigil.alerting.AlertingService;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorService;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.platform.metrics.KafkaChecks;
import io.vigil.platform.metrics.Metrics;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.SbomIngestService;
import io.vigil.schemas.VigilService;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every service's {@code /metrics}, {@code /health/live} and {@code /health/ready} on a real
 * broker, after one SBOM → advisory → exposure → Slack pass: the domain counters and latency
 * histograms moved, Kafka client and Streams metrics are exported, readiness names its checks, and
 * every metric the Grafana dashboard ({@code deploy/grafana/vigil-dashboard.json}) queries is one
 * that the services really export.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ObservabilityIT {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @TempDir Path tmp;

  @Test
  void shouldExportEveryDashboardMetricAndAnswerHealthProbesWhenThePipelineRuns(KafkaBroker broker)
      throws Exception {
    String prefix = "obs" + UUID.randomUUID().toString().substring(0, 8) + ".";
    KafkaSettings kafka =
        new KafkaSettings(broker.bootstrapServers(), Map.of(), prefix, (short) 1, null, tmp);
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(admin, kafka.catalog().all());
    }
    CorrelatorConfig cc = new CorrelatorConfig(null, 2, 1, 0);
    try (SlackWebhookStub slack = new SlackWebhookStub();
        Metrics sbomMetrics =
            new Metrics("ingest-sbom")
                .watchBroker(kafka)
                .watchDeadLetters(kafka, VigilService.INGEST_SBOM);
        Metrics advisoryMetrics = new Metrics("ingest-advisories");
        Metrics correlatorMetrics =
            new Metrics("correlator")
                .watchBroker(kafka)
                .watchDeadLetters(kafka, VigilService.CORRELATOR);
        Metrics alertingMetrics =
            new Metrics("alerting")
                .watchBroker(kafka)
                .watchDeadLetters(kafka, VigilService.ALERTING);
        SbomIngestService sbom =
            new SbomIngestService(kafka, new IngestSbomConfig(0, null, null), sbomMetrics);
        IngestAdvisoriesService advisories =
            new IngestAdvisoriesService(
                kafka,
                IngestAdvisoriesConfig.defaults(),
                advisoryMetrics.registry(),
                null,
                java.time.Clock.systemUTC());
        HttpService advisoryHttp =
            HttpService.builder("ingest-advisories").port(0).metrics(advisoryMetrics).start();
        CorrelatorService correlator = new CorrelatorService(kafka, cc, correlatorMetrics);
        HttpService correlatorHttp =
            HttpService.builder("correlator").port(0).metrics(correlatorMetrics).start();
        AlertingService alerting =
            new AlertingService(
                kafka,
                new AlertingConfig("alerting-" + prefix, Secret.of(slack.webhookUrl()), 0),
                System.out,
                alertingMetrics,
                java.time.Clock.systemUTC(),
                io.vigil.alerting.delivery.Sleeper.real());
        HttpService alertingHttp =
            HttpService.builder("alerting").port(0).metrics(alertingMetrics).start()) {
      correlatorMetrics
          .readiness()
          .add("streams", KafkaChecks.streamsRunning(correlator.streams()));
      correlatorMetrics
          .liveness()
          .add("streams", KafkaChecks.streamsNotFailed(correlator.streams()));
      advisoryMetrics.pipeline().registerAdvisoryMeters(); // as `vigil ingest-advisories` does
      correlator.start();
      alerting.start();
      await().atMost(Duration.ofSeconds(60)).until(correlator::running);

      // one pass through the pipeline; Slack answers the first post with 429 (a failed attempt)
      slack.rateLimitNext(1, 1);
      HttpResponse<String> upload =
          HTTP.send(
              HttpRequest.newBuilder(
                      URI.create(sbom.url() + "/api/v1/sbom?project=demo-shop&version=1.4.2"))
                  .POST(
                      HttpRequest.BodyPublishers.ofByteArray(
                          resource("/samples/sbom/demo-shop.cdx.json")))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(upload.statusCode()).isEqualTo(202);
      HttpResponse<String> rejected =
          HTTP.send(
              HttpRequest.newBuilder(URI.create(sbom.url() + "/api/v1/sbom?project=broken"))
                  .POST(HttpRequest.BodyPublishers.ofString("{\"bomFormat\": 42"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(rejected.statusCode()).isEqualTo(400);
      Path osv = Files.createDirectories(tmp.resolve("osv"));
      Files.write(
          osv.resolve("GHSA-jfh8-c2jp-5v3q.json"),
          resource("/samples/advisories/GHSA-jfh8-c2jp-5v3q.json"));
      assertThat(advisories.runOnce(List.of(IngestAdvisoriesService.Source.parse("osv:" + osv))))
          .allSatisfy(r -> assertThat(r.ok()).isTrue());
      await().atMost(Duration.ofSeconds(60)).until(() -> !slack.requests().isEmpty());

      // health: live and ready, with the checks named
      for (HttpService s : List.of(correlatorHttp, alertingHttp)) {
        HttpResponse<String> ready = get(s.url() + "/health/ready");
        assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
        assertThat(ready.body()).contains("\"kafka\":\"UP (1 broker)\"");
        assertThat(get(s.url() + "/health/live").statusCode()).isEqualTo(200);
      }
      assertThat(get(correlatorHttp.url() + "/health/ready").body())
          .contains("\"streams\":\"UP (RUNNING)\"");

      // metrics: the domain counters moved, by the right labels
      String sbomScrape =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> get(sbom.url() + "/metrics").body(),
                  b -> b.contains("vigil_dead_letters{"));
      String advisoryScrape = get(advisoryHttp.url() + "/metrics").body();
      // Micrometer registers jvm_gc_pause_seconds at the first collection it is told about; the
      // dashboard shows it, so make sure one happened (the services share this JVM)
      System.gc();
      String correlatorScrape =
          await()
              .atMost(Duration.ofSeconds(10))
              .until(
                  () -> get(correlatorHttp.url() + "/metrics").body(),
                  b -> b.contains("jvm_gc_pause_seconds_count{"));
      String alertingScrape =
          await()
              .atMost(Duration.ofSeconds(30))
              .until(
                  () -> get(alertingHttp.url() + "/metrics").body(),
                  b ->
                      b.contains("vigil_alerts_delivered_total{")
                          && sample(b, "vigil_alerts_delivered_total", "channel_type=\"slack\"")
                              >= 1);
      assertThat(sample(sbomScrape, "vigil_sboms_total", "outcome=\"accepted\"")).isEqualTo(1);
      assertThat(sample(sbomScrape, "vigil_sboms_total", "outcome=\"rejected\"")).isEqualTo(1);
      assertThat(sample(sbomScrape, "vigil_components_total", "kind=\"with_purl\"")).isEqualTo(5);
      assertThat(sample(sbomScrape, "vigil_dead_letters", "dlq=\"ingest-sbom\"")).isZero();
      assertThat(sbomScrape).contains("kafka_producer_record_send_total{");
      assertThat(sample(advisoryScrape, "vigil_advisories_ingested_total", "source=\"osv\""))
          .isEqualTo(1);
      assertThat(sample(alertingScrape, "vigil_exposures_total", "type=\"NEW\"")).isEqualTo(1);
      // alerting's own meters (AlertMetrics): delivered, and trigger → delivered latency
      assertThat(sample(alertingScrape, "vigil_alerts_delivered_total", "channel_type=\"slack\""))
          .isGreaterThanOrEqualTo(1);
      assertThat(sample(alertingScrape, "vigil_alerts_failed_total", "channel_type=\"slack\""))
          .isGreaterThanOrEqualTo(1);
      assertThat(
              sample(
                  alertingScrape,
                  "vigil_pipeline_exposure_latency_seconds_count",
                  "cause=\"NEW_ADVISORY\""))
          .isEqualTo(1);
      assertThat(
              sample(alertingScrape, "vigil_alert_latency_seconds_count", "channel_type=\"slack\""))
          .isGreaterThanOrEqualTo(1);
      assertThat(alertingScrape).contains("kafka_consumer_fetch_manager_records_lag_max{");
      assertThat(correlatorScrape).contains("kafka_stream_thread_process_total{");
      assertThat(correlatorScrape).contains("service=\"correlator\"");

      // the dashboard queries only what is exported
      Set<String> exported = new TreeSet<>();
      for (String s : List.of(sbomScrape, advisoryScrape, correlatorScrape, alertingScrape)) {
        exported.addAll(names(s));
      }
      Path dashboard =
          Path.of(System.getProperty("vigil.repo.root", ".."))
              .resolve("deploy/grafana/vigil-dashboard.json");
      Set<String> queried = dashboardMetrics(dashboard);
      Files.writeString(
          Path.of("target/observability-exported-metrics.txt"), String.join("\n", exported));
      assertThat(queried).hasSizeGreaterThan(15);
      assertThat(exported).containsAll(queried);
    }
  }

  /** Metric names of a Prometheus text exposition. */
  static Set<String> names(String scrape) {
    Set<String> s = new TreeSet<>();
    for (String line : scrape.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int cut = line.indexOf('{');
      s.add((cut < 0 ? line.substring(0, line.indexOf(' ')) : line.substring(0, cut)).strip());
    }
    return s;
  }

  private static final Set<String> PROMQL_WORDS =
      Set.of(
          "sum",
          "max",
          "min",
          "avg",
          "count",
          "rate",
          "irate",
          "increase",
          "histogram_quantile",
          "by",
          "without",
          "on",
          "ignoring",
          "group_left",
          "group_right",
          "and",
          "or",
          "unless",
          "label_values",
          "topk",
          "bottomk",
          "abs",
          "clamp_min",
          "clamp_max",
          "offset",
          "bool",
          "le",
          "__rate_interval",
          "__interval",
          "__range",
          "service",
          "datasource");

  /** The metric names of every PromQL expression in the dashboard (and its variables). */
  static Set<String> dashboardMetrics(Path dashboard) throws Exception {
    JsonNode d = new ObjectMapper().readTree(dashboard.toFile());
    Set<String> out = new TreeSet<>();
    List<String> exprs = new java.util.ArrayList<>(d.findValuesAsText("expr"));
    d.path("templating").path("list").forEach(v -> exprs.add(v.path("definition").asText()));
    Pattern ident = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    for (String expr : exprs) {
      String e =
          expr.replaceAll("\"[^\"]*\"", "\"\"") // label values
              .replaceAll("\\{[^}]*}", "") // label matchers
              .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ") // grouping labels
              .replaceAll("\\[[^]]*]", "") // ranges
              .replaceAll("\\$\\w+", ""); // Grafana variables
      Matcher m = ident.matcher(e);
      while (m.find()) {
        String w = m.group();
        // a name followed by "(" is a function (rate, delta, time, ...), never a metric
        boolean call = e.substring(m.end()).stripLeading().startsWith("(");
        if (!call && !PROMQL_WORDS.contains(w) && !w.matches("\\d.*")) {
          out.add(w);
        }
      }
    }
    return out;
  }

  /** The value of the one sample of {@code name} whose labels contain every given pair. */
  private static double sample(String scrape, String name, String... labels) {
    for (String line : scrape.split("\n")) {
      if (!line.startsWith(name + "{")) {
        continue;
      }
      String labelPart = line.substring(name.length(), line.lastIndexOf('}') + 1);
      boolean all = true;
      for (String l : labels) {
        all &= labelPart.contains(l);
      }
      if (all) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      }
    }
    throw new AssertionError("no sample " + name + " with " + List.of(labels));
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HTTP.send(
        HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static byte[] resource(String name) throws Exception {
    try (InputStream in = ObservabilityIT.class.getResourceAsStream(name)) {
      return in.readAllBytes();
    }
  }
}
