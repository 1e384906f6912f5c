package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "scan",
    mixinStandardHelpOptions = true,
    description = "Scan SBOMs offline against OSV records.")
final class ScanCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'scan' is not built yet (issue 4)");
  }
}
