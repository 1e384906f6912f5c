package io.vigil.platform.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.micrometer.core.instrument.Timer;
import io.vigil.platform.config.Secret;
import io.vigil.platform.metrics.Health;
import io.vigil.platform.metrics.HealthChecks;
import io.vigil.platform.metrics.MetricNames;
import io.vigil.platform.metrics.Metrics;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of a service, on the JDK's own server: JSON routes with {@code {param}} path
 * segments, plus {@code /metrics} (Prometheus), {@code /health/live} and {@code /health/ready} on
 * every service. Errors are JSON: {@code {"error": code, "message": text}}; an unexpected exception
 * is a 500 whose body never carries internals.
 *
 * <p>With {@link Builder#security(HttpSecurity)}: every route but the probes (and {@code /metrics}
 * unless protected) needs an API key ({@code X-Api-Key} or {@code Authorization: Bearer}), else
 * 401; routes under {@code /internal/} (instance to instance, see {@link PeerClient}) also accept
 * {@code http.internalKey}, which no other route accepts; and with {@code tls} the server speaks
 * HTTPS only; a key may use a route only with the route's {@link Role} ({@code http.roles}, 403
 * otherwise). Requests are timed in {@code vigil_http_requests_seconds{method,route,status}} (the
 * route pattern, never the raw path).
 */
