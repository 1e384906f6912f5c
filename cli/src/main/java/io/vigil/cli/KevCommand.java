package io.vigil.cli;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil kev evidence --cve CVE}: the evidence export of a KEV vulnerability. */
@Command(
    name = "kev",
    mixinStandardHelpOptions = true,
    description = "Actively exploited vulnerabilities (CISA KEV).",
    subcommands = {KevCommand.Evidence.class})
final class KevCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  @Command(
      name = "evidence",
      mixinStandardHelpOptions = true,
      description = {
        "Print the evidence for a vulnerability: every affected product and version, how it",
        "reaches the component, when it was first seen, the decision and fix status, each",
        "against the due date (KEV's, or the remediation policy's when earlier).",
        "Asks the correlator's query API (GET /api/v1/kev/{cve}/evidence).",
        "Exit 0 with the export, 1 when the correlator refuses the request, 3 when it cannot answer."
      })
  static final class Evidence implements Callable<Integer> {
    @Option(names = "--cve", required = true, description = "The CVE id (CVE-YYYY-NNNN).")
    String cve;

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
        description = "markdown, json or csv (default ${DEFAULT-VALUE}).")
    String format;

    @Option(
        names = "--timeout",
        defaultValue = "60",
        description = "Seconds to wait for the answer (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Spec CommandSpec spec;

    @Override
    public Integer call() throws Exception {
      if (!List.of("markdown", "json", "csv").contains(format)) {
        throw new UserError("--format must be markdown, json or csv, not '" + format + "'");
      }
      String target =
          url.replaceAll("/+$", "")
              + "/api/v1/kev/"
              + URLEncoder.encode(cve.strip(), StandardCharsets.UTF_8)
              + "/evidence?format="
              + format;
      return FixPlanCommand.get(spec, "kev evidence", target, apiKey, timeoutSeconds);
    }
  }
}
