package io.vigil.cli;

import io.vigil.advisories.IngestAdvisoriesConfig;
import io.vigil.advisories.IngestAdvisoriesService;
import io.vigil.advisories.freshness.FeedFreshnessConfig;
import io.vigil.advisories.freshness.FeedStatusView;
import io.vigil.advisories.freshness.FreshnessTracker;
import io.vigil.platform.config.Durations;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "ingest-advisories",
    mixinStandardHelpOptions = true,
    description = {
      "Read advisory feeds and publish normalized advisories (vigil.advisories.v1) and enrichment",
      "(vigil.enrichment.{kev,epss,nvd}.v1): only what changed since the last run; restart-safe.",
      "Sources (repeatable --source kind:location; location = URL, path, or 'default'):",
      "  osv:<url|path>   OSV: a record, a directory, an all.zip, a zip URL, or the bucket layout base URL",
      "  ghsa:<path>      a checkout of github/advisory-database (advisories/**.json)",
      "  nvd:<url|path>   NVD CVE API 2.0 endpoint, or saved API responses",
      "  kev:<url|path>   CISA KEV catalog JSON",
      "  epss:<url|path>  EPSS daily CSV (gzip or plain)"
    })
final class IngestAdvisoriesCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--source",
      required = true,
      description = "A feed, as kind:location (osv:/data/osv/Maven.zip, kev:default). Repeatable.")
  List<String> sources = new ArrayList<>();

  @Option(
      names = "--interval",
      description =
          "Refresh every interval (30m, 1h, PT6H) until stopped (default: ingestAdvisories.interval; none: once).")
  String interval;

  @Option(names = "--once", description = "Run every source once and exit (the default).")
  boolean once;

  @Option(
      names = "--ecosystem",
      description = "OSV bucket layout: only these ecosystems (repeatable; default: all).")
  List<String> ecosystems = new ArrayList<>();

  @Option(names = "--quiet", description = "No progress lines on stderr.")
  boolean quiet;

  @Option(
      names = "--http-port",
      description = "Serve /metrics and /health on this port while running (default: none).")
  Integer httpPort;

  @Override
  public Integer call() throws Exception {
    List<IngestAdvisoriesService.Source> parsed = new ArrayList<>();
    for (String s : sources) {
      try {
        parsed.add(IngestAdvisoriesService.Source.parse(s));
      } catch (IllegalArgumentException e) {
        throw new UserError(e.getMessage());
      }
    }
    IngestAdvisoriesConfig cfg =
        kafka.configSource().bind(IngestAdvisoriesConfig.SECTION, IngestAdvisoriesConfig.class);
    if (cfg == null) {
      cfg = IngestAdvisoriesConfig.defaults();
    }
    if (once && interval != null) {
      throw new UserError("--once and --interval exclude each other");
    }
    Duration every =
        once ? null : interval != null ? Durations.parse(interval, "--interval") : cfg.interval();
    Metrics metrics =
        new Metrics("ingest-advisories")
            .watchBroker(kafka.settings())
            .watchDeadLetters(kafka.settings(), io.vigil.schemas.VigilService.INGEST_ADVISORIES);
    metrics.pipeline().registerAdvisoryMeters(); // every source's counters at 0 from the start
    FeedFreshnessConfig freshnessConfig =
        kafka.configSource().bind(FeedFreshnessConfig.SECTION, FeedFreshnessConfig.class);
    if (freshnessConfig == null) {
      freshnessConfig = FeedFreshnessConfig.defaults();
    }
    java.util.concurrent.atomic.AtomicReference<FreshnessTracker> freshness =
        new java.util.concurrent.atomic.AtomicReference<>();
    HttpService http =
        httpPort == null
            ? null
            : HttpService.builder("ingest-advisories")
                .port(httpPort)
                .metrics(metrics)
                .route(
                    "GET",
                    "/api/v1/feeds",
                    r ->
                        HttpResponse.ok(
                            FeedStatusView.json(
                                freshness.get() == null ? List.of() : freshness.get().statuses(),
                                Clock.systemUTC().instant())))
                .start();
    try (IngestAdvisoriesService svc =
            new IngestAdvisoriesService(
                kafka.settings(),
                cfg,
                metrics.registry(),
                quiet ? null : System.err,
                Clock.systemUTC());
        FreshnessTracker tracker =
            new FreshnessTracker(
                kafka.settings(),
                freshnessConfig,
                kinds(parsed),
                every,
                metrics.registry(),
                Clock.systemUTC())) {
      freshness.set(tracker);
      svc.freshness(tracker);
      svc.osvEcosystems(ecosystems);
      if (every == null) {
        return report(svc.runOnce(parsed)) ? 0 : 1;
      }
      tracker.startChecking();
      CountDownLatch stop = new CountDownLatch(1);
      Runtime.getRuntime().addShutdownHook(new Thread(stop::countDown, "ingest-advisories-stop"));
      System.err.println(
          "vigil ingest-advisories: refreshing every " + every + " (Ctrl-C to stop)");
      do {
        report(svc.runOnce(parsed));
      } while (!stop.await(every.toMillis(), TimeUnit.MILLISECONDS));
      return 0;
    } finally {
      if (http != null) {
        http.close();
      }
      metrics.close();
    }
  }

  private static Set<String> kinds(List<IngestAdvisoriesService.Source> sources) {
    Set<String> kinds = new TreeSet<>();
    sources.forEach(s -> kinds.add(s.kind().name().toLowerCase(Locale.ROOT)));
    return kinds;
  }

  private static boolean report(List<IngestAdvisoriesService.SourceResult> results) {
    boolean ok = true;
    for (var r : results) {
      if (r.ok()) {
        System.out.println(
            r.source().label()
                + ": published "
                + r.published()
                + ", unchanged "
                + r.unchanged()
                + ", rejected to the DLQ "
                + r.rejected());
      } else {
        ok = false;
        System.err.println(
            "vigil ingest-advisories: " + r.source().label() + " failed: " + r.error());
      }
    }
    return ok;
  }
}
