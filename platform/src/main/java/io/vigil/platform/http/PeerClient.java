package io.vigil.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.platform.config.Secret;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;

/**
 * Calls another instance of the same service (e.g. a correlator asking the owner of a partition):
 * over HTTPS when the service serves HTTPS ({@code http.tls}, trusting {@code http.tls.trustStore}
 * or else the JVM's default trust store, host names verified), with the credential of {@link
 * HttpSecurity#peerKey()} in {@code X-Api-Key}. Built once per service from its {@code http}
 * section; thread-safe. Errors never carry the key.
 */
public final class PeerClient {
  private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

  private final HttpClient http;
  private final String scheme;
  private final Optional<Secret> key;

  private PeerClient(HttpClient http, String scheme, Optional<Secret> key) {
    this.http = http;
    this.scheme = scheme;
    this.key = key;
  }

  /** The client for the instances of a service secured by {@code security}. */
  public static PeerClient of(HttpSecurity security) {
    HttpSecurity s = security == null ? HttpSecurity.none() : security;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT);
    if (s.tls() != null) {
      b.sslContext(TlsContexts.client(s.tls()));
    }
    return new PeerClient(b.build(), s.tls() == null ? "http" : "https", s.peerKey());
  }

  /**
   * A client of another service's API (e.g. the console reading the correlator's query API): {@code
   * key} goes in {@code X-Api-Key} (none when null); over HTTPS it trusts {@code security}'s {@code
   * http.tls.trustStore}, else the JVM's default trust, host names verified. Call it with {@link
   * #get(URI, Duration)}: the URI says the scheme.
   */
  public static PeerClient of(HttpSecurity security, Secret key) {
    HttpSecurity s = security == null ? HttpSecurity.none() : security;
    HttpClient http =
        HttpClient.newBuilder()
            .connectTimeout(CONNECT_TIMEOUT)
            .sslContext(TlsContexts.client(s.tls()))
            .build();
    return new PeerClient(http, s.tls() == null ? "http" : "https", Optional.ofNullable(key));
  }

  /** {@code http} or {@code https}: what the instances of this service speak. */
  public String scheme() {
    return scheme;
  }

  /** The URI of a path (with its query) on an instance. */
  public URI uri(String host, int port, String pathAndQuery) {
    String h = host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    return URI.create(scheme + "://" + h + ":" + port + pathAndQuery);
  }

  /** An answer: its status and body. */
  public record Response(int status, byte[] body) {
    /** The body as JSON (a missing node when it is not JSON). */
    public JsonNode json() {
      try {
        return HttpResponse.mapper().readTree(body);
      } catch (IOException e) {
        return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
      }
    }
  }

  /**
   * {@code GET} a path of an instance.
   *
   * @throws IOException when the instance cannot be reached or does not answer in time (the message
   *     says which and why, never the key)
   */
  public Response get(String host, int port, String pathAndQuery, Duration timeout)
      throws IOException, InterruptedException {
    return get(uri(host, port, pathAndQuery), timeout);
  }

  /**
   * {@code GET} a URI (of an instance or of another service).
   *
   * @throws IOException when the server cannot be reached or does not answer in time (the message
   *     says which and why, never the key)
   */
  public Response get(URI uri, Duration timeout) throws IOException, InterruptedException {
    return send("GET", uri, null, "application/json", timeout);
  }

  /**
   * Any method on a URI of another service, with a JSON body (or none when {@code json} is null);
   * the key as for {@link #get(URI, Duration)}.
   *
   * @param accept the {@code Accept} header
   * @throws IOException as {@link #get(URI, Duration)}
   */
  public Response send(String method, URI uri, byte[] json, String accept, Duration timeout)
      throws IOException, InterruptedException {
    String target = uri.getScheme() + "://" + uri.getHost() + ":" + uri.getPort();
    var req =
        java.net.http.HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .method(
                method,
                json == null
                    ? java.net.http.HttpRequest.BodyPublishers.noBody()
                    : java.net.http.HttpRequest.BodyPublishers.ofByteArray(json));
    if (json != null) {
      req.header("Content-Type", "application/json");
    }
    req.header("Accept", accept);
    key.ifPresent(k -> req.header("X-Api-Key", k.reveal()));
    try {
      var resp = http.send(req.build(), java.net.http.HttpResponse.BodyHandlers.ofByteArray());
      return new Response(resp.statusCode(), resp.body());
    } catch (HttpConnectTimeoutException e) {
      throw new IOException(target + " did not accept a connection in " + CONNECT_TIMEOUT, e);
    } catch (HttpTimeoutException e) {
      throw new IOException(target + " did not answer in " + timeout, e);
    } catch (IOException e) {
      throw new IOException(target + ": " + describe(e), e);
    }
  }

  private static String describe(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String m = root.getMessage();
    return root.getClass().getSimpleName() + (m == null || m.isBlank() ? "" : " (" + m + ")");
  }
}
