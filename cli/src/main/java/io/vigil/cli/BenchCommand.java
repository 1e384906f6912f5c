package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark harness and print its JSON result.")
final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'bench' is not built yet (issue 7)");
  }
}
