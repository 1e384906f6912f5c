package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description = "Compare versions the way the matching engine does.")
final class VersionsCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'versions' is not built yet (issue 4)");
  }
}
