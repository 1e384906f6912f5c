package io.vigil.cli;

import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil fix-plan --project P}: the correlator's fix plan of a project; {@code vigil fix-plan
 * --portfolio [--team T] [--tag X] [--top N]}: the upgrades of packages that resolve the most
 * across every project.
 */
@Command(
    name = "fix-plan",
    mixinStandardHelpOptions = true,
    description = {
      "Print a project's fix plan: the upgrades that close its open, unsuppressed vulnerabilities,",
      "highest SSVC outcome then most risk (KEV, then severity) first, each with what it closes,",
      "the path it acts on and, for a transitive component, how to force the version.",
      "With --portfolio instead of --project: per package, the upgrade that resolves the most",
      "open exposures across every project (projects, exposures, Act and KEV counts).",
      "Asks the correlator's query API (GET /api/v1/projects/{project}/fix-plan or",
      "GET /api/v1/fix-plan).",
      "Exit 0 with the plan, 1 when the correlator refuses the request, 3 when it cannot answer."
    })
final class FixPlanCommand implements Callable<Integer> {
  static final int REFUSED = 1;
  static final int UNAVAILABLE = 3;

  @Option(names = "--project", description = "Project (id) to plan for.")
  String project;

  @Option(names = "--portfolio", description = "Plan across every project instead.")
  boolean portfolio;

  @Option(names = "--team", description = "With --portfolio: only this team's projects.")
  String team;

  @Option(names = "--tag", description = "With --portfolio: only projects with this tag.")
  String tag;

  @Option(
      names = "--top",
      defaultValue = "20",
      description = "With --portfolio: how many upgrades (1-1000, default ${DEFAULT-VALUE}).")
  int top;

  @Option(
      names = "--url",
      defaultValue = "http://localhost:8083",
      description = "Base URL of the correlator's query API (default ${DEFAULT-VALUE}).")
  String url;

  @Option(
      names = "--api-key",
      defaultValue = "${env:VIGIL_API_KEY}",
      description = "API key (X-Api-Key); default: the VIGIL_API_KEY environment variable.")
  String apiKey;

  @Option(
      names = "--format",
      defaultValue = "markdown",
      description = "markdown or json (default ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--timeout",
      defaultValue = "60",
      description = "Seconds to wait for the answer (default ${DEFAULT-VALUE}).")
  int timeoutSeconds;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    if (!format.equals("markdown") && !format.equals("json")) {
      throw new UserError("--format must be markdown or json, not '" + format + "'");
    }
    if ((project == null) == !portfolio) {
      throw new UserError("give either --project P or --portfolio");
    }
    if (!portfolio && (team != null || tag != null)) {
      throw new UserError("--team and --tag go with --portfolio");
    }
    String base = url.replaceAll("/+$", "");
    String target =
        portfolio
            ? base
                + "/api/v1/fix-plan?format="
                + format
                + "&top="
                + top
                + (team == null ? "" : "&team=" + enc(team))
                + (tag == null ? "" : "&tag=" + enc(tag))
            : base + "/api/v1/projects/" + enc(project) + "/fix-plan?format=" + format;
    return get(spec, "fix-plan", target, apiKey, timeoutSeconds);
  }

  /**
   * GETs a query API answer and prints it as is: exit 0 with it, 1 when the correlator refuses the
   * request (4xx), 3 when it cannot be reached or cannot answer (5xx).
   */
  static int get(CommandSpec spec, String command, String target, String apiKey, int timeoutSeconds)
      throws Exception {
    HttpRequest.Builder req =
        HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(timeoutSeconds));
    if (apiKey != null && !apiKey.isBlank()) {
      req.header("X-Api-Key", apiKey);
    }
    HttpResponse<String> resp;
    try {
      resp =
          HttpClient.newBuilder()
              .connectTimeout(Duration.ofSeconds(10))
              .build()
              .send(req.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException | HttpConnectTimeoutException e) {
      throw new UserError("cannot reach " + target + ": " + e, UNAVAILABLE);
    }
    if (resp.statusCode() / 100 == 2) {
      spec.commandLine().getOut().print(resp.body());
      if (!resp.body().endsWith("\n")) {
        spec.commandLine().getOut().println();
      }
      spec.commandLine().getOut().flush();
      return 0;
    }
    spec.commandLine()
        .getErr()
        .println(
            "vigil "
                + command
                + ": HTTP "
                + resp.statusCode()
                + " from "
                + target
                + ": "
                + resp.body());
    spec.commandLine().getErr().flush();
    return resp.statusCode() / 100 == 5 ? UNAVAILABLE : REFUSED;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
