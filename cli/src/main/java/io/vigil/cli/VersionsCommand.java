package io.vigil.cli;

import io.vigil.core.version.VersionScheme;
import io.vigil.core.version.VersionSchemes;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
    name = "versions",
    mixinStandardHelpOptions = true,
    description = "Compare versions the way the matching engine does.",
    subcommands = {VersionsCommand.Compare.class})
final class VersionsCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getOut());
    return 0;
  }

  @Command(
      name = "compare",
      mixinStandardHelpOptions = true,
      description = {
        "Reads 'A<TAB>B' lines on stdin; prints one line per input line: -1, 0, 1 or ERR <reason>.",
        "A version the ecosystem does not accept gives ERR with the reason, never an order."
      })
  static final class Compare implements Callable<Integer> {
    @Option(
        names = "--ecosystem",
        required = true,
        paramLabel = "ECOSYSTEM",
        description =
            "OSV ecosystem name (Maven, npm, PyPI, Go, crates.io, RubyGems, NuGet, Packagist, Pub, Hex, Hackage, CRAN, SwiftURL, Bitnami, Debian, Ubuntu, Alpine, Red Hat, AlmaLinux, Rocky Linux, SUSE, ...), with or without a ':suffix'.")
    String ecosystem;

    @Spec picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws IOException {
      VersionScheme scheme =
          VersionSchemes.forEcosystem(ecosystem)
              .orElseThrow(
                  () ->
                      new UserError("no version order is known for ecosystem '" + ecosystem + "'"));
      PrintWriter out = spec.commandLine().getOut();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
      String line;
      while ((line = in.readLine()) != null) {
        if (line.endsWith("\r")) {
          line = line.substring(0, line.length() - 1);
        }
        int tab = line.indexOf('\t');
        if (tab < 0 || line.indexOf('\t', tab + 1) >= 0) {
          out.println("ERR expected exactly one TAB between two versions");
        } else {
          out.println(scheme.compare(line.substring(0, tab), line.substring(tab + 1)));
        }
      }
      out.flush();
      return 0;
    }
  }
}
