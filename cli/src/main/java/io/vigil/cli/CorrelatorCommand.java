package io.vigil.cli;

import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorService;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.KafkaChecks;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.VigilService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "correlator",
    mixinStandardHelpOptions = true,
    description = {
      "Run the Kafka Streams correlator: components × advisories (× KEV/EPSS/NVD) → exposure events.",
      "Serves the query API (GET /api/v1/projects/{project}/exposures, /api/v1/advisories/{id}/exposures,",
      "/api/v1/packages/{purl}/projects), /metrics and /health on --port; several instances share the work",
      "and answer each other's queries (set --advertised-host to a name the other instances can reach)."
    })
final class CorrelatorCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--port",
      description = "HTTP port (overrides correlator.httpPort; 0: any free port).")
  Integer port;

  @Option(
      names = "--advertised-host",
      description =
          "Host other instances reach this one's query API at (correlator.advertisedHost).")
  String advertisedHost;

  @Override
  public Integer call() throws Exception {
    CorrelatorConfig cfg = kafka.configSource().bind("correlator", CorrelatorConfig.class);
    if (port != null || advertisedHost != null) {
      cfg =
          new CorrelatorConfig(
              cfg.applicationId(),
              cfg.partitions(),
              cfg.streamThreads(),
              port != null ? port : cfg.httpPort(),
              advertisedHost != null ? advertisedHost : cfg.advertisedHost(),
              cfg.packageShards(),
              cfg.rocksdbCacheMb(),
              cfg.rocksdbWriteBufferMb(),
              cfg.epssMaterialDelta(),
              cfg.adoptExistingState());
    }
    KafkaSettings settings = kafka.settings();
    Metrics metrics =
        new Metrics("correlator")
            .watchBroker(settings)
            .watchDeadLetters(settings, VigilService.CORRELATOR);
    CorrelatorService svc =
        new CorrelatorService(settings, cfg, metrics, HttpSecurity.fromConfig(kafka.configSource()))
            .start();
    // ready = Streams RUNNING + broker reachable; alive unless Streams failed for good
    metrics.readiness().add("streams", KafkaChecks.streamsRunning(svc.streams()));
    metrics.liveness().add("streams", KafkaChecks.streamsNotFailed(svc.streams()));
    System.err.println("vigil correlator: query API at " + svc.url());
    return ServiceRunner.runUntilStopped(
        "correlator",
        () -> {
          svc.close();
          metrics.close();
        });
  }
}
