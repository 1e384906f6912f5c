package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = "Run the whole pipeline (broker, ingestion, correlator, alerting) in one JVM.")
final class DemoCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'demo' is not built yet (issue 3)");
  }
}
