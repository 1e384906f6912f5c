package io.vigil.cli;

import io.vigil.console.ConsoleConfig;
import io.vigil.console.ConsoleService;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Metrics;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "console",
    mixinStandardHelpOptions = true,
    description = {
      "Run the console: web pages over the correlator's query API (Portfolio, Vulnerability, Project,",
      "Package) and the exposures topic as it happens (Live). Log in with one of http.apiKeys;",
      "http.roles says which keys may triage; decisions go to ingest-sbom's triage API",
      "(console.triageApiUrl, console.triageApiKey)."
    })
final class ConsoleCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--port", description = "HTTP port (overrides console.httpPort; 0: any).")
  Integer port;

  @Option(
      names = "--query-api",
      split = ",",
      description = "Query API base URLs (overrides console.queryApiUrls).")
  List<String> queryApi;

  @Override
  public Integer call() throws Exception {
    ConsoleConfig cfg = kafka.configSource().bind("console", ConsoleConfig.class);
    if (port != null) {
      cfg = cfg.withHttpPort(port);
    }
    if (queryApi != null && !queryApi.isEmpty()) {
      cfg = cfg.withQueryApi(queryApi, cfg.queryApiKey());
    }
    KafkaSettings settings = kafka.settings();
    Metrics metrics = new Metrics("console").watchBroker(settings);
    ConsoleService svc =
        new ConsoleService(settings, cfg, HttpSecurity.fromConfig(kafka.configSource()), metrics)
            .start();
    System.err.println("vigil console: pages at " + svc.url());
    return ServiceRunner.runUntilStopped(
        "console",
        () -> {
          svc.close();
          metrics.close();
        });
  }
}
