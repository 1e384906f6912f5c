package io.vigil.advisories;

import io.vigil.core.osv.OsvReader;
import io.vigil.platform.config.Secret;
import java.time.Duration;
import java.util.List;

/**
 * Settings of ingest-advisories (config file section {@code ingestAdvisories}); every field has a
 * documented default, so an absent section is a working configuration.
 *
 * <pre>
 * ingestAdvisories:
 *   osvBaseUrl: https://osv-vulnerabilities.storage.googleapis.com
 *   osvEcosystems: [Maven, npm, PyPI]        # default: the bucket's ecosystems.txt
 *   osvFullDumpThreshold: 2000               # more changed ids than this: fetch all.zip instead
 *   nvdUrl: https://services.nvd.nist.gov/rest/json/cves/2.0
 *   nvdApiKey: ${env:NVD_API_KEY}            # optional; raises the rate limit from 5 to 50 / 30 s
 *   kevUrl: https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json
 *   epssUrl: https://epss.empiricalsecurity.com/epss_scores-current.csv.gz
 *   proxy: http://proxy.internal:3128        # default: the JVM's (https.proxyHost, ...)
 *   proxyUser: ${env:PROXY_USER}
 *   proxyPassword: ${env:PROXY_PASSWORD}
 *   connectTimeout: 10s
 *   requestTimeout: 60s
 *   retries: 4
 *   retryBackoff: 1s
 *   interval: 1h                             # --interval overrides; absent and no flag: run once
 *   batchSize: 5000
 *   workers: 2
 *   maxRecordBytes: 1000000
 *   maxEntryBytes: 4000000                   # one record read (zip entry inflated, file, URL)
 *   maxResponseBytes: 128000000              # one HTTP body held in memory (NVD page, KEV, ...)
 *   maxFeedBytes: 16000000000                # one source read: a download, a zip's inflated bytes
 * </pre>
 *
 * @param osvBaseUrl base of the OSV bucket layout ({@code <base>/<ecosystem>/all.zip}, {@code
 *     <base>/<ecosystem>/modified_id.csv}, {@code <base>/ecosystems.txt}); used by {@code --source
 *     osv:default}; default the public OSV bucket
 * @param osvEcosystems ecosystems to read from a bucket layout; default (null): every line of
 *     {@code <base>/ecosystems.txt}
 * @param osvFullDumpThreshold when {@code modified_id.csv} lists more changed records than this,
 *     the ecosystem's {@code all.zip} is fetched instead of single records; default 2000
 * @param nvdUrl NVD CVE API 2.0 endpoint used by {@code --source nvd:default}
 * @param nvdApiKey NVD API key, sent as the {@code apiKey} header; default none
 * @param nvdResultsPerPage page size; default (and NVD's maximum) 2000
 * @param nvdRequestsPerWindow requests allowed per {@code nvdWindow}; default 5 without a key, 50
 *     with one (NVD's documented limits)
 * @param nvdWindow the rolling rate-limit window; default 30s
 * @param nvdMaxRangeDays largest lastModified window per query; default 120 (NVD's maximum)
 * @param kevUrl CISA KEV catalog used by {@code --source kev:default}
 * @param epssUrl EPSS daily scores used by {@code --source epss:default}
 * @param proxy HTTP proxy as {@code http://host:port}; default the JVM's proxy settings
 * @param proxyUser proxy user (Basic); default none
 * @param proxyPassword proxy password; default none
 * @param connectTimeout TCP connect timeout; default 10s
 * @param requestTimeout time to wait for a response's headers; default 60s
 * @param retries attempts after the first on timeouts, I/O errors, 429 and 5xx; default 4
 * @param retryBackoff first retry delay, doubled per attempt (Retry-After wins); default 1s
 * @param interval time between refreshes when running continuously; default none (run once)
 * @param batchSize records per Kafka transaction; default 5000
 * @param workers threads parsing, validating and serializing records; default the CPU count
 * @param maxRecordBytes largest serialized record published; default 1,000,000 (below the broker's
 *     default 1 MiB limit even on topics created outside Vigil)
 * @param maxEntryBytes the largest record read: a zip entry (inflated), a record file, a record
 *     fetched by URL; a larger one is dead-lettered unread beyond this size (a zip bomb's entry
 *     never reaches memory) and the others go on; default 4,000,000 (a record's JSON is larger than
 *     its Avro, and an advisory above {@code maxRecordBytes} is first trimmed of derived versions)
 * @param maxResponseBytes the largest HTTP body held in memory (an NVD page, the KEV catalog, a
 *     {@code modified_id.csv}); larger: the source fails with that reason and a DLQ entry; default
 *     128,000,000
 * @param maxFeedBytes the most one source read may take in: the bytes of a download (a zip, the
 *     EPSS file) and the inflated bytes of a zip or directory (declared sizes are checked before
 *     reading, actual ones while reading); beyond: the read stops with a clear error and a DLQ
 *     entry, what was read before is published, the other sources go on; default 16,000,000,000
 *     (the full OSV {@code all.zip} inflates to a few GB)
 * @param transactionalId Kafka transactional id (one writer at a time; the topic prefix is
 *     prepended); default {@code vigil-ingest-advisories}
 */
