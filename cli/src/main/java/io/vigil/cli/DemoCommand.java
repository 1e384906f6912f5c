package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.advisories.OsvSource;
import io.vigil.alerting.AlertingConfig;
import io.vigil.cli.demo.Pipeline;
import io.vigil.console.ConsoleConfig;
import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.ExposureJson;
import io.vigil.deploy.EmbeddedKafka;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.Feed;
import io.vigil.platform.config.ConfigSource;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.kafka.KafkaSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole pipeline in one JVM on an in-process Kafka broker: ingest-advisories, ingest-sbom (HTTP API),",
      "the correlator and alerting. Loads the shipped Log4Shell samples (or --advisories/--sbom), prints every",
      "exposure and the Slack message it sends (to the console unless a webhook is configured), and serves",
      "the web console (its URL is printed)."
    })
final class DemoCommand implements Callable<Integer> {
  private static final String[] SAMPLE_ADVISORIES = {
    "GHSA-jfh8-c2jp-5v3q.json",
    "GHSA-7rjr-3q55-vv33.json",
    "GHSA-p6xc-xr62-6r2g.json",
    "GHSA-8489-44mv-ggj8.json"
  };
  private static final String SAMPLE_SBOM = "demo-shop.cdx.json";

  @Option(
      names = "--once",
      description = "Exit (0) once the pipeline is quiescent instead of running until Ctrl-C.")
  boolean once;

  @Option(
      names = "--slack-webhook",
      description = "Post the Slack messages to this incoming-webhook URL.")
  String slackWebhook;

  @Option(
      names = "--advisories",
      arity = "1..*",
      description = "OSV zips, directories or records to load instead of the samples.")
  List<Path> advisories = new ArrayList<>();

  @Option(
      names = "--sbom",
      arity = "1..*",
      description = "SBOM files to upload instead of the sample.")
  List<Path> sboms = new ArrayList<>();

  @Option(
      names = "--exposures-out",
      description = "Write every exposure event as one JSON line to this file.")
  Path exposuresOut;

  @Option(
      names = {"-b", "--bootstrap-servers"},
      description = "Use this Kafka cluster instead of the in-process broker.")
  String bootstrapServers;

  @Option(
      names = {"-c", "--config"},
      description = "Configuration file (alerting.slackWebhook, ...).")
  Path config;

  @Option(
      names = "--timeout",
      description = "With --once: give up after this many seconds (default ${DEFAULT-VALUE}).",
      defaultValue = "300")
  int timeoutSeconds;

  private final PrintStream out = System.out;

  @Override
  public Integer call() throws Exception {
    long t0 = System.nanoTime();
    ConfigSource cfg = config == null ? ConfigSource.empty() : ConfigSource.load(config);
    AlertingConfig alertingConfig = cfg.bind("alerting", AlertingConfig.class);
    if (slackWebhook != null) {
      alertingConfig = alertingConfig.withSlackWebhook(Secret.of(slackWebhook));
    }
    List<OsvSource.RawRecord> advisoryRecords = loadAdvisories();
    List<Sbom> sbomDocs = loadSboms();

    EmbeddedKafka broker = null;
    Path stateDir = Files.createTempDirectory("vigil-demo-state-");
    String bootstrap = bootstrapServers;
    if (bootstrap == null) {
      say("starting an in-process Kafka broker...");
      broker = EmbeddedKafka.start();
      bootstrap = broker.bootstrapServers();
      say("Kafka broker ready at " + bootstrap);
    }
    KafkaSettings kafka =
        KafkaSettings.fromConfig(cfg).withBootstrapServers(bootstrap).withStateDir(stateDir);
    AtomicBoolean stop = new AtomicBoolean();
    CountDownLatch done = new CountDownLatch(1);
    try (Pipeline pipeline =
            Pipeline.start(kafka, new CorrelatorConfig(null, 3, 1, 0), alertingConfig, out);
        PrintWriter jsonOut =
            exposuresOut == null ? null : new PrintWriter(Files.newBufferedWriter(exposuresOut))) {
      say(
          "correlator running; alerting to "
              + (alertingConfig.slackWebhook() == null && alertingConfig.channels().isEmpty()
                  ? "the console"
                  : "channels " + alertingConfig.effectiveChannels().keySet())
              + "; SBOM API (also Dependency-Track's API) at "
              + pipeline.sbomUrl()
              + "; query API at "
              + pipeline.queryUrl());
      HttpSecurity http = HttpSecurity.fromConfig(cfg);
      ConsoleConfig consoleConfig = cfg.bind("console", ConsoleConfig.class).withHttpPort(0);
      var console = pipeline.startConsole(consoleConfig, http);
      say(
          "console at "
              + console.url()
              + (http.requiresKey()
                  ? " (log in with one of http.apiKeys of " + config + ")"
                  : " (open access, read only: set http.apiKeys in -c FILE to require a login)"));
      String printerGroup = "vigil-demo-printer-" + UUID.randomUUID();
      pipeline.alsoWaitFor(printerGroup);
      AtomicInteger exposures = new AtomicInteger();
      Thread printer =
          new Thread(
              () -> printExposures(kafka, printerGroup, jsonOut, exposures, stop), "demo-printer");
      printer.start();

      var published = pipeline.advisories().publishRecords(advisoryRecords, Feed.OSV);
      say(
          "published "
              + published.published()
              + " advisories"
              + (published.rejected() > 0
                  ? " (" + published.rejected() + " rejected to the DLQ)"
                  : ""));
      // the SBOMs arrive after the advisories: once the correlator holds all of them, so each
      // exposure is computed against the whole alias group of its advisory
      if (published.published() > 0
          && !pipeline.awaitCorrelatorCaughtUp(Duration.ofSeconds(timeoutSeconds))) {
        say(
            String.format(
                "the correlator did not take in the advisories within %d s", timeoutSeconds));
      }
      for (Sbom s : sbomDocs) {
        say(
            "uploaded "
                + s.name()
                + " as project '"
                + s.project()
                + "': "
                + upload(pipeline.sbomUrl(), s));
      }
      boolean quiet = pipeline.awaitQuiescent(Duration.ofSeconds(timeoutSeconds));
      double secs = (System.nanoTime() - t0) / 1e9;
      if (!quiet) {
        say(String.format("the pipeline did not settle within %d s", timeoutSeconds));
        stop.set(true);
        printer.join(5000);
        return 1;
      }
      say(
          String.format(
              "quiescent after %.1f s: %d exposure events, %d alerts sent",
              secs, exposures.get(), pipeline.alerting().delivered()));
      if (!once) {
        say(
            "running; upload more SBOMs with: curl --data-binary @bom.json '"
                + pipeline.sbomUrl()
                + "/api/v1/sbom?project=NAME'; ask the query API: curl '"
                + pipeline.queryUrl()
                + "/api/v1/projects/NAME/exposures'  (Ctrl-C to stop)");
        Runtime.getRuntime().addShutdownHook(new Thread(done::countDown));
        done.await();
      }
      stop.set(true);
      printer.join(5000);
    } finally {
      if (broker != null) {
        broker.close();
      }
      deleteQuietly(stateDir);
    }
    return 0;
  }

