package io.vigil.advisories.http;

import io.vigil.advisories.IngestAdvisoriesConfig;
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
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * HTTP for the feeds: one JDK {@link HttpClient} with the configured proxy and timeouts, GETs that
 * retry on timeouts, I/O errors, 429 and 5xx with exponential backoff (a {@code Retry-After} header
 * wins), and header values that may be {@link Secret}s (never logged).
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
            uri, headers, s -> false, retryable, HttpResponse.BodyHandlers.ofByteArray(), b -> {})
        .map(HttpResponse::body)
        .orElseThrow();
  }

  /** The body of a 2xx answer, or empty on 404/410 (an optional file of a layout). */
  public Optional<byte[]> getIfExists(URI uri) throws IOException {
    return get(
            uri,
            Map.of(),
            s -> s == 404 || s == 410,
            TRANSIENT,
            HttpResponse.BodyHandlers.ofByteArray(),
            b -> {})
        .map(HttpResponse::body);
  }

  /** Downloads a 2xx body into a temporary file (retried whole); the caller deletes it. */
  public Optional<Path> download(URI uri, boolean optional) throws IOException {
    String path = uri.getPath() == null ? "" : uri.getPath();
    int dot = path.lastIndexOf('.');
    String suffix = dot >= 0 && path.length() - dot <= 5 ? path.substring(dot) : ".download";
    Path tmp = Files.createTempFile("vigil-feed-", suffix);
    try {
      Optional<HttpResponse<InputStream>> r =
          get(
              uri,
              Map.of(),
              s -> optional && (s == 404 || s == 410),
              TRANSIENT,
              HttpResponse.BodyHandlers.ofInputStream(),
              in -> {
                try (in) {
                  Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                }
              });
      if (r.isEmpty()) {
        Files.deleteIfExists(tmp);
        return Optional.empty();
      }
      return Optional.of(tmp);
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  @FunctionalInterface
  private interface BodyConsumer<T> {
    void accept(T body) throws IOException;
  }

  private <T> Optional<HttpResponse<T>> get(
      URI uri,
      Map<String, Secret> headers,
      IntPredicate absent,
      IntPredicate retryable,
      HttpResponse.BodyHandler<T> handler,
      BodyConsumer<T> consume)
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
        HttpResponse<T> resp = client.send(req, handler);
        int s = resp.statusCode();
        lastStatus = s;
        if (s >= 200 && s < 300) {
          consume.accept(resp.body());
          return Optional.of(resp);
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
      } catch (FeedHttpException e) {
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
