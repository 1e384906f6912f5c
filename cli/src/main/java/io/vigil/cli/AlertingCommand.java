package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "alerting",
    mixinStandardHelpOptions = true,
    description = "Run the alerting service (Slack, Jira, webhooks).")
final class AlertingCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'alerting' is not built yet (issue 8)");
  }
}
