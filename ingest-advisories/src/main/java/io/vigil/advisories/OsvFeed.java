package io.vigil.advisories;

import io.vigil.advisories.http.FeedHttp;
import io.vigil.advisories.limits.FeedLimitException;
import io.vigil.advisories.state.IngestStateStore;
import io.vigil.events.v1.Feed;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The OSV and GHSA sources: local files, directories and zips; a zip at a URL (a per-ecosystem or
 * the full {@code all.zip}); and the OSV bucket layout at a base URL ({@code
 * <base>/ecosystems.txt}, {@code <base>/<ecosystem>/all.zip}, {@code
 * <base>/<ecosystem>/modified_id.csv}, {@code <base>/<ecosystem>/<id>.json}).
 *
 * <p>Incremental refresh of a bucket layout: with a cursor from the last completed run and a {@code
 * modified_id.csv}, only the records listed with a modification time at or after the cursor are
 * fetched one by one (or the whole {@code all.zip} when more than {@code osvFullDumpThreshold}
 * changed); otherwise the ecosystem's {@code all.zip} is read and every record compared with what
 * was last published (content hash and {@code modified}). The cursor moves in the same transaction
 * as the last records of the ecosystem.
 */
public final class OsvFeed {
  private static final Logger log = LoggerFactory.getLogger(OsvFeed.class);

  private final FeedHttp http;
  private final AdvisoryIngestor ingestor;
  private final IngestStateStore state;
  private final FeedWriter writer;
  private final IngestAdvisoriesConfig cfg;
  private final PrintStream progressOut;
  private final Clock clock;

  public OsvFeed(
      FeedHttp http,
      AdvisoryIngestor ingestor,
      IngestStateStore state,
      FeedWriter writer,
      IngestAdvisoriesConfig cfg,
      PrintStream progressOut,
      Clock clock) {
    this.http = http;
    this.ingestor = ingestor;
    this.state = state;
    this.writer = writer;
    this.cfg = cfg;
    this.progressOut = progressOut;
    this.clock = clock;
  }