  private void printExposures(
      KafkaSettings kafka,
      String group,
      PrintWriter jsonOut,
      AtomicInteger count,
      AtomicBoolean stop) {
    var topic = kafka.catalog().exposures();
    try (var consumer =
        new KafkaConsumer<>(
            kafka.consumer(group, group),
            new StringDeserializer(),
            kafka.serdeFactory().value(topic))) {
      consumer.subscribe(List.of(topic.name()));
      while (!stop.get()) {
        var records = consumer.poll(Duration.ofMillis(100));
        for (ConsumerRecord<String, ExposureEvent> r : records) {
          ExposureEvent e = r.value();
          count.incrementAndGet();
          out.println(
              String.format(
                  "[exposure] %-8s %s ships %s → %s (%s) %s%s",
                  e.getType(),
                  e.getProject(),
                  e.getComponent().getPurl(),
                  e.getAdvisory().getId(),
                  e.getAdvisory().getVulnerabilityId(),
                  e.getAdvisory().getSeverity() == null ? "" : e.getAdvisory().getSeverity(),
                  e.getFixedVersions().isEmpty()
                      ? ""
                      : ", fixed in " + String.join(", ", e.getFixedVersions())));
          if (jsonOut != null) {
            jsonOut.println(ExposureJson.line(e));
          }
        }
        if (!records.isEmpty()) {
          if (jsonOut != null) {
            jsonOut.flush();
          }
          consumer.commitSync();
        }
      }
    }
  }

  private record Sbom(String name, String project, byte[] bytes) {}

  private List<OsvSource.RawRecord> loadAdvisories() throws IOException {
    List<OsvSource.RawRecord> records = new ArrayList<>();
    if (advisories.isEmpty()) {
      for (String f : SAMPLE_ADVISORIES) {
        records.add(
            new OsvSource.RawRecord(
                "samples/advisories/" + f, resource("/samples/advisories/" + f)));
      }
      return records;
    }
    for (Path p : advisories) {
      if (!Files.exists(p)) {
        throw new UserError("--advisories " + p + ": no such file or directory");
      }
      records.addAll(OsvSource.read(p));
    }
    return records;
  }

  private List<Sbom> loadSboms() throws IOException {
    List<Sbom> out = new ArrayList<>();
    if (sboms.isEmpty()) {
      out.add(new Sbom(SAMPLE_SBOM, "demo-shop", resource("/samples/sbom/" + SAMPLE_SBOM)));
      return out;
    }
    java.util.Set<String> names = new java.util.HashSet<>();
    for (Path p : sboms) {
      if (!Files.isRegularFile(p)) {
        throw new UserError("--sbom " + p + ": no such file");
      }
      // one project per file: a name two files share gets a number
      String name = projectName(p);
      for (int n = 2; !names.add(name); n++) {
        name = projectName(p) + " #" + n;
      }
      out.add(new Sbom(p.toString(), name, Files.readAllBytes(p)));
    }
    return out;
  }

  /** The SBOM's subject name when it has one, else the file path (unique per file). */
  private static String projectName(Path p) {
    try {
      var root = new ObjectMapper().readTree(p.toFile());
      String name = root.path("metadata").path("component").path("name").asText(null);
      if (name != null && !name.isBlank()) {
        return name + " (" + p.getFileName() + ")";
      }
    } catch (IOException ignored) {
      // not JSON, or no subject: the file path names the project
    }
    return p.toString();
  }

  private static String upload(String baseUrl, Sbom s) throws IOException, InterruptedException {
    String url =
        baseUrl
            + "/api/v1/sbom?project="
            + URLEncoder.encode(s.project(), StandardCharsets.UTF_8)
            // a replay ingests what parses (as vigil scan reads it); schema violations are warnings
            + "&lenient=true";
    HttpResponse<String> resp =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(s.bytes()))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 202) {
      return "rejected (HTTP " + resp.statusCode() + "): " + resp.body();
    }
    var body = new ObjectMapper().readTree(resp.body());
    return body.path("components").asInt() + " components";
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = DemoCommand.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException("sample " + name + " missing from the distribution");
      }
      return in.readAllBytes();
    }
  }

  private void say(String s) {
    out.println("vigil demo: " + s);
  }

  private static void deleteQuietly(Path dir) {
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp state; the OS cleans it eventually
    }
  }
}
