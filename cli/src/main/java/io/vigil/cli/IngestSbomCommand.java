package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "ingest-sbom",
    mixinStandardHelpOptions = true,
    description = "Run the SBOM ingestion service (HTTP API, Kafka submissions).")
final class IngestSbomCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'ingest-sbom' is not built yet (issue 5)");
  }
}