  /** A local file, directory or zip. */
  public Progress ingestPath(Path path, String source, Feed feed, Predicate<String> include)
      throws IOException {
    if (!Files.exists(path)) {
      throw new IOException(path + " does not exist");
    }
    Progress progress = new Progress(source + " " + path, progressOut);
    progress.total(OsvSource.count(path, include));
    AdvisoryIngestor.Run run = ingestor.start(source, feed, progress);
    try {
      OsvSource.forEach(path, path.toString(), include, cfg.readLimits(), run);
      return run.finish();
    } catch (FeedLimitException e) {
      throw refused(run, e);
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  /**
   * A read stopped by a limit: what was read before is published, the refused file or URL is
   * dead-lettered (with its first bytes when it is a local file), and the error is returned for the
   * caller to throw (the source fails with it; the other sources go on).
   */
  private FeedLimitException refused(AdvisoryIngestor.Run run, FeedLimitException e)
      throws IOException {
    log.error("{}", e.getMessage());
    try {
      run.refuse(e, prefix(e.location()));
      run.finish();
    } catch (IOException | RuntimeException x) {
      writer.abort();
      x.addSuppressed(e);
      throw x;
    }
    return e;
  }

  private static byte[] prefix(String location) throws IOException {
    if (FeedContext.isUrl(location) || !Files.isRegularFile(Path.of(location))) {
      return new byte[0];
    }
    try (java.io.InputStream in = Files.newInputStream(Path.of(location))) {
      return in.readNBytes(OsvSource.PREFIX_BYTES);
    }
  }

  /** A GHSA checkout (github/advisory-database): {@code advisories/**.json}, or a zip of it. */
  public Progress ingestGhsa(Path path) throws IOException {
    Path advisories = path.resolve("advisories");
    if (Files.isDirectory(advisories)) {
      return ingestPath(advisories, "ghsa", Feed.GHSA, n -> true);
    }
    if (Files.isDirectory(path)) {
      return ingestPath(path, "ghsa", Feed.GHSA, n -> true);
    }
    // a zip of the repository: only the advisories tree (skip other JSON such as CI settings)
    return ingestPath(
        path,
        "ghsa",
        Feed.GHSA,
        n ->
            !path.toString().endsWith(".zip")
                || n.startsWith("advisories/")
                || n.contains("/advisories/"));
  }

  /** A zip URL, or the base URL of the OSV bucket layout. */
  public Progress ingestUrl(String url, List<String> ecosystems) throws IOException {
    URI uri = URI.create(url);
    if (uri.getPath() != null && uri.getPath().endsWith(".zip")) {
      return ingestZipUrl(uri, "osv " + url);
    }
    String base = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    List<String> ecos = ecosystems;
    if (ecos == null || ecos.isEmpty()) {
      byte[] list = http.getBytes(URI.create(base + "/ecosystems.txt"), Map.of());
      ecos =
          new String(list, StandardCharsets.UTF_8)
              .lines()
              .map(String::trim)
              .filter(l -> !l.isEmpty() && !l.startsWith("#"))
              .toList();
    }
    Progress total = new Progress("osv " + base, progressOut);
    for (String eco : ecos) {
      Progress p = ingestEcosystem(base, eco);
      total.published(p.published());
      total.unchanged(p.unchanged());
      total.rejected(p.rejected());
    }
    return total;
  }

  private Progress ingestEcosystem(String base, String eco) throws IOException {
    String ecoPath = base + "/" + segment(eco);
    String cursorName = "osv|" + base + "|" + eco;
    Optional<byte[]> csv = http.getIfExists(URI.create(ecoPath + "/modified_id.csv"));
    Map<String, Instant> listed = csv.map(OsvFeed::parseModifiedIds).orElse(Map.of());
    String newCursor =
        listed.values().stream().max(Instant::compareTo).map(Instant::toString).orElse(null);
    String cursor = state.cursor(cursorName);
    Progress progress;
    if (csv.isPresent() && cursor != null) {
      Instant since = Instant.parse(cursor);
      List<String> changed = new ArrayList<>();
      listed.forEach(
          (id, mod) -> {
            if (!mod.isBefore(since)) {
              changed.add(id);
            }
          });
      if (changed.size() <= cfg.osvFullDumpThreshold()) {
        progress = ingestRecords(ecoPath, eco, changed);
      } else {
        log.info("{}: {} records changed since {}: reading all.zip", eco, changed.size(), cursor);
        progress = ingestZipUrl(URI.create(ecoPath + "/all.zip"), "osv " + eco);
      }
    } else {
      progress = ingestZipUrl(URI.create(ecoPath + "/all.zip"), "osv " + eco);
    }
    if (newCursor != null && !newCursor.equals(cursor)) {
      writer.state(
          IngestStateStore.cursorKey(cursorName),
          state.cursor(cursorName, newCursor, clock.instant()));
      writer.commit();
    }
    return progress;
  }

  private Progress ingestRecords(String ecoPath, String eco, List<String> ids) throws IOException {
    Progress progress = new Progress("osv " + eco + " (modified_id.csv)", progressOut);
    progress.total(ids.size());
    AdvisoryIngestor.Run run = ingestor.start("osv", Feed.OSV, progress);
    try {
      for (String id : ids) {
        URI u = URI.create(ecoPath + "/" + segment(id) + ".json");
        Optional<byte[]> body;
        try {
          body = http.getIfExists(u, cfg.maxEntryBytes(), "maxEntryBytes");
        } catch (FeedLimitException e) {
          run.accept(new OsvSource.RawRecord(u.toString(), new byte[0], e.getMessage()));
          continue;
        }
        if (body.isEmpty()) {
          log.warn("{} is listed in modified_id.csv but not served (404): skipped", u);
          continue;
        }
        run.accept(new OsvSource.RawRecord(u.toString(), body.get()));
      }
      return run.finish();
    } catch (IOException | RuntimeException e) {
      writer.abort();
      throw e;
    }
  }

  private Progress ingestZipUrl(URI zip, String label) throws IOException {
    Progress progress = new Progress(label, progressOut);
    Path tmp;
    try {
      tmp = http.download(zip, false).orElseThrow();
    } catch (FeedLimitException e) {
      throw refused(ingestor.start("osv", Feed.OSV, progress), e);
    }
    try {
      progress.total(OsvSource.count(tmp, n -> true));
      AdvisoryIngestor.Run run = ingestor.start("osv", Feed.OSV, progress);
      try {
        OsvSource.forEach(tmp, zip.toString(), n -> true, cfg.readLimits(), run);
        return run.finish();
      } catch (FeedLimitException e) {
        throw refused(run, e);
      } catch (IOException | RuntimeException e) {
        writer.abort();
        throw e;
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  /**
   * {@code modified_id.csv}: one {@code <RFC 3339 time>,<id>} line per record (the root file has
   * {@code <ecosystem>/<id>}); newest first, but order is not relied on. Bad lines are skipped.
   */
  static Map<String, Instant> parseModifiedIds(byte[] csv) {
    Map<String, Instant> out = new LinkedHashMap<>();
    for (String line : new String(csv, StandardCharsets.UTF_8).split("\n")) {
      String l = line.trim();
      int comma = l.indexOf(',');
      if (comma < 0) {
        continue;
      }
      String id = l.substring(comma + 1).trim();
      int slash = id.lastIndexOf('/');
      if (slash >= 0) {
        id = id.substring(slash + 1);
      }
      try {
        out.merge(id, Instant.parse(l.substring(0, comma).trim()), (a, b) -> a.isAfter(b) ? a : b);
      } catch (DateTimeParseException e) {
        // a header or a malformed line: nothing to fetch for it
      }
    }
    return out;
  }

  /** One URL path segment (ecosystem names have spaces, ids may have ':'). */
  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
