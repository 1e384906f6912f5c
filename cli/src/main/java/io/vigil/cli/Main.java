package io.vigil.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The one launcher. Every service is a subcommand; each runs alone against {@code
 * --bootstrap-servers} or, for {@code demo}, all together on an in-process broker.
 */
@Command(
    name = "vigil",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description =
        "Tells you, within seconds of a disclosure, which applications ship the affected component.",
    subcommands = {
      CommandLine.HelpCommand.class,
      DemoCommand.class,
      IngestSbomCommand.class,
      IngestAdvisoriesCommand.class,
      CorrelatorCommand.class,
      AlertingCommand.class,
      ConsoleCommand.class,
      TopicsCommand.class,
      VersionsCommand.class,
      ScanCommand.class,
      SbomCommand.class,
      TriageCommand.class,
      VexCommand.class,
      ProjectCommand.class,
      FeedsCommand.class,
      RiskCommand.class,
      AlertsCommand.class,
      FixPlanCommand.class,
      PolicyCommand.class,
      KevCommand.class,
    },
    footer = {
      "",
      "Benchmarks (a checkout, not this distribution): ./vigil bench NAME, see bench/README.md."
    })
public final class Main implements Runnable {

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  public static void main(String[] args) {
    int code = commandLine().execute(args);
    System.exit(code);
  }

  /** The configured command line; tests call {@code execute} on it without exiting the JVM. */
  public static CommandLine commandLine() {
    CommandLine cl = new CommandLine(new Main());
    cl.setExecutionExceptionHandler(new CliExceptionHandler());
    cl.setCaseInsensitiveEnumValuesAllowed(true);
    return cl;
  }
}
