package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "Operate on alert deliveries (replay the DLQ).")
final class AlertsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'alerts' is not built yet (issue 8)");
  }
}
