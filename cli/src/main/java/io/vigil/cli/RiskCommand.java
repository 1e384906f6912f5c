package io.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "risk",
    mixinStandardHelpOptions = true,
    description = "Systemic risk across the portfolio.",
    subcommands = {RiskCommand.Top.class})
final class RiskCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "top",
      mixinStandardHelpOptions = true,
      description = {
        "The packages whose compromise would reach the most critical projects, from the",
        "correlator (GET /api/v1/risk/top): most mission-essential projects first, then most",
        "projects, direct users, versions. Exit 0 on success, 1 when the server refuses,",
        "3 when it cannot be reached or fails."
      })
  static final class Top implements Callable<Integer> {
    @Option(
        names = "--url",
        required = true,
        description = "Base URL of the correlator's query API, e.g. http://vigil:8083.")
    String url;

    @Option(
        names = "--api-key",
        defaultValue = "${env:VIGIL_API_KEY}",
        description = "API key (X-Api-Key); default: the VIGIL_API_KEY environment variable.")
    String apiKey;

    @Option(
        names = "--top",
        defaultValue = "20",
        description = "How many packages (1-1000; default ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--json", description = "Print the API's JSON instead of a table.")
    boolean json;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws IOException, InterruptedException {
      String target = url.replaceAll("/+$", "") + "/api/v1/risk/top?top=" + top;
      HttpRequest.Builder req =
          HttpRequest.newBuilder(URI.create(target)).timeout(Duration.ofSeconds(60)).GET();
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
        throw new UserError("cannot reach " + url + ": " + e, SbomCommand.UNAVAILABLE);
      }
      PrintWriter out = spec.commandLine().getOut();
      if (resp.statusCode() / 100 != 2) {
        PrintWriter err = spec.commandLine().getErr();
        err.println("vigil risk top: HTTP " + resp.statusCode() + ": " + resp.body());
        err.flush();
        return resp.statusCode() / 100 == 5 ? SbomCommand.UNAVAILABLE : SbomCommand.REJECTED;
      }
      if (json) {
        out.println(resp.body());
      } else {
        out.print(table(new ObjectMapper().readTree(resp.body())));
      }
      out.flush();
      return 0;
    }
  }

  /** The answer as a table: one line per package, the portfolio's size first. */
  static String table(JsonNode answer) {
    StringBuilder b = new StringBuilder();
    JsonNode p = answer.path("portfolio");
    b.append(
        String.format(
            Locale.ROOT,
            "portfolio: %d projects (%d mission-essential), %d packages%n",
            p.path("projects").asInt(),
            p.path("missionEssentialProjects").asInt(),
            p.path("packages").asInt()));
    b.append(
        String.format(
            Locale.ROOT,
            "%-4s %-60s %9s %9s %7s %11s %9s %8s%n",
            "#",
            "PACKAGE",
            "ESSENTIAL",
            "PROJECTS",
            "SHARE",
            "DIRECT/TR.",
            "UNKNOWN",
            "VERSIONS"));
    int i = 1;
    for (JsonNode r : answer.path("packages")) {
      b.append(
          String.format(
              Locale.ROOT,
              "%-4d %-60s %9d %9d %6.1f%% %5d/%-5d %9d %8d%n",
              i++,
              r.path("packageKey").asText(),
              r.path("missionEssentialProjects").asInt(),
              r.path("projects").asInt(),
              r.path("shareOfProjects").asDouble() * 100,
              r.path("directProjects").asInt(),
              r.path("transitiveProjects").asInt(),
              r.path("unknownReachProjects").asInt(),
              r.path("distinctVersions").asInt()));
    }
    return b.toString();
  }
}
