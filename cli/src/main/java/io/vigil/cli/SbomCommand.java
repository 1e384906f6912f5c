package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.ComponentEvents;
import io.vigil.sbom.SbomIngestService;
import io.vigil.sbom.SubmissionPublisher;
import io.vigil.sbom.Submissions;
import io.vigil.sbom.intake.SbomIntake;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "sbom",
    mixinStandardHelpOptions = true,
    description =
        "Submit, publish or inspect SBOMs (CycloneDX JSON/XML, SPDX JSON/YAML/tag-value).",
    subcommands = {SbomCommand.Submit.class, SbomCommand.Inspect.class, SbomCommand.Publish.class})
final class SbomCommand implements Runnable {
  /** Exit code when the document is invalid or the server rejected it. */
  static final int REJECTED = 1;

  /** Exit code when the server or Kafka could not be reached or failed. */
  static final int UNAVAILABLE = 3;

  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  static byte[] read(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      throw new UserError(file + ": no such file");
    }
    return Files.readAllBytes(file);
  }

  @Command(
      name = "submit",
      mixinStandardHelpOptions = true,
      description = {
        "Upload an SBOM to ingest-sbom (POST /api/v1/sbom) and wait for its component events.",
        "Exit 0 when accepted, 1 when rejected (the server's reason and every violation on stderr),",
        "3 when the server cannot be reached or fails."
      })
  static final class Submit implements Callable<Integer> {
    @Option(
        names = "--url",
        required = true,
        description = "Base URL of ingest-sbom, e.g. http://vigil:8081.")
    String url;

    @Option(
        names = "--api-key",
        defaultValue = "${env:VIGIL_API_KEY}",
        description = "API key (X-Api-Key); default: the VIGIL_API_KEY environment variable.")
    String apiKey;

    @Option(names = "--project", required = true, description = "Project name.")
    String project;

    @Option(names = "--version", description = "Project version.")
    String version;

    @Option(names = "--lenient", description = "Accept a schema-invalid document with warnings.")
    boolean lenient;

    @Option(names = "--no-wait", description = "Answer as soon as the document is stored.")
    boolean noWait;

    @Option(
        names = "--timeout",
        defaultValue = "120",
        description = "Seconds to wait for the server (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Parameters(index = "0", paramLabel = "FILE", description = "The SBOM document.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] document = read(file);
      boolean gzip = document.length > 64 * 1024 && !Submissions.isGzip(document);
      byte[] body = gzip ? Submissions.gzip(document) : document;
      String target =
          url.replaceAll("/+$", "")
              + "/api/v1/sbom?project="
              + URLEncoder.encode(project, StandardCharsets.UTF_8)
              + (version == null
                  ? ""
                  : "&version=" + URLEncoder.encode(version, StandardCharsets.UTF_8))
              + (lenient ? "&lenient=true" : "")
              + (noWait ? "&wait=false" : "");
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(target))
              .timeout(Duration.ofSeconds(timeoutSeconds))
              .header("Content-Type", "application/octet-stream")
              .POST(HttpRequest.BodyPublishers.ofByteArray(body));
      if (gzip) {
        req.header("Content-Encoding", "gzip");
      }
      if (apiKey != null && !apiKey.isBlank()) {
        req.header("X-Api-Key", apiKey);
      }
      HttpResponse<String> resp;
      try {
        resp =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .build()
                .send(req.build(), HttpResponse.BodyHandlers.ofString());
      } catch (ConnectException | java.net.http.HttpConnectTimeoutException e) {
        throw new UserError("cannot reach " + url + ": " + e, UNAVAILABLE);
      }
      PrintWriter err = spec.commandLine().getErr();
      if (resp.statusCode() / 100 == 2) {
        spec.commandLine().getOut().println(resp.body());
        spec.commandLine().getOut().flush();
        return 0;
      }
      String reason = resp.body();
      List<String> violations = new ArrayList<>();
      try {
        JsonNode n = JSON.readTree(resp.body());
        reason = n.path("message").asText(resp.body());
        n.path("details").path("violations").forEach(v -> violations.add(v.asText()));
      } catch (IOException notJson) {
        // the server's body is printed as is
      }
      err.println("vigil sbom submit: rejected (HTTP " + resp.statusCode() + "): " + reason);
      violations.forEach(v -> err.println("  " + v));
      err.flush();
      return resp.statusCode() / 100 == 5 ? UNAVAILABLE : REJECTED;
    }
  }

  @Command(
      name = "inspect",
      mixinStandardHelpOptions = true,
      description = {
        "Parse and validate an SBOM locally and print its distinct components as JSON lines",
        "{\"purl\", \"name\", \"version\", \"type\", \"scope\", \"direct\"}.",
        "Strict by default: an invalid document prints every violation on stderr and exits 1."
      })
  static final class Inspect implements Callable<Integer> {
    @Option(
        names = "--lenient",
        description =
            "Print the components of a schema-invalid document (violations become warnings on stderr).")
    boolean lenient;

    @Option(
        names = "--max-bytes",
        defaultValue = "52428800",
        description = "Largest document accepted, after decompression (default ${DEFAULT-VALUE}).")
    long maxBytes;

    @Parameters(
        index = "0",
        paramLabel = "FILE",
        description = "The SBOM document (gzip accepted).")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] document;
      try {
        document = Submissions.maybeGunzip(read(file), maxBytes);
      } catch (Submissions.DocumentTooLargeException e) {
        throw new UserError(file + ": " + e.getMessage(), REJECTED);
      }
      SbomIntake.Result result = SbomIntake.read(document, lenient);
      PrintWriter err = spec.commandLine().getErr();
      if (!result.accepted()) {
        err.println("vigil sbom inspect: " + file + ": " + result.reason());
        result.violations().forEach(v -> err.println("  " + v));
        err.flush();
        return REJECTED;
      }
      result.warnings().forEach(w -> err.println("warning: " + w));
      err.flush();
      PrintWriter out = spec.commandLine().getOut();
      for (ComponentEvents.Item item : ComponentEvents.items(result.document())) {
        var c = item.component();
        ObjectNode line = JSON.createObjectNode();
        line.put("purl", c.getPurl());
        line.put("name", c.getName());
        line.put("version", c.getVersion());
        line.put("type", c.getType());
        line.put("scope", c.getScope());
        if (c.getDirect() == null) {
          line.putNull("direct");
        } else {
          line.put("direct", c.getDirect());
        }
        out.println(JSON.writeValueAsString(line));
      }
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Put an SBOM on the submissions topic (vigil.sbom.submissions.v1) for ingest-sbom: gzip-compressed",
        "and split into chunks when large, so no record exceeds the broker limit. Prints the token.",
        "With --wait, waits for the outcome: exit 1 when ingest-sbom rejects the document."
      })
  static final class Publish implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--project", required = true, description = "Project name.")
    String project;

    @Option(names = "--version", description = "Project version.")
    String version;

    @Option(names = "--lenient", description = "Ask for lenient validation.")
    boolean lenient;

    @Option(
        names = "--wait",
        description = "Wait for ingest-sbom's outcome (reads vigil.sbom.status.v1).")
    boolean await;

    @Option(
        names = "--timeout",
        defaultValue = "120",
        description = "With --wait: seconds to wait (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(
        names = "--chunk-bytes",
        defaultValue = "786432",
        description =
            "Largest chunk per record (default ${DEFAULT-VALUE}, below the 1 MiB broker default).")
    int chunkBytes;

    @Parameters(index = "0", paramLabel = "FILE", description = "The SBOM document.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] document = read(file);
      KafkaSettings settings = kafka.settings();
      String token = UUID.randomUUID().toString();
      Submissions.Envelope envelope =
          new Submissions.Envelope(
              token, project, version, null, lenient, false, "kafka", null, Instant.now());
      try (StatusWatch watch = await ? new StatusWatch(settings) : null;
          SubmissionPublisher publisher = new SubmissionPublisher(settings, "vigil-sbom-publish")) {
        List<SbomSubmission> chunks;
        try {
          chunks = publisher.publish(envelope, document, null, chunkBytes);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new UserError(
              "could not publish to " + settings.bootstrapServers() + ": " + e.getCause(),
              UNAVAILABLE);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("token", token);
        out.put("topic", settings.catalog().sbomSubmissions().name());
        out.put("chunks", chunks.size());
        out.put("compression", chunks.get(0).getCompression().name());
        spec.commandLine().getOut().println(JSON.writeValueAsString(out));
        spec.commandLine().getOut().flush();
        if (watch == null) {
          return 0;
        }
        SbomStatus status = watch.await(token, Duration.ofSeconds(timeoutSeconds));
        if (status == null) {
          throw new UserError(
              "no outcome for "
                  + token
                  + " within "
                  + timeoutSeconds
                  + " s (is ingest-sbom running?)",
              UNAVAILABLE);
        }
        spec.commandLine()
            .getOut()
            .println(JSON.writeValueAsString(SbomIngestService.statusJson(status)));
        spec.commandLine().getOut().flush();
        if (status.getState() == SbomProcessingState.REJECTED) {
          PrintWriter err = spec.commandLine().getErr();
          err.println(
              "vigil sbom publish: rejected by ingest-sbom ("
                  + status.getViolationCount()
                  + " violations):");
          status.getViolations().forEach(v -> err.println("  " + v));
          err.flush();
          return REJECTED;
        }
        return 0;
      }
    }
  }

  /** Reads the status topic from its current end, to see one submission's outcome. */
  static final class StatusWatch implements AutoCloseable {
    private final KafkaConsumer<String, SbomStatus> consumer;

    StatusWatch(KafkaSettings settings) {
      var topic = settings.catalog().sbomStatus();
      consumer =
          new KafkaConsumer<>(
              settings.consumer("vigil-sbom-publish-" + UUID.randomUUID(), "vigil-sbom-publish"),
              new StringDeserializer(),
              settings.serdeFactory().value(topic));
      List<TopicPartition> partitions = new ArrayList<>();
      consumer
          .partitionsFor(topic.name(), Duration.ofSeconds(30))
          .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position); // fix the start before anything is published
    }

    SbomStatus await(String token, Duration timeout) {
      long deadline = System.nanoTime() + timeout.toNanos();
      while (System.nanoTime() < deadline) {
        for (ConsumerRecord<String, SbomStatus> r : consumer.poll(Duration.ofMillis(200))) {
          if (token.equals(r.key())
              && r.value() != null
              && r.value().getState() != SbomProcessingState.PROCESSING) {
            return r.value();
          }
        }
      }
      return null;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }
}
