package io.vigil.console.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.platform.http.PeerClient;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The console's reader of the correlator's query API ({@code correlator/README.md}): each call goes
 * to the first of {@code console.queryApiUrls} that answers; an instance that cannot be reached, or
 * that answers 503 (a partition it cannot read right now), is followed by the next. When none
 * answers whole, the call fails with {@link Unavailable} carrying the query API's own reason: the
 * console then says that data is unavailable, never shows a shorter list.
 */
public final class QueryApiClient {
  /** No instance could answer completely (503s, unreachable): the pages show it as such. */
  public static final class Unavailable extends RuntimeException {
    public Unavailable(String message) {
      super(message);
    }
  }

  /** The query API does not know what was asked (404). */
  public static final class NotFound extends RuntimeException {
    public NotFound(String message) {
      super(message);
    }
  }

  /** The query API refused the request as malformed (400). */
  public static final class BadRequest extends RuntimeException {
    public BadRequest(String message) {
      super(message);
    }
  }

  private final List<String> baseUrls;
  private final PeerClient client;
  private final Duration timeout;

  public QueryApiClient(List<String> baseUrls, PeerClient client, Duration timeout) {
    this.baseUrls = baseUrls.stream().map(u -> u.replaceAll("/+$", "")).toList();
    this.client = client;
    this.timeout = timeout;
  }

  /** GET a path (with its query) of the query API, as JSON. */
  public JsonNode get(String pathAndQuery) {
    List<String> failures = new ArrayList<>();
    for (String base : baseUrls) {
      PeerClient.Response r;
      try {
        r = client.get(URI.create(base + pathAndQuery), timeout);
      } catch (IOException e) {
        failures.add(e.getMessage());
        continue;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new Unavailable("interrupted while asking the query API");
      }
      JsonNode body = r.json();
      String message = body.path("message").asText("HTTP " + r.status());
      switch (r.status()) {
        case 200:
          return body;
        case 404:
          throw new NotFound(message);
        case 400:
          throw new BadRequest(message);
        case 401, 403:
          failures.add(
              base
                  + " refused the console's key (HTTP "
                  + r.status()
                  + "): set console.queryApiKey to one of the query API's http.apiKeys");
          break;
        default:
          failures.add(base + ": " + message);
      }
    }
    throw new Unavailable(String.join("; ", failures));
  }

  /** One page of a paged route ({@code limit}, {@code cursor}: the query API's own paging). */
  public JsonNode page(String path, int limit, String cursor) {
    StringBuilder q = new StringBuilder(path);
    q.append(path.contains("?") ? '&' : '?').append("limit=").append(limit);
    if (cursor != null && !cursor.isEmpty()) {
      q.append("&cursor=").append(enc(cursor));
    }
    return get(q.toString());
  }

  /** A path segment or query value, URL-encoded. */
  public static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
  }
}
