package io.vigil.advisories;

import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.advisories.epss.EpssFeed;
import io.vigil.advisories.http.FeedHttp;
import io.vigil.advisories.kev.KevFeed;
import io.vigil.advisories.limits.FeedLimitException;
import io.vigil.advisories.nvd.NvdFeed;
import io.vigil.advisories.nvd.RateLimiter;
import io.vigil.advisories.state.IngestStateStore;
import io.vigil.events.v1.Feed;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.kafka.TopicAdmin;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ingest-advisories: runs the configured feed sources once or on an interval, publishing normalized
 * advisories and enrichment, only what changed, restart-safe (see {@link FeedWriter} and {@link
 * IngestStateStore}).
 */
public final class IngestAdvisoriesService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(IngestAdvisoriesService.class);

  /** The feed kinds of {@code --source kind:location}. */
  public enum Kind {
    OSV,
    GHSA,
    NVD,
    KEV,
    EPSS
  }

  /** One {@code --source}: a kind and a location (URL, path, or {@code default}). */
  public record Source(Kind kind, String location) {
    /** Parses {@code kind:location}; throws IllegalArgumentException naming the problem. */
    public static Source parse(String spec) {
      int i = spec.indexOf(':');
      if (i <= 0) {
        throw new IllegalArgumentException(
            "--source " + spec + ": expected kind:location (kinds: osv, ghsa, nvd, kev, epss)");
      }
      String kind = spec.substring(0, i).toUpperCase(Locale.ROOT);
      String where = spec.substring(i + 1);
      Kind k;
      try {
        k = Kind.valueOf(kind);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "--source "
                + spec
                + ": unknown feed kind '"
                + spec.substring(0, i)
                + "' (known: osv, ghsa, nvd, kev, epss)");
      }
      if (where.isBlank()) {
        throw new IllegalArgumentException("--source " + spec + ": no location");
      }
      if (k == Kind.GHSA && FeedContext.isUrl(where)) {
        throw new IllegalArgumentException(
            "--source " + spec + ": ghsa reads a checkout of github/advisory-database (a path)");
      }
      if (!FeedContext.isUrl(where) && !where.equals("default") && !Files.exists(Path.of(where))) {
        throw new IllegalArgumentException("--source " + spec + ": " + where + " does not exist");
      }
      return new Source(k, where);
    }

    public String label() {
      return kind.name().toLowerCase(Locale.ROOT) + ":" + location;
    }
  }

  /** What one source did in a run (or why it failed). */
  public record SourceResult(
      Source source, long published, long unchanged, long rejected, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  private final IngestAdvisoriesConfig cfg;
  private final FeedContext ctx;
  private final ExecutorService pool;
  private final AdvisoryIngestor ingestor;
  private final OsvFeed osv;
  private final NvdFeed nvd;
  private final KevFeed kev;
  private final EpssFeed epss;
  private List<String> osvEcosystems;
  private io.vigil.advisories.freshness.FreshnessTracker freshness;

  public IngestAdvisoriesService(
      KafkaSettings kafka,
      IngestAdvisoriesConfig cfg,
      MeterRegistry registry,
      PrintStream progressOut,
      Clock clock)
      throws InterruptedException {
    this(kafka, cfg, registry, progressOut, clock, new FeedHttp(cfg), null);
  }

  public IngestAdvisoriesService(
      KafkaSettings kafka,
      IngestAdvisoriesConfig cfg,
      MeterRegistry registry,
      PrintStream progressOut,
      Clock clock,
      FeedHttp http,
      RateLimiter nvdLimiter)
      throws InterruptedException {
    this.cfg = cfg;
    TopicCatalog catalog = kafka.catalog();
    SerdeFactory serdes = kafka.serdeFactory();
    try (Admin admin = Admin.create(kafka.admin())) {
      TopicAdmin.ensure(
          admin,
          List.of(
              catalog.advisories(),
              catalog.kev(),
              catalog.epss(),
              catalog.nvd(),
              catalog.advisoryIngestState(),
              catalog.feedStatus(),
              catalog.deadLetters(VigilService.INGEST_ADVISORIES)));
    }
    IngestStateStore state = new IngestStateStore();
    var stateTopic = catalog.advisoryIngestState();
    var stateSerde = serdes.internal(io.vigil.internal.v1.IngestState.class);
    FeedWriter writer =
        new FeedWriter(
            kafka, cfg.transactionalId(), state, stateTopic, stateSerde, cfg.batchSize());
    long t0 = System.nanoTime();
    state.loadFrom(kafka, stateTopic, stateSerde, Duration.ofMinutes(5));
    log.info(
        "state loaded in {} ms: {} osv, {} ghsa, {} nvd, {} epss records known",
        (System.nanoTime() - t0) / 1_000_000,
        state.size("osv"),
        state.size("ghsa"),
        state.size("nvd"),
        state.size("epss"));
    IngestMetrics metrics = new IngestMetrics(registry);
    this.ctx =
        new FeedContext(
            kafka, cfg, catalog, serdes, writer, state, http, metrics, clock, progressOut);
    this.pool =
        Executors.newFixedThreadPool(
            cfg.workers(),
            r -> {
              Thread t = new Thread(r, "ingest-advisories-worker");
              t.setDaemon(true);
              return t;
            });
    this.ingestor =
        new AdvisoryIngestor(
            writer,
            state,
            new OsvValidator(),
            catalog,
            serdes,
            pool,
            cfg.workers(),
            cfg.maxRecordBytes(),
            metrics,
            clock);
    this.osv = new OsvFeed(http, ingestor, state, writer, cfg, progressOut, clock);
    this.nvd = nvdLimiter == null ? new NvdFeed(ctx) : new NvdFeed(ctx, nvdLimiter);
    this.kev = new KevFeed(ctx);
    this.epss = new EpssFeed(ctx);
    this.osvEcosystems = cfg.osvEcosystems();
  }

  /** Restricts bucket-layout OSV sources to these ecosystems (null: the config's, else all). */
  public void osvEcosystems(List<String> ecosystems) {
    this.osvEcosystems =
        ecosystems == null || ecosystems.isEmpty() ? cfg.osvEcosystems() : ecosystems;
  }

  /** Tells {@code tracker} about every run of a source from now on (feed freshness). */
  public void freshness(io.vigil.advisories.freshness.FreshnessTracker tracker) {
    this.freshness = tracker;
  }

  /** Runs every source once; a failing source is reported and the others still run. */
  public List<SourceResult> runOnce(List<Source> sources) {
    List<SourceResult> out = new ArrayList<>();
    for (Source s : sources) {
      String name = s.kind().name().toLowerCase(Locale.ROOT);
      try {
        Progress p = run(s);
        p.finish();
        ctx.metrics().succeeded(name, ctx.clock().instant().getEpochSecond());
        if (freshness != null) {
          freshness.succeeded(
              name, p.newestRecord() != null ? p.newestRecord() : ctx.state().newestModified(name));
        }
        out.add(new SourceResult(s, p.published(), p.unchanged(), p.rejected(), null));
      } catch (FeedLimitException e) {
        // a bomb or an oversized feed: a clear error and a DLQ entry (the OSV reader wrote its
        // own, after publishing what it read); the other sources go on
        log.error("source {} refused: {}", s.label(), e.getMessage());
        ctx.metrics().fetchFailed(name);
        if (s.kind() != Kind.OSV && s.kind() != Kind.GHSA) {
          try {
            ctx.deadLetter(
                name, "@" + e.location(), e.location(), e.location(), "read", e.getMessage(), null);
            ctx.writer().commit();
          } catch (RuntimeException x) {
            ctx.writer().abort();
            log.error(
                "source {}: the dead letter could not be written: {}", s.label(), x.toString());
          }
        }
        out.add(new SourceResult(s, 0, 0, 1, e.getMessage()));
      } catch (IOException | RuntimeException e) {
        log.error("source {} failed: {}", s.label(), e.toString(), e);
        ctx.metrics().fetchFailed(name);
        if (freshness != null) {
          freshness.failed(name, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        out.add(
            new SourceResult(s, 0, 0, 0, e.getMessage() == null ? e.toString() : e.getMessage()));
      }
    }
    return out;
  }

  private Progress run(Source s) throws IOException {
    String where = s.location();
    switch (s.kind()) {
      case OSV:
        if (where.equals("default")) {
          return osv.ingestUrl(cfg.osvBaseUrl(), osvEcosystems);
        }
        return FeedContext.isUrl(where)
            ? osv.ingestUrl(where, osvEcosystems)
            : osv.ingestPath(Path.of(where), "osv", Feed.OSV, n -> true);
      case GHSA:
        return osv.ingestGhsa(Path.of(where));
      case NVD:
        return nvd.ingest(where.equals("default") ? cfg.nvdUrl() : where);
      case KEV:
        return kev.ingest(where.equals("default") ? cfg.kevUrl() : where);
      case EPSS:
        return epss.ingest(where.equals("default") ? cfg.epssUrl() : where);
      default:
        throw new IllegalStateException("unknown kind " + s.kind());
    }
  }

  /** Publishes raw OSV-form records (the demo, tests): only what changed; committed on return. */
  public Progress publishRecords(List<OsvSource.RawRecord> records, Feed feed) throws IOException {
    try {
      return ingestor.ingest(feed == Feed.GHSA ? "ghsa" : "osv", feed, records);
    } catch (IOException | RuntimeException e) {
      ctx.writer().abort();
      throw e;
    }
  }

  /** The OSV-form ingestor (tests drive an open transaction through it). */
  AdvisoryIngestor ingestor() {
    return ingestor;
  }

  @Override
  public void close() {
    pool.shutdownNow();
    try {
      pool.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    ctx.writer().close();
  }
}
