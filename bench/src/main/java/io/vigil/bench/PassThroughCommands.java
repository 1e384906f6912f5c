package io.vigil.bench;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code ./vigil bench} subcommands whose harness parses its own arguments ({@link BenchMain}
 * lists them): each hands everything after its name to the harness's {@code main}.
 */
final class PassThroughCommands {
  private PassThroughCommands() {}

  /** A harness with its own argument parsing: the arguments are handed over as they are. */
  abstract static class PassThrough implements Callable<Integer> {
    /** Everything after the name, options included: the harness parses it (bench/README.md). */
    @CommandLine.Unmatched List<String> args = new java.util.ArrayList<>();

    abstract void run(String[] args) throws Exception;

    @Override
    public Integer call() throws Exception {
      run(args.toArray(String[]::new));
      return 0;
    }
  }

  @Command(
      name = "scan",
      description =
          "Offline scan wall clock: ./vigil scan of a synthetic SBOM [components] [runs] [vulnerable share].")
  static final class Scan extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      String[] withRoot = new String[a.length + 1];
      withRoot[0] = System.getProperty("vigil.home", ".");
      System.arraycopy(a, 0, withRoot, 1, a.length);
      ScanWallClock.main(withRoot);
    }
  }

  @Command(
      name = "distro-scan",
      description =
          "./vigil scan of a container-image SBOM against a generated distro feed [feed records] [image packages] [runs].")
  static final class DistroScan extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      String[] withRoot = new String[a.length + 1];
      withRoot[0] = System.getProperty("vigil.home", ".");
      System.arraycopy(a, 0, withRoot, 1, a.length);
      DistroScanWallClock.main(withRoot);
    }
  }

  @Command(
      name = "sbom-ingest",
      description =
          "SBOM ingestion through the HTTP API (SbomIngestBench; --components, --runs, …).")
  static final class SbomIngest extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      SbomIngestBench.main(a);
    }
  }

  @Command(
      name = "sbom-heap",
      description =
          "The largest SBOM ingest-sbom takes at a heap (SbomHeapBench; --heap, --sizes, --parallel,"
              + " --budget).")
  static final class SbomHeap extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      SbomHeapBench.main(a);
    }
  }

  @Command(
      name = "advisory-ingest",
      description =
          "Advisory ingestion of the shared OSV zips and a synthetic dump (AdvisoryIngestBench).")
  static final class AdvisoryIngest extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      AdvisoryIngestBench.main(a);
    }
  }

  @Command(
      name = "alerting",
      description =
          "Alert delivery to Slack/Jira stand-ins (AlertingBench; --projects, --messages, …).")
  static final class Alerting extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      AlertingBench.main(a);
    }
  }

  @Command(
      name = "malicious",
      description =
          "A MAL- record to Slack on the embedded pipeline with 2-minute digests (MaliciousBench;"
              + " --runs, --projects).")
  static final class Malicious extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      MaliciousBench.main(a);
    }
  }

  @Command(
      name = "policy",
      description =
          "CEL policy evaluation cost per exposure (PolicyCostBench: [rules] [rounds] [perRound]).")
  static final class Policy extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      PolicyCostBench.main(a);
    }
  }

  @Command(name = "jmh", description = "JMH benchmarks (arguments of org.openjdk.jmh.Main).")
  static final class Jmh extends PassThrough {
    @Override
    void run(String[] a) throws Exception {
      org.openjdk.jmh.Main.main(a);
    }
  }
}
