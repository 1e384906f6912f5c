package io.vigil.advisories.nvd;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.advisories.FeedContext;
import io.vigil.advisories.OsvNormalizer;
import io.vigil.advisories.Progress;
import io.vigil.advisories.state.IngestStateStore;
import io.vigil.events.v1.NvdCve;
import io.vigil.platform.config.Secret;
import io.vigil.schemas.Topic;
import io.vigil.schemas.serde.AvroSerde;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * NVD CVE API 2.0: pages through {@code /rest/json/cves/2.0} ({@code startIndex}, {@code
 * resultsPerPage}), incrementally by {@code lastModStartDate}/{@code lastModEndDate} windows of at
 * most 120 days from the cursor of the last completed run (a first run reads everything), with the
 * optional {@code apiKey} header and NVD's documented rate limit (5 requests per rolling 30 s
 * without a key, 50 with one) enforced before every request. 403/429/5xx answers are retried with
 * backoff. Also reads saved API responses (or single {@code {"cve": ...}} items) from files.
 *
 * <p>Each CVE is published when its content differs from the one last published; the cursor moves
 * in the transaction that completes its window (windows overlap by 10 minutes for clock skew;
 * unchanged CVEs cost nothing).
 */
public final class NvdFeed {
  private static final Logger log = LoggerFactory.getLogger(NvdFeed.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter NVD_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
  private static final Duration OVERLAP = Duration.ofMinutes(10);

  private final FeedContext ctx;
  private final RateLimiter limiter;
  private final Topic<String, NvdCve> topic;
  private final AvroSerde<NvdCve> serde;

  public NvdFeed(FeedContext ctx, RateLimiter limiter) {
    this.ctx = ctx;
    this.limiter = limiter;
    this.topic = ctx.catalog().nvd();
    this.serde = ctx.serdes().value(topic);
  }

  public NvdFeed(FeedContext ctx) {
    this(ctx, new RateLimiter(ctx.config().nvdRequestsPerWindow(), ctx.config().nvdWindow()));
  }

  public Progress ingest(String where) throws IOException {
    try {
      Progress p = FeedContext.isUrl(where) ? ingestApi(where) : ingestFiles(Path.of(where));
      ctx.writer().commit();
      return p;
    } catch (IOException | RuntimeException e) {
      ctx.writer().abort();
      throw e;
    }
  }

  private Progress ingestFiles(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(path + " does not exist");
    }
    Progress progress = new Progress("nvd " + path, ctx.progressOut());
    List<Path> files;
    try (Stream<Path> s = Files.walk(path)) {
      files =
          s.filter(Files::isRegularFile)
              .filter(f -> f.toString().endsWith(".json"))
              .sorted()
              .toList();
    }
    for (Path f : files) {
      byte[] raw = Files.readAllBytes(f);
      JsonNode root;
      try {
        root = JSON.readTree(raw);
      } catch (IOException e) {
        ctx.deadLetter(
            "nvd",
            "@" + f,
            f.toString(),
            f.toString(),
            "parse",
            "not JSON: " + e.getMessage(),
            raw);
        progress.rejected(1);
        continue;
      }
      page(root, f.toString(), progress);
    }
    return progress;
  }

  /** Handles one API response ({@code vulnerabilities[]}) or one item; returns the CVE count. */
  private int page(JsonNode root, String location, Progress progress) throws IOException {
    List<JsonNode> cves = new ArrayList<>();
    if (root.has("vulnerabilities")) {
      root.path("vulnerabilities").forEach(v -> cves.add(v.path("cve")));
    } else if (root.has("cve")) {
      cves.add(root.path("cve"));
    } else if (root.has("id")) {
      cves.add(root);
    }
    int i = 0;
    for (JsonNode cve : cves) {
      one(cve, location + "#" + i++, progress);
      ctx.writer().maybeCommit();
    }
    return cves.size();
  }