public record IngestAdvisoriesConfig(
    String osvBaseUrl,
    List<String> osvEcosystems,
    Integer osvFullDumpThreshold,
    String nvdUrl,
    Secret nvdApiKey,
    Integer nvdResultsPerPage,
    Integer nvdRequestsPerWindow,
    Duration nvdWindow,
    Integer nvdMaxRangeDays,
    String kevUrl,
    String epssUrl,
    String proxy,
    Secret proxyUser,
    Secret proxyPassword,
    Duration connectTimeout,
    Duration requestTimeout,
    Integer retries,
    Duration retryBackoff,
    Duration interval,
    Integer batchSize,
    Integer workers,
    Integer maxRecordBytes,
    String transactionalId,
    Integer maxEntryBytes,
    Integer maxResponseBytes,
    Long maxFeedBytes) {

  public static final String SECTION = "ingestAdvisories";

  public IngestAdvisoriesConfig {
    osvBaseUrl = strip(or(osvBaseUrl, "https://osv-vulnerabilities.storage.googleapis.com"));
    osvEcosystems = osvEcosystems == null ? null : List.copyOf(osvEcosystems);
    osvFullDumpThreshold = or(osvFullDumpThreshold, 2000);
    nvdUrl = or(nvdUrl, "https://services.nvd.nist.gov/rest/json/cves/2.0");
    nvdResultsPerPage = or(nvdResultsPerPage, 2000);
    nvdRequestsPerWindow =
        or(nvdRequestsPerWindow, nvdApiKey == null || nvdApiKey.isBlank() ? 5 : 50);
    nvdWindow = or(nvdWindow, Duration.ofSeconds(30));
    nvdMaxRangeDays = or(nvdMaxRangeDays, 120);
    kevUrl =
        or(
            kevUrl,
            "https://www.cisa.gov/sites/default/files/feeds/known_exploited_vulnerabilities.json");
    epssUrl = or(epssUrl, "https://epss.empiricalsecurity.com/epss_scores-current.csv.gz");
    connectTimeout = or(connectTimeout, Duration.ofSeconds(10));
    requestTimeout = or(requestTimeout, Duration.ofSeconds(60));
    retries = or(retries, 4);
    retryBackoff = or(retryBackoff, Duration.ofSeconds(1));
    batchSize = or(batchSize, 5000);
    workers = or(workers, Math.max(1, Runtime.getRuntime().availableProcessors()));
    maxRecordBytes = or(maxRecordBytes, 1_000_000);
    transactionalId = or(transactionalId, "vigil-ingest-advisories");
    maxEntryBytes =
        or(maxEntryBytes, (int) Math.max(OsvReader.Limits.DEFAULT.maxEntryBytes(), maxRecordBytes));
    maxResponseBytes = or(maxResponseBytes, 128_000_000);
    maxFeedBytes = or(maxFeedBytes, OsvReader.Limits.DEFAULT.maxReadBytes());
    if (maxEntryBytes < maxRecordBytes
        || maxEntryBytes > Integer.MAX_VALUE - 16
        || maxResponseBytes < 1_000_000
        || maxResponseBytes > Integer.MAX_VALUE - 16
        || maxFeedBytes < maxEntryBytes) {
      throw new IllegalArgumentException(
          SECTION
              + ": maxEntryBytes must be maxRecordBytes.."
              + (Integer.MAX_VALUE - 16)
              + ", maxResponseBytes 1000000.."
              + (Integer.MAX_VALUE - 16)
              + ", maxFeedBytes >= maxEntryBytes");
    }
    if (batchSize < 1 || workers < 1 || retries < 0 || maxRecordBytes < 10_000) {
      throw new IllegalArgumentException(
          SECTION + ": batchSize and workers must be >= 1, retries >= 0, maxRecordBytes >= 10000");
    }
    if (nvdResultsPerPage < 1 || nvdResultsPerPage > 2000 || nvdRequestsPerWindow < 1) {
      throw new IllegalArgumentException(
          SECTION + ": nvdResultsPerPage must be 1..2000 and nvdRequestsPerWindow >= 1");
    }
  }

  public static IngestAdvisoriesConfig defaults() {
    return new IngestAdvisoriesConfig(
        null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
        null, null, null, null, null, null, null, null, null, null, null);
  }

  /** The same settings with another refresh interval ({@code null}: run once). */
  public IngestAdvisoriesConfig withInterval(Duration d) {
    return new IngestAdvisoriesConfig(
        osvBaseUrl,
        osvEcosystems,
        osvFullDumpThreshold,
        nvdUrl,
        nvdApiKey,
        nvdResultsPerPage,
        nvdRequestsPerWindow,
        nvdWindow,
        nvdMaxRangeDays,
        kevUrl,
        epssUrl,
        proxy,
        proxyUser,
        proxyPassword,
        connectTimeout,
        requestTimeout,
        retries,
        retryBackoff,
        d,
        batchSize,
        workers,
        maxRecordBytes,
        transactionalId,
        maxEntryBytes,
        maxResponseBytes,
        maxFeedBytes);
  }

  /** The same settings with other HTTP timeouts and retries (tests, slow links). */
  public IngestAdvisoriesConfig withHttp(
      Duration connect, Duration request, int retries, Duration backoff) {
    return new IngestAdvisoriesConfig(
        osvBaseUrl,
        osvEcosystems,
        osvFullDumpThreshold,
        nvdUrl,
        nvdApiKey,
        nvdResultsPerPage,
        nvdRequestsPerWindow,
        nvdWindow,
        nvdMaxRangeDays,
        kevUrl,
        epssUrl,
        proxy,
        proxyUser,
        proxyPassword,
        connect,
        request,
        retries,
        backoff,
        interval,
        batchSize,
        workers,
        maxRecordBytes,
        transactionalId,
        maxEntryBytes,
        maxResponseBytes,
        maxFeedBytes);
  }

  /** The same settings with another NVD rate limit (tests against a local stand-in). */
  public IngestAdvisoriesConfig withNvdRate(int requests, Duration window, int perPage) {
    return new IngestAdvisoriesConfig(
        osvBaseUrl,
        osvEcosystems,
        osvFullDumpThreshold,
        nvdUrl,
        nvdApiKey,
        perPage,
        requests,
        window,
        nvdMaxRangeDays,
        kevUrl,
        epssUrl,
        proxy,
        proxyUser,
        proxyPassword,
        connectTimeout,
        requestTimeout,
        retries,
        retryBackoff,
        interval,
        batchSize,
        workers,
        maxRecordBytes,
        transactionalId,
        maxEntryBytes,
        maxResponseBytes,
        maxFeedBytes);
  }

  /** The same settings with another batch size and record limit (tests, benchmarks). */
  public IngestAdvisoriesConfig withBatching(int batch, int maxBytes) {
    return new IngestAdvisoriesConfig(
        osvBaseUrl,
        osvEcosystems,
        osvFullDumpThreshold,
        nvdUrl,
        nvdApiKey,
        nvdResultsPerPage,
        nvdRequestsPerWindow,
        nvdWindow,
        nvdMaxRangeDays,
        kevUrl,
        epssUrl,
        proxy,
        proxyUser,
        proxyPassword,
        connectTimeout,
        requestTimeout,
        retries,
        retryBackoff,
        interval,
        batch,
        workers,
        maxBytes,
        transactionalId,
        maxEntryBytes,
        maxResponseBytes,
        maxFeedBytes);
  }

  /** The same settings with other read limits (tests of zip bombs and large feeds). */
  public IngestAdvisoriesConfig withReadLimits(int entry, int response, long feed) {
    return new IngestAdvisoriesConfig(
        osvBaseUrl,
        osvEcosystems,
        osvFullDumpThreshold,
        nvdUrl,
        nvdApiKey,
        nvdResultsPerPage,
        nvdRequestsPerWindow,
        nvdWindow,
        nvdMaxRangeDays,
        kevUrl,
        epssUrl,
        proxy,
        proxyUser,
        proxyPassword,
        connectTimeout,
        requestTimeout,
        retries,
        retryBackoff,
        interval,
        batchSize,
        workers,
        maxRecordBytes,
        transactionalId,
        entry,
        response,
        feed);
  }

  /** The limits of one OSV read ({@code maxEntryBytes}, {@code maxFeedBytes}). */
  public OsvReader.Limits readLimits() {
    return new OsvReader.Limits(maxEntryBytes, maxFeedBytes);
  }

  private static <T> T or(T v, T d) {
    return v == null ? d : v;
  }

  private static String strip(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
