package io.vigil.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code vigil vex import|export}: the VEX half of {@code vigil triage}, under its own name. */
@Command(
    name = "vex",
    mixinStandardHelpOptions = true,
    description = "Import VEX documents as decisions, export a project's VEX.",
    subcommands = {TriageCommand.Import.class, TriageCommand.Export.class})
final class VexCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }
}
