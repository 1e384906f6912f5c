package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "ingest-advisories",
    mixinStandardHelpOptions = true,
    description = "Run the advisory feed readers (OSV, GHSA, NVD, KEV, EPSS).")
final class IngestAdvisoriesCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'ingest-advisories' is not built yet (issue 6)");
  }
}