  private void one(JsonNode cve, String location, Progress progress) throws IOException {
    byte[] raw = JSON.writeValueAsBytes(cve);
    String hash = OsvNormalizer.sha256(raw);
    if (ctx.state().isCurrent("nvd", hash)) {
      ctx.metrics().unchanged("nvd", 1);
      progress.unchanged(1);
      return;
    }
    Instant now = ctx.clock().instant();
    NvdCve parsed;
    try {
      parsed = NvdParser.parse(cve, now);
    } catch (NvdParser.InvalidCveException e) {
      ctx.deadLetter("nvd", "@" + hash, location, location, "parse", e.getMessage(), raw);
      progress.rejected(1);
      return;
    }
    IngestStateStore.Entry prev = ctx.state().get("nvd", parsed.getCveId());
    long mod = parsed.getLastModified() == null ? 0 : parsed.getLastModified().toEpochMilli();
    if (prev != null && !prev.rejected() && mod > 0 && mod < prev.modified()) {
      ctx.metrics().stale("nvd", 1);
      progress.unchanged(1);
      return;
    }
    NvdCve fitted =
        RecordTrimmer.fit(
            parsed, ctx.config().maxRecordBytes(), c -> serde.serialize(topic.name(), c).length);
    if (fitted == null) {
      ctx.deadLetter(
          "nvd",
          parsed.getCveId(),
          parsed.getCveId(),
          location,
          "publish",
          "record too large even without cpeMatches (limit "
              + ctx.config().maxRecordBytes()
              + " bytes)",
          raw);
      progress.rejected(1);
      return;
    }
    if (fitted.getCpeMatchesOmitted() > 0) {
      log.info(
          "{}: {} of {} cpeMatches omitted to stay under {} bytes",
          parsed.getCveId(),
          fitted.getCpeMatchesOmitted(),
          parsed.getCpeMatches().size(),
          ctx.config().maxRecordBytes());
    }
    ctx.writer().send(topic.name(), parsed.getCveId(), serde.serialize(topic.name(), fitted));
    ctx.writer()
        .state(
            IngestStateStore.key("nvd", parsed.getCveId()),
            ctx.state().put("nvd", parsed.getCveId(), hash, parsed.getLastModified(), false, now));
    ctx.metrics().ingested("nvd", 1);
    progress.published(1);
  }

  private Progress ingestApi(String base) throws IOException {
    Progress progress = new Progress("nvd " + base, ctx.progressOut());
    String cursorName = "nvd|" + base;
    String cursor = ctx.state().cursor(cursorName);
    Instant runStart = ctx.clock().instant();
    List<Instant[]> windows = new ArrayList<>();
    if (cursor == null) {
      windows.add(new Instant[] {null, runStart});
    } else {
      Instant from = Instant.parse(cursor).minus(OVERLAP);
      Duration max = Duration.ofDays(ctx.config().nvdMaxRangeDays());
      while (from.isBefore(runStart)) {
        Instant to = from.plus(max).isBefore(runStart) ? from.plus(max) : runStart;
        windows.add(new Instant[] {from, to});
        from = to;
      }
    }
    Map<String, Secret> headers =
        ctx.config().nvdApiKey() == null || ctx.config().nvdApiKey().isBlank()
            ? Map.of()
            : Map.of("apiKey", ctx.config().nvdApiKey());
    for (Instant[] w : windows) {
      int start = 0;
      while (true) {
        StringBuilder url = new StringBuilder(base);
        url.append(base.contains("?") ? '&' : '?')
            .append("resultsPerPage=")
            .append(ctx.config().nvdResultsPerPage())
            .append("&startIndex=")
            .append(start);
        if (w[0] != null) {
          url.append("&lastModStartDate=").append(param(w[0]));
          url.append("&lastModEndDate=").append(param(w[1]));
        }
        try {
          limiter.acquire();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted", e);
        }
        URI uri = URI.create(url.toString());
        byte[] body = ctx.http().getBytes(uri, headers, s -> s == 403 || s == 429 || s >= 500);
        JsonNode root = JSON.readTree(body);
        int total = root.path("totalResults").asInt(0);
        if (start == 0 && progress.done() == 0) {
          progress.total(total);
        }
        int n = page(root, uri.toString(), progress);
        start += n;
        if (n == 0 || start >= total) {
          break;
        }
      }
      ctx.writer()
          .state(
              IngestStateStore.cursorKey(cursorName),
              ctx.state().cursor(cursorName, w[1].toString(), ctx.clock().instant()));
      ctx.writer().commit();
    }
    return progress;
  }

  private static String param(Instant t) {
    return URLEncoder.encode(NVD_TIME.format(t) + "+00:00", StandardCharsets.UTF_8);
  }
}
