package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "topics",
    mixinStandardHelpOptions = true,
    description = "Create and check the topics of the catalog.")
final class TopicsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'topics' is not built yet (issue 3)");
  }
}
