package io.vigil.testkit.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

/**
 * A local HTTP server that records every request and answers through a {@link Handler}. The
 * stand-ins for Slack, Jira and the schema registry build on it: they speak the real services'
 * request and response shapes, so clients are tested over real HTTP, never against a mock.
 */
public class StubHttpServer implements AutoCloseable {

  /** Produces the response to a request. */
  @FunctionalInterface
  public interface Handler {
    Response handle(RecordedRequest request) throws Exception;
  }

  /** A response: status, headers, body, and an optional delay before answering (timeouts). */
  public record Response(int status, Map<String, String> headers, byte[] body, long delayMillis) {
    public static Response of(int status, String contentType, String body) {
      return new Response(
          status, Map.of("Content-Type", contentType), body.getBytes(StandardCharsets.UTF_8), 0);
    }

    public static Response json(int status, String json) {
      return of(status, "application/json; charset=utf-8", json);
    }

    public static Response text(int status, String text) {
      return of(status, "text/plain; charset=utf-8", text);
    }

    public Response withHeader(String name, String value) {
      var h = new java.util.LinkedHashMap<>(headers);
      h.put(name, value);
      return new Response(status, h, body, delayMillis);
    }

    public Response delayed(long millis) {
      return new Response(status, headers, body, millis);
    }
  }

  private final HttpServer server;
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
  private volatile Handler handler;

  public StubHttpServer(Handler handler) {
    this.handler = handler;
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    server.setExecutor(
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "stub-http");
              t.setDaemon(true);
              return t;
            }));
    server.createContext("/", this::exchange);
    server.start();
  }

  /** Replaces the handler (e.g. to switch a stand-in into an error mode). */
  public void handler(Handler h) {
    this.handler = h;
  }

  private void exchange(HttpExchange ex) throws IOException {
    byte[] body = ex.getRequestBody().readAllBytes();
    RecordedRequest req =
        new RecordedRequest(
            ex.getRequestMethod(),
            ex.getRequestURI().getRawPath(),
            ex.getRequestURI().getRawQuery(),
            Map.copyOf(ex.getRequestHeaders()),
            body);
    requests.add(req);
    Response resp;
    try {
      resp = handler.handle(req);
    } catch (Exception e) {
      resp = Response.text(500, "stub handler failed: " + e);
    }
    if (resp.delayMillis() > 0) {
      try {
        Thread.sleep(resp.delayMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
    byte[] out = resp.body();
    ex.sendResponseHeaders(resp.status(), out.length == 0 ? -1 : out.length);
    if (out.length > 0) {
      try (OutputStream os = ex.getResponseBody()) {
        os.write(out);
      }
    }
    ex.close();
  }

  /** Base URL, e.g. {@code http://127.0.0.1:41234}. */
  public String url() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  /** Every request received so far, in order. */
  public List<RecordedRequest> requests() {
    return new ArrayList<>(requests);
  }

  public void clear() {
    requests.clear();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
