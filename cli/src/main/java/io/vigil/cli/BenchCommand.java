package io.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.bench.LoadBench;
import io.vigil.bench.Log4ShellBench;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark harness; progress on stderr, one JSON line of results last.",
    subcommands = {BenchCommand.Log4Shell.class, BenchCommand.Load.class})
final class BenchCommand implements Callable<Integer> {
  @Override
  public Integer call() {
    throw new UserError("name a benchmark: 'vigil bench log4shell' or 'vigil bench load'");
  }

  static int print(Map<String, Object> result) throws Exception {
    System.out.println(new ObjectMapper().writeValueAsString(result));
    return 0;
  }

  /** Options every correlator benchmark shares. */
  static class Common {
    @Option(names = "--partitions", defaultValue = "6", description = "Repartition partitions.")
    int partitions;

    @Option(names = "--package-shards", defaultValue = "4", description = "Shards per package.")
    int shards;

    @Option(names = "--threads", defaultValue = "2", description = "Stream threads.")
    int threads;

    @Option(names = "--cache-mb", defaultValue = "128", description = "Shared RocksDB cache.")
    int cacheMb;

    @Option(
        names = {"-b", "--bootstrap-servers"},
        description = "Use this cluster instead of an in-process broker.")
    String bootstrapServers;
  }

  @Command(
      name = "log4shell",
      mixinStandardHelpOptions = true,
      description =
          "N projects × M components loaded; a Log4Shell-like advisory lands; time to the K-th NEW exposure.")
  static final class Log4Shell implements Callable<Integer> {
    @Option(names = "--projects", defaultValue = "10000")
    int projects;

    @Option(names = "--components-per-project", defaultValue = "200")
    int componentsPerProject;

    @Option(names = "--affected", defaultValue = "1000")
    int affected;

    @Option(names = "--runs", defaultValue = "5", description = "Advisories published, one by one.")
    int runs;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      if (affected > projects) {
        throw new UserError("--affected must not exceed --projects");
      }
      return print(
          Log4ShellBench.run(
              new Log4ShellBench.Params(
                  projects,
                  componentsPerProject,
                  affected,
                  runs,
                  common.partitions,
                  common.shards,
                  common.threads,
                  common.cacheMb,
                  common.bootstrapServers)));
    }
  }

  @Command(
      name = "load",
      mixinStandardHelpOptions = true,
      description =
          "Component and advisory events/s into a warm correlator, against a same-run baseline Streams app.")
  static final class Load implements Callable<Integer> {
    @Option(names = "--projects", defaultValue = "1000")
    int projects;

    @Option(names = "--components-per-project", defaultValue = "200")
    int componentsPerProject;

    @Option(names = "--advisories", defaultValue = "4000")
    int advisories;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      return print(
          LoadBench.run(
              new LoadBench.Params(
                  projects,
                  componentsPerProject,
                  advisories,
                  common.partitions,
                  common.shards,
                  common.threads,
                  common.cacheMb,
                  common.bootstrapServers)));
    }
  }
}
