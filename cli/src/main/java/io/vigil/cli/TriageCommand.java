package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil triage set|list|delete|import|export}: the triage API of ingest-sbom over HTTP
 * ({@code /api/v1/analyses}, {@code /api/v1/projects/{project}/vex}). Exit 0 on success, 1 when the
 * server refused the request (its reason and every problem on stderr), 3 when it cannot be reached
 * or fails.
 */
@Command(
    name = "triage",
    mixinStandardHelpOptions = true,
    description = "Record, list and delete triage decisions; import and export VEX.",
    subcommands = {
      TriageCommand.Set.class,
      TriageCommand.ListDecisions.class,
      TriageCommand.Delete.class,
      TriageCommand.Import.class,
      TriageCommand.Export.class
    })
final class TriageCommand implements Runnable {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  /** Where the triage API is and how to authenticate. */
  static final class Server {
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

    @Option(
        names = "--timeout",
        defaultValue = "60",
        description = "Seconds to wait for the server (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    /** Sends the request; a refusal or failure becomes a {@link UserError} naming the reason. */
    HttpResponse<byte[]> send(String method, String pathAndQuery, byte[] body, String contentType) {
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + pathAndQuery))
              .timeout(Duration.ofSeconds(timeoutSeconds))
              .method(
                  method,
                  body == null
                      ? HttpRequest.BodyPublishers.noBody()
                      : HttpRequest.BodyPublishers.ofByteArray(body));
      if (contentType != null) {
        req.header("Content-Type", contentType);
      }
      if (apiKey != null && !apiKey.isBlank()) {
        req.header("X-Api-Key", apiKey);
      }
      HttpResponse<byte[]> resp;
      try {
        resp =
            HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(10))
                .build()
                .send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (ConnectException | java.net.http.HttpConnectTimeoutException e) {
        throw new UserError("cannot reach " + url + ": " + e, SbomCommand.UNAVAILABLE);
      } catch (IOException e) {
        throw new UserError(url + " failed: " + e, SbomCommand.UNAVAILABLE);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new UserError("interrupted", SbomCommand.UNAVAILABLE);
      }
      if (resp.statusCode() / 100 == 2) {
        return resp;
      }
      String text = new String(resp.body(), StandardCharsets.UTF_8);
      StringBuilder reason = new StringBuilder();
      try {
        JsonNode n = JSON.readTree(text);
        reason.append(n.path("message").asText(text));
        n.path("details").path("problems").forEach(p -> reason.append("\n  ").append(p.asText()));
      } catch (IOException notJson) {
        reason.setLength(0);
        reason.append(text); // printed as is
      }
      throw new UserError(
          "refused (HTTP " + resp.statusCode() + "): " + reason,
          resp.statusCode() / 100 == 5 ? SbomCommand.UNAVAILABLE : SbomCommand.REJECTED);
    }
  }

  static String q(String name, String value) {
    return value == null || value.isBlank()
        ? ""
        : "&" + name + "=" + URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** {@code ?a=1&b=2} of the non-empty parts, or the empty string. */
  static String query(String... parts) {
    String joined = String.join("", parts);
    return joined.isEmpty() ? "" : "?" + joined.substring(1);
  }

  static void print(CommandSpec spec, byte[] body) {
    PrintWriter out = spec.commandLine().getOut();
    out.println(new String(body, StandardCharsets.UTF_8));
    out.flush();
  }

  @Command(
      name = "set",
      mixinStandardHelpOptions = true,
      description = {
        "Record a decision (PUT /api/v1/analyses; the key needs the role triage).",
        "--project with --component: that component in the project; --project alone: the whole",
        "project; --component alone: that package in every project (portfolio)."
      })
  static final class Set implements Callable<Integer> {
    @Mixin Server server;

    @Option(names = "--project", description = "Project name.")
    String project;

    @Option(names = "--version", description = "Project version (default: every version).")
    String version;

    @Option(
        names = "--component",
        description = "Component: a purl (without version: every version) or bom-ref:REF.")
    String component;

    @Option(
        names = "--vulnerability",
        required = true,
        description = "Vulnerability: CVE, GHSA or other id (aliases apply too).")
    String vulnerability;

    @Option(
        names = "--state",
        required = true,
        description =
            "in_triage, exploitable, false_positive, not_affected or resolved"
                + " (not_affected and false_positive silence alerts).")
    String state;

    @Option(
        names = "--justification",
        description =
            "Why not affected: a VEX label (vulnerable_code_not_in_execute_path, ...) or a"
                + " CycloneDX one (code_not_reachable, ...).")
    String justification;

    @Option(
        names = "--response",
        description = "can_not_fix, will_not_fix, update, rollback, workaround_available (repeat).")
    List<String> responses = new ArrayList<>();

    @Option(names = "--detail", description = "Impact statement / analysis detail.")
    String detail;

    @Option(names = "--action", description = "Action statement (what users should do).")
    String action;

    @Option(names = "--comment", description = "Comment for the audit trail.")
    String comment;

    @Option(
        names = "--valid-until",
        description = "ISO-8601 instant after which the decision stops applying.")
    String validUntil;

    @Option(
        names = "--author",
        description = "Author, when the key may name one (role delegate) or no key is used.")
    String author;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      ObjectNode body = JSON.createObjectNode();
      put(body, "project", project);
      put(body, "version", version);
      put(body, "component", component);
      put(body, "vulnerability", vulnerability);
      put(body, "state", state);
      put(body, "justification", justification);
      if (!responses.isEmpty()) {
        responses.forEach(body.putArray("responses")::add);
      }
      put(body, "detail", detail);
      put(body, "actionStatement", action);
      put(body, "comment", comment);
      put(body, "validUntil", validUntil);
      put(body, "author", author);
      print(
          spec,
          server
              .send("PUT", "/api/v1/analyses", JSON.writeValueAsBytes(body), "application/json")
              .body());
      return 0;
    }

    private static void put(ObjectNode n, String field, String value) {
      if (value != null && !value.isBlank()) {
        n.put(field, value);
      }
    }
  }

  @Command(
      name = "list",
      mixinStandardHelpOptions = true,
      description = "The current decisions as JSON lines (GET /api/v1/analyses).")
  static final class ListDecisions implements Callable<Integer> {
    @Mixin Server server;

    @Option(names = "--project", description = "Only this project's decisions.")
    String project;

    @Option(names = "--version", description = "Only this project version's.")
    String version;

    @Option(names = "--vulnerability", description = "Only this vulnerability's (any id).")
    String vulnerability;

    @Option(names = "--history", description = "With each decision's audit trail.")
    boolean history;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] body =
          server
              .send(
                  "GET",
                  "/api/v1/analyses"
                      + query(
                          q("project", project),
                          q("version", version),
                          q("vulnerability", vulnerability),
                          history ? "&history=true" : ""),
                  null,
                  null)
              .body();
      JsonNode n = JSON.readTree(body);
      PrintWriter out = spec.commandLine().getOut();
      n.path("items").forEach(i -> out.println(i.toString()));
      n.path("deleted").forEach(i -> out.println(i.toString()));
      out.flush();
      return 0;
    }
  }

  @Command(
      name = "delete",
      mixinStandardHelpOptions = true,
      description = "Delete a decision by its key (DELETE /api/v1/analyses; role triage).")
  static final class Delete implements Callable<Integer> {
    @Mixin Server server;

    @Option(names = "--key", required = true, description = "The key, as `triage list` prints it.")
    String key;

    @Option(names = "--reason", description = "Why, for the audit trail.")
    String reason;

    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      print(
          spec,
          server
              .send(
                  "DELETE",
                  "/api/v1/analyses" + query(q("key", key), q("reason", reason)),
                  null,
                  null)
              .body());
      return 0;
    }
  }

  @Command(
      name = "import",
      mixinStandardHelpOptions = true,
      description = {
        "Import a VEX document (CycloneDX JSON/XML, OpenVEX, CSAF) as decisions",
        "(POST /api/v1/analyses/vex; role triage): into --project, else the whole portfolio.",
        "An invalid document is refused with every problem; nothing is kept."
      })
  static final class Import implements Callable<Integer> {
    @Mixin Server server;

    @Option(names = "--project", description = "Target project (default: the portfolio).")
    String project;

    @Option(names = "--version", description = "Target project version.")
    String version;

    @Parameters(index = "0", paramLabel = "FILE", description = "The VEX document.")
    Path file;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] document = SbomCommand.read(file);
      print(
          spec,
          server
              .send(
                  "POST",
                  "/api/v1/analyses/vex" + query(q("project", project), q("version", version)),
                  document,
                  "application/octet-stream")
              .body());
      return 0;
    }
  }

  @Command(
      name = "export",
      mixinStandardHelpOptions = true,
      description =
          "A project's VEX: its exposures and their decisions (GET /api/v1/projects/{project}/vex).")
  static final class Export implements Callable<Integer> {
    @Mixin Server server;

    @Option(names = "--project", required = true, description = "Project name.")
    String project;

    @Option(names = "--version", description = "Project version.")
    String version;

    @Option(
        names = "--format",
        defaultValue = "cyclonedx",
        description = "cyclonedx (1.6 JSON) or openvex (default ${DEFAULT-VALUE}).")
    String format;

    @Option(names = "--author", description = "The document's author (default Vigil).")
    String author;

    @Option(
        names = {"-o", "--output"},
        description = "Write the document here (default: standard output).")
    Path output;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      byte[] doc =
          server
              .send(
                  "GET",
                  "/api/v1/projects/"
                      + URLEncoder.encode(project, StandardCharsets.UTF_8).replace("+", "%20")
                      + "/vex"
                      + query(q("version", version), q("format", format), q("author", author)),
                  null,
                  null)
              .body();
      if (output == null) {
        print(spec, doc);
      } else {
        Files.write(output, doc);
      }
      return 0;
    }
  }
}
