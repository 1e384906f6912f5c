package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(
    name = "project",
    mixinStandardHelpOptions = true,
    description = "What Vigil knows about a project beyond its SBOM.",
    subcommands = {ProjectCommand.Context.class})
final class ProjectCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "context",
      mixinStandardHelpOptions = true,
      description = {
        "A project's context (owner, team, tags, criticality, exposure) in the registry of",
        "ingest-sbom (PUT/GET/DELETE /api/v1/projects/{project}/context). The registry's parts",
        "override what the project's SBOM declares; a change re-emits its components as UPDATED.",
        "Exit 0 on success, 1 when the server refuses (the reason on stderr), 3 when it cannot be",
        "reached or fails."
      },
      subcommands = {Context.Set.class, Context.Get.class, Context.Delete.class})
  static final class Context implements Runnable {
    @Spec CommandSpec spec;

    @Override
    public void run() {
      spec.commandLine().usage(System.out);
    }

    /** Options every context subcommand takes. */
    static class Server {
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

      @Parameters(index = "0", paramLabel = "PROJECT", description = "The project name.")
      String project;

      @Spec CommandSpec spec;

      int send(String method, String body) throws IOException, InterruptedException {
        String target =
            url.replaceAll("/+$", "")
                + "/api/v1/projects/"
                + URLEncoder.encode(project, StandardCharsets.UTF_8).replace("+", "%20")
                + "/context";
        HttpRequest.Builder req =
            HttpRequest.newBuilder(URI.create(target))
                .timeout(Duration.ofSeconds(30))
                .method(
                    method,
                    body == null
                        ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
          req.header("Content-Type", "application/json");
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
          throw new UserError("cannot reach " + url + ": " + e, SbomCommand.UNAVAILABLE);
        }
        if (resp.statusCode() / 100 == 2) {
          spec.commandLine().getOut().println(resp.body());
          spec.commandLine().getOut().flush();
          return 0;
        }
        String reason = resp.body();
        List<String> problems = new ArrayList<>();
        try {
          JsonNode n = new ObjectMapper().readTree(resp.body());
          reason = n.path("message").asText(resp.body());
          n.path("details").path("problems").forEach(p -> problems.add(p.asText()));
        } catch (IOException notJson) {
          // printed as is
        }
        var err = spec.commandLine().getErr();
        err.println(
            "vigil project context: " + project + ": HTTP " + resp.statusCode() + ": " + reason);
        problems.forEach(p -> err.println("  " + p));
        err.flush();
        return resp.statusCode() / 100 == 5 ? SbomCommand.UNAVAILABLE : SbomCommand.REJECTED;
      }
    }

    @Command(
        name = "set",
        mixinStandardHelpOptions = true,
        description = {
          "Replace the project's registry entry. Parts not given are left to the SBOM.",
          "Example: vigil project context set --url http://vigil:8081 shop \\",
          "  --criticality mission-essential --exposure internet-facing --team checkout --tag pci"
        })
    static final class Set extends Server implements Callable<Integer> {
      @Option(names = "--owner", description = "Who is accountable (free text, e.g. an e-mail).")
      String owner;

      @Option(names = "--team", description = "The team that maintains the project.")
      String team;

      @Option(names = "--tag", description = "A tag (repeatable).")
      List<String> tags = new ArrayList<>();

      @Option(
          names = "--criticality",
          description = "mission-essential, support or minimal (SSVC mission prevalence).")
      String criticality;

      @Option(names = "--exposure", description = "internet-facing or internal.")
      String exposure;

      @Override
      public Integer call() throws Exception {
        ObjectNode body = new ObjectMapper().createObjectNode();
        body.put("owner", owner);
        body.put("team", team);
        tags.forEach(body.putArray("tags")::add);
        if (tags.isEmpty()) {
          body.putArray("tags");
        }
        body.put("criticality", criticality);
        body.put("exposure", exposure);
        return send("PUT", body.toString());
      }
    }

    @Command(
        name = "get",
        mixinStandardHelpOptions = true,
        description =
            "Print the project's context: effective, where each part comes from, both layers.")
    static final class Get extends Server implements Callable<Integer> {
      @Override
      public Integer call() throws Exception {
        return send("GET", null);
      }
    }

    @Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        description = "Remove the project's registry entry (what its SBOM declares applies again).")
    static final class Delete extends Server implements Callable<Integer> {
      @Override
      public Integer call() throws Exception {
        return send("DELETE", null);
      }
    }
  }
}
