package io.vigil.cli;

import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Metrics;
import io.vigil.sbom.IngestSbomConfig;
import io.vigil.sbom.SbomIngestService;
import io.vigil.schemas.VigilService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "ingest-sbom",
    mixinStandardHelpOptions = true,
    description =
        "Run the SBOM ingestion service: the upload API (POST /api/v1/sbom, Dependency-Track's PUT/POST /api/v1/bom, GET /api/v1/sbom/{token}) and the stream processor that turns submissions (HTTP or Kafka) into component events.")
final class IngestSbomCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(names = "--port", description = "HTTP port (default: ingestSbom.httpPort, 8081).")
  Integer port;

  @Override
  public Integer call() throws Exception {
    IngestSbomConfig cfg = kafka.configSource().bind("ingestSbom", IngestSbomConfig.class);
    if (port != null) {
      cfg = cfg.withHttpPort(port);
    }
    KafkaSettings settings = kafka.settings();
    Metrics metrics =
        new Metrics("ingest-sbom")
            .watchBroker(settings)
            .watchDeadLetters(settings, VigilService.INGEST_SBOM);
    SbomIngestService svc =
        new SbomIngestService(
            settings, cfg, metrics, HttpSecurity.fromConfig(kafka.configSource()));
    return ServiceRunner.runUntilStopped(
        "ingest-sbom",
        () -> {
          svc.close();
          metrics.close();
        });
  }
}
