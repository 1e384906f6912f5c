package io.vigil.advisories.http;

import io.vigil.advisories.IngestAdvisoriesConfig;
import io.vigil.advisories.limits.BoundedInputStream;
import io.vigil.advisories.limits.FeedLimitException;
import io.vigil.core.osv.OsvReader;
import io.vigil.platform.config.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.InetSocketAddress;
import java.net.PasswordAuthentication;
import java.net.ProxySelector;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for the feeds: one JDK {@link HttpClient} with the configured proxy and timeouts, GETs that
 * retry on timeouts, I/O errors, 429 and 5xx with exponential backoff (a {@code Retry-After} header
 * wins), and header values that may be {@link Secret}s (never logged). Every body is bounded: one
 * held in memory by {@code maxResponseBytes} (or the caller's limit), a download to a temporary
 * file by {@code maxFeedBytes}; beyond it (by {@code Content-Length} or by what arrives) the
 * request fails with a {@link FeedLimitException}, not retried.
 */
public final class FeedHttp {
  private static final Logger log = LoggerFactory.getLogger(FeedHttp.class);

  /** A non-retryable HTTP answer (4xx other than 429), or retries exhausted. */
  public static final class FeedHttpException extends IOException {
    private final int status;

    public FeedHttpException(String message, int status, Throwable cause) {
      super(message, cause);
      this.status = status;
    }

    /** The last HTTP status, or -1 when there was no response (timeout, I/O error). */
    public int status() {
      return status;
    }
  }

  /** Sleeps between attempts; tests replace it. */
  @FunctionalInterface
  public interface Sleeper {
    void sleep(Duration d) throws InterruptedException;
  }

  private final HttpClient client;
  private final Duration requestTimeout;
  private final int retries;
  private final Duration backoff;
  private final Sleeper sleeper;
  private final int maxResponseBytes;
  private final long maxDownloadBytes;

  public FeedHttp(IngestAdvisoriesConfig cfg) {
    this(cfg, d -> Thread.sleep(d.toMillis()));
  }

  public FeedHttp(IngestAdvisoriesConfig cfg, Sleeper sleeper) {
    HttpClient.Builder b =
        HttpClient.newBuilder()
            .connectTimeout(cfg.connectTimeout())
            .followRedirects(HttpClient.Redirect.NORMAL);
    if (cfg.proxy() != null && !cfg.proxy().isBlank()) {
      URI p = URI.create(cfg.proxy().contains("://") ? cfg.proxy() : "http://" + cfg.proxy());
      b.proxy(
          ProxySelector.of(new InetSocketAddress(p.getHost(), p.getPort() < 0 ? 80 : p.getPort())));
    } else {
      b.proxy(ProxySelector.getDefault());
    }
    if (cfg.proxyUser() != null && cfg.proxyPassword() != null) {
      Secret user = cfg.proxyUser();
      Secret pass = cfg.proxyPassword();
      b.authenticator(
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return getRequestorType() == RequestorType.PROXY
                  ? new PasswordAuthentication(user.reveal(), pass.reveal().toCharArray())
                  : null;
            }
          });
    }
    this.client = b.build();
    this.requestTimeout = cfg.requestTimeout();
    this.retries = cfg.retries();
    this.backoff = cfg.retryBackoff();
    this.sleeper = sleeper;
    this.maxResponseBytes = cfg.maxResponseBytes();
    this.maxDownloadBytes = cfg.maxFeedBytes();
  }

  private static final IntPredicate TRANSIENT = s -> s == 429 || s >= 500;

  /** The body of a 2xx answer; fails on any other final status. */
  public byte[] getBytes(URI uri, Map<String, Secret> headers) throws IOException {
    return getBytes(uri, headers, TRANSIENT);
  }

  /**
   * The body of a 2xx answer, retrying the statuses {@code retryable} accepts (NVD answers 403 when
   * its rate limit is exceeded).
   */
  public byte[] getBytes(URI uri, Map<String, Secret> headers, IntPredicate retryable)
      throws IOException {
    return get(
            uri,
            headers,
            s -> false,
            retryable,
            inMemory(uri, maxResponseBytes, "maxResponseBytes"))
        .orElseThrow();
  }

  /** The body of a 2xx answer, or empty on 404/410 (an optional file of a layout). */
  public Optional<byte[]> getIfExists(URI uri) throws IOException {
    return getIfExists(uri, maxResponseBytes, "maxResponseBytes");
  }

  /**
   * As {@link #getIfExists(URI)}, bounded by {@code max} bytes (the setting named in the error: a
   * record fetched alone is bounded by {@code maxEntryBytes}).
   */
  public Optional<byte[]> getIfExists(URI uri, int max, String setting) throws IOException {
    return get(uri, Map.of(), s -> s == 404 || s == 410, TRANSIENT, inMemory(uri, max, setting));
  }

  /**
   * Downloads a 2xx body into a temporary file (retried whole, at most {@code maxFeedBytes}); the
   * caller deletes it.
   */
  public Optional<Path> download(URI uri, boolean optional) throws IOException {
    String path = uri.getPath() == null ? "" : uri.getPath();
    int dot = path.lastIndexOf('.');
    String suffix = dot >= 0 && path.length() - dot <= 5 ? path.substring(dot) : ".download";
    Path tmp = Files.createTempFile("vigil-feed-", suffix);
    try {
      Optional<Path> r =
          get(
              uri,
              Map.of(),
              s -> optional && (s == 404 || s == 410),
              TRANSIENT,
              resp -> {
                refuseDeclaredAbove(uri, resp, maxDownloadBytes, "maxFeedBytes");
                try (InputStream in =
                    new BoundedInputStream(
                        resp.body(), redact(uri), maxDownloadBytes, "maxFeedBytes")) {
                  Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
                return tmp;
              });
      if (r.isEmpty()) {
        Files.deleteIfExists(tmp);
      }
      return r;
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /** Reads a body into memory, at most {@code max} bytes. */
  private static BodyReader<byte[]> inMemory(URI uri, int max, String setting) {
    return resp -> {
      refuseDeclaredAbove(uri, resp, max, setting);
      try (InputStream in = resp.body()) {
        byte[] body = OsvReader.readAtMost(in, max);
        if (body == null) {
          throw new FeedLimitException(
              redact(uri),
              String.format(
                  Locale.ROOT,
                  "an HTTP body of more than %,d bytes: refused (ingestAdvisories.%s)",
                  max,
                  setting));
        }
        return body;
      }
    };
  }

  private static void refuseDeclaredAbove(
      URI uri, HttpResponse<InputStream> resp, long max, String setting) throws IOException {
    long declared = resp.headers().firstValueAsLong("Content-Length").orElse(-1);
    if (declared > max) {
      discard(resp.body());
      throw new FeedLimitException(
          redact(uri),
          String.format(
              Locale.ROOT,
              "an HTTP body of %,d bytes (Content-Length), more than %,d: refused"
                  + " (ingestAdvisories.%s)",
              declared,
              max,
              setting));
    }
  }

  /** Turns a 2xx response into the caller's value (reads and closes the body). */
  @FunctionalInterface
  private interface BodyReader<T> {
    T read(HttpResponse<InputStream> response) throws IOException;
  }

  private <T> Optional<T> get(
      URI uri,
      Map<String, Secret> headers,
      IntPredicate absent,
      IntPredicate retryable,
      BodyReader<T> reader)
      throws IOException {
    HttpRequest.Builder rb = HttpRequest.newBuilder(uri).timeout(requestTimeout).GET();
    headers.forEach((k, v) -> rb.header(k, v.reveal()));
    rb.header("User-Agent", "vigil-ingest-advisories");
    HttpRequest req = rb.build();
    Duration delay = backoff;
    IOException last = null;
    int lastStatus = -1;
    for (int attempt = 0; attempt <= retries; attempt++) {
      if (attempt > 0) {
        try {
          sleeper.sleep(delay);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new IOException("interrupted while retrying " + redact(uri), e);
        }
        delay = delay.multipliedBy(2);
      }
      try {
        HttpResponse<InputStream> resp =
            client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        int s = resp.statusCode();
        lastStatus = s;
        if (s >= 200 && s < 300) {
          return Optional.of(reader.read(resp));
        }
        discard(resp.body());
        if (absent.test(s)) {
          return Optional.empty();
        }
        if (retryable.test(s)) {
          Duration ra = retryAfter(resp);
          if (ra != null) {
            delay = ra;
          }
          last = new FeedHttpException("HTTP " + s + " from " + redact(uri), s, null);
          log.warn("{}: HTTP {} (attempt {} of {})", redact(uri), s, attempt + 1, retries + 1);
          continue;
        }
        throw new FeedHttpException("HTTP " + s + " from " + redact(uri), s, null);
      } catch (HttpTimeoutException e) {
        last = e;
        log.warn("{}: timed out (attempt {} of {})", redact(uri), attempt + 1, retries + 1);
      } catch (FeedHttpException | FeedLimitException e) {
        throw e;
      } catch (IOException e) {
        last = e;
        log.warn("{}: {} (attempt {} of {})", redact(uri), e, attempt + 1, retries + 1);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while fetching " + redact(uri), e);
      }
    }
    throw new FeedHttpException(
        "giving up on "
            + redact(uri)
            + " after "
            + (retries + 1)
            + " attempts: "
            + (last == null ? "HTTP " + lastStatus : last.getMessage()),
        lastStatus,
        last);
  }

  private static void discard(Object body) {
    if (body instanceof InputStream in) {
      try (in) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException ignored) {
        // the connection is dropped; nothing to keep
      }
    }
  }

  private static Duration retryAfter(HttpResponse<?> resp) {
    return resp.headers()
        .firstValue("Retry-After")
        .flatMap(
            v -> {
              try {
                return Optional.of(Duration.ofSeconds(Math.min(300, Long.parseLong(v.trim()))));
              } catch (NumberFormatException e) {
                return Optional.empty();
              }
            })
        .orElse(null);
  }

  /** The URL as logged (credentials never travel in feed URLs: keys go in headers). */
  public static String redact(URI uri) {
    return uri.getUserInfo() == null
        ? uri.toString()
        : uri.toString().replace(uri.getUserInfo() + "@", "");
  }
}
