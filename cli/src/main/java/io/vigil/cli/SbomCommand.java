package io.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;

@Command(
    name = "sbom",
    mixinStandardHelpOptions = true,
    description = "Submit, publish or inspect SBOMs.")
final class SbomCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("'sbom' is not built yet (issue 5)");
  }
}