public final class HttpService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpService.class);

  /** Handles one request. */
  @FunctionalInterface
  public interface Handler {
    HttpResponse handle(HttpRequest request) throws Exception;
  }

  private record Route(
      String method,
      String template,
      Pattern pattern,
      List<String> params,
      Role role,
      Handler handler) {}

  private static final Set<String> PROBES = Set.of("/health/live", "/health/ready");

  private final String name;
  private final HttpServer server;
  private final ExecutorService executor;
  private final List<Route> routes;
  private final Metrics metrics;
  private final ApiKeys apiKeys;
  private final ApiKeys internalKeys;
  private final Roles roles;
  private final boolean protectMetrics;
  private final boolean tls;

  private HttpService(
      String name,
      HttpServer server,
      ExecutorService executor,
      List<Route> routes,
      Metrics metrics,
      HttpSecurity security) {
    this.name = name;
    this.server = server;
    this.executor = executor;
    this.routes = routes;
    this.metrics = metrics;
    this.apiKeys = security.requiresKey() ? new ApiKeys(security.apiKeys()) : null;
    // instance-to-instance routes: the internal key, or any API key
    Map<String, Secret> internal = new HashMap<>(security.apiKeys());
    if (security.internalKey() != null) {
      internal.put(HttpSecurity.INTERNAL_KEY_NAME, security.internalKey());
    }
    this.internalKeys = security.internalRoutesRequireKey() ? new ApiKeys(internal) : null;
    this.roles = security.roles();
    this.protectMetrics = security.protectMetrics();
    this.tls = security.tls() != null;
  }

  public static Builder builder(String serviceName) {
    return new Builder(serviceName);
  }

  /** Builds and starts the service. */
  public static final class Builder {
    private final String name;
    private final List<Route> routes = new ArrayList<>();
    private String host = "0.0.0.0";
    private int port;
    private int threads = 16;
    private Metrics metrics;
    private Supplier<Health> readiness = Health::healthy;
    private HttpSecurity security = HttpSecurity.none();

    private Builder(String name) {
      this.name = name;
    }

    /** {@code 0} picks a free port. */
    public Builder port(int p) {
      this.port = p;
      return this;
    }

    public Builder host(String h) {
      this.host = h;
      return this;
    }

    public Builder threads(int n) {
      this.threads = n;
      return this;
    }

    /** Serves {@code /metrics} from this registry and counts requests in it. */
    public Builder metrics(Metrics m) {
      this.metrics = m;
      return this;
    }

    /** API keys and TLS (the config file's {@code http} section). */
    public Builder security(HttpSecurity s) {
      this.security = s == null ? HttpSecurity.none() : s;
      return this;
    }

    /**
     * What {@code /health/ready} reports (e.g. Streams RUNNING and the broker reachable), on top of
     * the {@link Metrics#readiness()} checks when metrics are given.
     */
    public Builder readiness(Supplier<Health> r) {
      this.readiness = r;
      return this;
    }

    /**
     * A route such as {@code GET /api/v1/projects/{project}/exposures}. With API keys, a {@code
     * GET} or {@code HEAD} route needs the {@link Role#READ} role, any other method {@link
     * Role#UPLOAD} (what every key could do before roles existed); {@link #route(String, String,
     * Role, Handler)} names another.
     */
    public Builder route(String method, String pathPattern, Handler handler) {
      Role role = method.equals("GET") || method.equals("HEAD") ? Role.READ : Role.UPLOAD;
      return route(method, pathPattern, role, handler);
    }

    /**
     * A route that needs {@code role} (checked against {@code http.roles} for the key the request
     * authenticated with: 403 naming the role when the key lacks it; no check without keys).
     */
    public Builder route(String method, String pathPattern, Role role, Handler handler) {
      List<String> params = new ArrayList<>();
      Matcher m = Pattern.compile("\\{([a-zA-Z]+)(\\*)?}").matcher(pathPattern);
      StringBuilder re = new StringBuilder("^");
      int last = 0;
      while (m.find()) {
        re.append(Pattern.quote(pathPattern.substring(last, m.start())));
        re.append(m.group(2) != null ? "(.+)" : "([^/]+)");
        params.add(m.group(1));
        last = m.end();
      }
      re.append(Pattern.quote(pathPattern.substring(last))).append("$");
      routes.add(
          new Route(method, pathPattern, Pattern.compile(re.toString()), params, role, handler));
      return this;
    }

    public HttpService start() {
      Metrics m = metrics;
      Supplier<Health> ready = m == null ? readiness : HealthChecks.both(readiness, m.readiness());
      Supplier<Health> live = m == null ? Health::healthy : m.liveness();
      route(
          "GET",
          "/health/live",
          r -> {
            Health h = live.get();
            return HttpResponse.json(h.up() ? 200 : 503, h.toJson());
          });
      route(
          "GET",
          "/health/ready",
          r -> {
            Health h = ready.get();
            return HttpResponse.json(h.up() ? 200 : 503, h.toJson());
          });
      if (m != null) {
        route(
            "GET",
            "/metrics",
            r -> HttpResponse.text(200, "text/plain; version=0.0.4; charset=utf-8", m.scrape()));
      }
      try {
        HttpServer server;
        if (security.tls() == null) {
          server = HttpServer.create(new InetSocketAddress(host, port), 100);
        } else {
          HttpsServer https = HttpsServer.create(new InetSocketAddress(host, port), 100);
          https.setHttpsConfigurator(new HttpsConfigurator(TlsContexts.server(security.tls())));
          server = https;
        }
        ExecutorService ex =
            Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, name + "-http");
                  t.setDaemon(true);
                  return t;
                });
        server.setExecutor(ex);
        HttpService svc = new HttpService(name, server, ex, List.copyOf(routes), m, security);
        server.createContext("/", svc::exchange);
        server.start();
        log.info(
            "{} HTTP API listening on {}{}",
            name,
            svc.url(),
            security.requiresKey() ? " (API keys " + security.apiKeys().keySet() + ")" : "");
        return svc;
      } catch (IOException e) {
        throw new IllegalStateException(
            name + ": cannot listen on " + host + ":" + port + ": " + e.getMessage(), e);
      }
    }
  }

  private void exchange(HttpExchange ex) throws IOException {
    long t0 = System.nanoTime();
    HttpResponse resp;
    String path = ex.getRequestURI().getRawPath();
    String[] route = {"unmatched"};
    try {
      resp = dispatch(ex, path, route);
    } catch (HttpError e) {
      Map<String, Object> body = new LinkedHashMap<>();
      body.put("error", e.code());
      body.put("message", e.getMessage());
      if (e.details() != null) {
        body.put("details", e.details());
      }
      resp = HttpResponse.json(e.status(), body);
    } catch (Exception e) {
      log.error("{} {} {} failed", name, ex.getRequestMethod(), path, e);
      resp =
          HttpResponse.json(
              500, Map.of("error", "internal", "message", "internal error; see the service log"));
    }
    try {
      ex.getRequestBody().close();
      resp.headers().forEach((k, v) -> ex.getResponseHeaders().add(k, v));
      ex.getResponseHeaders().set("Content-Type", resp.contentType());
      boolean head = "HEAD".equals(ex.getRequestMethod());
      if (resp.stream() != null && !head) {
        ex.sendResponseHeaders(resp.status(), 0); // chunked, until the stream returns
        try (OutputStream os = ex.getResponseBody()) {
          resp.stream().write(os);
        } catch (IOException e) {
          log.debug("{} {}: the client went away: {}", name, path, e.getMessage());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        return;
      }
      ex.sendResponseHeaders(
          resp.status(), head || resp.body().length == 0 ? -1 : resp.body().length);
      if (!head && resp.body().length > 0) {
        try (OutputStream os = ex.getResponseBody()) {
          os.write(resp.body());
        }
      }
    } finally {
      ex.close();
      if (metrics != null) {
        Timer.builder(MetricNames.HTTP_REQUESTS)
            .description("HTTP API requests")
            .tag("method", ex.getRequestMethod())
            .tag("route", route[0])
            .tag("status", Integer.toString(resp.status()))
            .register(metrics.registry())
            .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
      }
    }
  }

  private HttpResponse dispatch(HttpExchange ex, String path, String[] routeOut) throws Exception {
    boolean pathMatched = false;
    for (Route r : routes) {
      Matcher m = r.pattern().matcher(path);
      if (!m.matches()) {
        continue;
      }
      pathMatched = true;
      if (!r.method().equals(ex.getRequestMethod())) {
        continue;
      }
      routeOut[0] = r.template();
      String keyName = authenticate(ex, r.template());
      if (keyName != null
          && !r.template().startsWith(HttpSecurity.INTERNAL_ROUTES)
          && !roles.allows(keyName, r.role())) {
        throw Roles.forbidden(keyName, r.role());
      }
      Map<String, String> params = new HashMap<>();
      for (int i = 0; i < r.params().size(); i++) {
        params.put(
            r.params().get(i),
            URLDecoder.decode(m.group(i + 1).replace("+", "%2B"), StandardCharsets.UTF_8));
      }
      HttpRequest req =
          new HttpRequest(
              ex.getRequestMethod(),
              path,
              params,
              ex.getRequestURI().getRawQuery(),
              ex.getRequestHeaders(),
              ex.getRequestBody());
      req.apiKeyName(keyName);
      return r.handler().handle(req);
    }
    if (pathMatched) {
      throw new HttpError(
          405, "method_not_allowed", ex.getRequestMethod() + " is not allowed on " + path);
    }
    throw HttpError.notFound("no route for " + path);
  }

  /**
   * The key's name; 401 when a key is needed and none (or a wrong one) was sent. Routes under
   * {@code /internal/} also accept {@code http.internalKey}; the others never do.
   */
  private String authenticate(HttpExchange ex, String template) {
    ApiKeys keys = template.startsWith(HttpSecurity.INTERNAL_ROUTES) ? internalKeys : apiKeys;
    if (keys == null
        || PROBES.contains(template)
        || (template.equals("/metrics") && !protectMetrics)) {
      return null;
    }
    Optional<String> name =
        keys.authenticate(
            ex.getRequestHeaders().getFirst("X-Api-Key"),
            ex.getRequestHeaders().getFirst("Authorization"));
    if (name.isEmpty()) {
      throw new HttpError(
          401, "unauthorized", "a valid API key is required (X-Api-Key or Authorization: Bearer)");
    }
    return name.get();
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** {@code http(s)://127.0.0.1:<port>} (loopback, for local clients and tests). */
  public String url() {
    return (tls ? "https" : "http") + "://127.0.0.1:" + port();
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
