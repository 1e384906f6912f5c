package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.vex.InvalidVexException;
import io.vigil.core.vex.VexParser;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.events.v1.SubmissionKind;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.sbom.SubmissionPublisher;
import io.vigil.sbom.Submissions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil vex import|export}: the VEX half of {@code vigil triage}, under its own name; and
 * {@code vigil vex publish}: a VEX document on the submissions topic, as {@code vigil sbom publish}
 * puts an SBOM there.
 */
@Command(
    name = "vex",
    mixinStandardHelpOptions = true,
    description =
        "Import VEX documents as decisions (HTTP, or the submissions topic), export a project's"
            + " VEX.",
    subcommands = {
      TriageCommand.Import.class,
      TriageCommand.Export.class,
      VexCommand.Publish.class
    })
final class VexCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "publish",
      mixinStandardHelpOptions = true,
      description = {
        "Put a VEX document (CycloneDX JSON/XML, OpenVEX, CSAF) on the submissions",
        "topic (vigil.sbom.submissions.v1, kind VEX): ingest-sbom imports its statements",
        "as the project's decisions (vigil.analyses.v1), as POST /api/v1/analyses/vex",
        "does. The document is read first: an invalid one is not published (exit 1,",
        "every problem listed). Prints the token."
      })
  static final class Publish implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--project", required = true, description = "Target project.")
    String project;

    @Option(names = "--version", description = "Target project version (default: every version).")
    String version;

    @Option(
        names = "--author",
        description =
            "Who imports it: the decisions' author when the document names none (submittedBy).")
    String author;

    @Option(
        names = "--chunk-bytes",
        defaultValue = "786432",
        description =
            "Largest chunk per record (default ${DEFAULT-VALUE}, below the 1 MiB broker default).")
    int chunkBytes;

    @Parameters(index = "0", paramLabel = "FILE", description = "The VEX document.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] document = SbomCommand.read(file);
      try {
        VexParser.parse(document);
      } catch (InvalidVexException e) {
        PrintWriter err = spec.commandLine().getErr();
        err.println(
            "vigil vex publish: "
                + file
                + " is not a valid VEX document ("
                + e.problems().size()
                + " problems); nothing was published:");
        e.problems().forEach(p -> err.println("  " + p));
        err.flush();
        return SbomCommand.REJECTED;
      }
      KafkaSettings settings = kafka.settings();
      String token = UUID.randomUUID().toString();
      Submissions.Envelope envelope =
          new Submissions.Envelope(
                  token, project, version, null, false, false, "kafka", author, Instant.now())
              .withKind(SubmissionKind.VEX);
      try (SubmissionPublisher publisher = new SubmissionPublisher(settings, "vigil-vex-publish")) {
        List<SbomSubmission> chunks;
        try {
          chunks = publisher.publish(envelope, document, null, chunkBytes);
        } catch (java.util.concurrent.ExecutionException e) {
          throw new UserError(
              "could not publish to " + settings.bootstrapServers() + ": " + e.getCause(),
              SbomCommand.UNAVAILABLE);
        }
        ObjectNode out = JSON.createObjectNode();
        out.put("token", token);
        out.put("topic", settings.catalog().sbomSubmissions().name());
        out.put("kind", SubmissionKind.VEX.name());
        out.put("chunks", chunks.size());
        spec.commandLine().getOut().println(JSON.writeValueAsString(out));
        spec.commandLine().getOut().flush();
        return 0;
      }
    }
  }
}
