package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "correlator",
    mixinStandardHelpOptions = true,
    description = "Run the Kafka Streams correlator and its query API.")
final class CorrelatorCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'correlator' is not built yet (issue 7)");
  }
}
