package io.vigil.cli;

import picocli.CommandLine;

/**
 * Turns an exception escaping a subcommand into one clear line on stderr and exit code 1. {@link
 * UserError}s (bad input, missing files) print only their message; anything else also prints the
 * stack trace when {@code VIGIL_DEBUG} is set.
 */
final class CliExceptionHandler implements CommandLine.IExecutionExceptionHandler {
  @Override
  public int handleExecutionException(
      Exception ex, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    String name = commandLine.getCommandName();
    if (ex instanceof UserError) {
      commandLine.getErr().println("vigil " + name + ": " + ex.getMessage());
      return ((UserError) ex).exitCode();
    }
    commandLine.getErr().println("vigil " + name + ": " + ex);
    if (System.getenv("VIGIL_DEBUG") != null) {
      ex.printStackTrace(commandLine.getErr());
    }
    return 1;
  }
}
