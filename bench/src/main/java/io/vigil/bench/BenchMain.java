package io.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The benchmarks' own launcher, {@code ./vigil bench NAME …}: the {@code vigil} script runs it from
 * this module's class path (built on demand), never from the product distribution, which carries no
 * benchmark, JMH or commons-math. Progress on stderr, one JSON line of results last.
 */
@Command(
    name = "vigil bench",
    mixinStandardHelpOptions = true,
    description = "Run a benchmark harness; progress on stderr, one JSON line of results last.",
    subcommands = {
      BenchMain.Log4Shell.class,
      BenchMain.Load.class,
      BenchMain.Epss.class,
      BenchMain.SbomFindings.class,
      PassThroughCommands.Scan.class,
      PassThroughCommands.DistroScan.class,
      PassThroughCommands.SbomIngest.class,
      PassThroughCommands.SbomHeap.class,
      PassThroughCommands.AdvisoryIngest.class,
      PassThroughCommands.Alerting.class,
      PassThroughCommands.Malicious.class,
      PassThroughCommands.Policy.class,
      BenchMain.Console.class,
      PassThroughCommands.Jmh.class
    })
public final class BenchMain implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(System.err);
    return 2;
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new BenchMain()).execute(args));
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

    @Option(
        names = "--affected",
        defaultValue = "1000",
        split = ",",
        description =
            "Affected projects; several (ascending, e.g. 1000,5000,10000) for a curve: one"
                + " advisory per count and run.")
    List<Integer> affected;

    @Option(
        names = "--runs",
        defaultValue = "5",
        description = "Rounds of advisories published one by one; the first is the cold run.")
    int runs;

    @Option(
        names = "--suppress",
        description =
            "After each advisory's exposures, a portfolio-wide not_affected decision on its CVE:"
                + " time to the K-th SUPPRESSED event (result set checked).")
    boolean suppress;

    @Option(
        names = "--fix-plan",
        defaultValue = "0",
        description =
            "Once every advisory is out, ask the portfolio fix plan this many times and time it"
                + " (not with --suppress, which leaves nothing to fix).")
    int fixPlanQueries;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      for (int i = 0; i < affected.size(); i++) {
        if (affected.get(i) < 1
            || affected.get(i) > projects
            || (i > 0 && affected.get(i) <= affected.get(i - 1))) {
          throw new CommandLine.ParameterException(
              new CommandLine(this),
              "--affected must be ascending, at least 1 and not exceed --projects");
        }
      }
      if (fixPlanQueries > 0 && suppress) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--fix-plan and --suppress do not go together");
      }
      if (affected.size() > 13) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--affected takes at most 13 counts");
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
                  common.bootstrapServers,
                  suppress,
                  fixPlanQueries)));
    }
  }

  @Command(
      name = "epss",
      mixinStandardHelpOptions = true,
      description =
          "N projects × M components and A advisories loaded; two daily EPSS files of C CVEs:"
              + " time until re-scored, only material changes emitted (checked).")
  static final class Epss implements Callable<Integer> {
    @Option(names = "--projects", defaultValue = "10000")
    int projects;

    @Option(names = "--components-per-project", defaultValue = "200")
    int componentsPerProject;

    @Option(names = "--advisories", defaultValue = "2000")
    int advisories;

    @Option(names = "--cves", defaultValue = "300000", description = "CVEs in each EPSS file.")
    int cves;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      if (advisories > cves) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--advisories must not exceed --cves");
      }
      return print(
          EpssRescoreBench.run(
              new EpssRescoreBench.Params(
                  projects,
                  componentsPerProject,
                  advisories,
                  cves,
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

    @Option(
        names = "--rounds",
        defaultValue = "3",
        description = "Rounds on fresh topics, alternating which app drains first.")
    int rounds;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      return print(
          LoadBench.run(
              new LoadBench.Params(
                  projects,
                  componentsPerProject,
                  advisories,
                  rounds,
                  common.partitions,
                  common.shards,
                  common.threads,
                  common.cacheMb,
                  common.bootstrapServers)));
    }
  }

  @Command(
      name = "sbom-findings",
      mixinStandardHelpOptions = true,
      description =
          "A boundary-shaped SBOM (thousands of findings) uploaded after the shared advisories:"
              + " upload → first and last exposure, correlator CPU per exposure, result set checked.")
  static final class SbomFindings implements Callable<Integer> {
    @Option(
        names = "--components",
        defaultValue = "3000",
        description = "Components of the SBOM (range edges of the shared OSV records).")
    int components;

    @Option(
        names = "--runs",
        defaultValue = "5",
        description = "Uploads, each as a new project; the first is reported as the cold run.")
    int runs;

    @Option(names = "--seed", defaultValue = "20", description = "Order of the packages taken.")
    long seed;

    @Option(
        names = "--edges-per-package",
        defaultValue = "4",
        description =
            "At most this many edge versions of each package (0: all). 4 gives 3,000 components"
                + " 8,272 findings on the shared data: the held-out boundary SBOM's shape (3,100 /"
                + " 8,250); 0 gives 24,554.")
    int edgesPerPackage;

    @Option(names = "--write-sbom", description = "Also write the generated SBOM to this file.")
    java.nio.file.Path writeSbom;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      if (runs < 2) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--runs must be at least 2 (one cold, the others warm)");
      }
      return print(
          SbomFindingsBench.run(
              new SbomFindingsBench.Params(
                  components,
                  runs,
                  seed,
                  edgesPerPackage,
                  writeSbom,
                  common.partitions,
                  common.shards,
                  common.threads,
                  common.cacheMb,
                  common.bootstrapServers)));
    }
  }

  @Command(
      name = "console",
      mixinStandardHelpOptions = true,
      description =
          "The console's pages on N projects (cold, p50/p95 server time) and its Live page under R exposure events/s.")
  static final class Console implements Callable<Integer> {
    @Option(names = "--projects", defaultValue = "10000")
    int projects;

    @Option(names = "--components-per-project", defaultValue = "20")
    int componentsPerProject;

    @Option(
        names = "--affected",
        defaultValue = "1000",
        description = "Projects on an affected log4j-core.")
    int affected;

    @Option(
        names = "--advisories",
        defaultValue = "2000",
        description = "Advisories of synthetic libraries.")
    int advisories;

    @Option(names = "--requests", defaultValue = "40", description = "Requests per page per run.")
    int requests;

    @Option(names = "--runs", defaultValue = "3")
    int runs;

    @Option(names = "--live-rate", defaultValue = "1000", description = "Exposure events/s.")
    int liveRate;

    @Option(names = "--live-seconds", defaultValue = "30")
    int liveSeconds;

    @Option(names = "--live-pages", defaultValue = "4", description = "Open Live pages.")
    int livePages;

    @picocli.CommandLine.Mixin Common common = new Common();

    @Override
    public Integer call() throws Exception {
      if (affected > projects) {
        throw new CommandLine.ParameterException(
            new CommandLine(this), "--affected must not exceed --projects");
      }
      return print(
          ConsoleBench.run(
              new ConsoleBench.Params(
                  projects,
                  componentsPerProject,
                  affected,
                  advisories,
                  requests,
                  runs,
                  liveRate,
                  liveSeconds,
                  livePages,
                  common.partitions,
                  common.shards,
                  common.threads,
                  common.cacheMb,
                  common.bootstrapServers)));
    }
  }
}
