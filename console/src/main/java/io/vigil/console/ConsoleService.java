package io.vigil.console;

import io.vigil.console.auth.Sessions;
import io.vigil.console.feeds.FeedStatusWatch;
import io.vigil.console.live.LiveFeed;
import io.vigil.console.query.QueryApiClient;
import io.vigil.console.triage.TriageApiClient;
import io.vigil.console.web.ConsoleRoutes;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.http.PeerClient;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Health;
import io.vigil.platform.metrics.Metrics;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The console: server-rendered pages over the correlator's query API, and the exposures topic as it
 * happens (Live). Stateless: sessions are signed cookies, the Live page's backlog is re-read from
 * the topic at start, every other page asks the query API. Log in with one of {@code http.apiKeys};
 * the console itself serves no API-key routes (its pages need a session), presents {@code
 * console.queryApiKey} to the query API and {@code console.triageApiKey} to ingest-sbom's triage
 * API (decisions are recorded in the logged-in key's name).
 */
public final class ConsoleService implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConsoleService.class);

  private final KafkaSettings kafka;
  private final ConsoleConfig config;
  private final HttpSecurity security;
  private final Metrics metrics;
  private final AtomicBoolean closed = new AtomicBoolean();
  private LiveFeed feed;
  private FeedStatusWatch feeds;
  private HttpService http;

  public ConsoleService(
      KafkaSettings kafka, ConsoleConfig config, HttpSecurity security, Metrics metrics) {
    this.kafka = kafka;
    this.config = config;
    this.security = security == null ? HttpSecurity.none() : security;
    this.metrics = metrics;
  }

  public ConsoleService start() {
    if (config.sessionSecret() == null && this.security.requiresKey()) {
      log.warn(
          "console.sessionSecret is not set: sessions are signed with a random secret of this"
              + " process (they end when it restarts; several instances need one shared secret)");
    }
    Sessions sessions =
        new Sessions(
            config.sessionSecret(),
            security.apiKeys(),
            security.roles(),
            config.sessionTtl(),
            Clock.systemUTC());
    QueryApiClient query =
        new QueryApiClient(
            config.queryApiUrls(),
            PeerClient.of(security, config.queryApiKey()),
            config.queryTimeout());
    TriageApiClient triage =
        new TriageApiClient(
            config.triageApiUrl(),
            PeerClient.of(security, config.triageApiKey()),
            config.queryTimeout());
    feed = new LiveFeed(kafka, config.liveBacklog()).start();
    feeds = new FeedStatusWatch(kafka).start();
    // the console's pages need a session, not an API key: the server itself checks no key
    HttpSecurity serverSecurity = new HttpSecurity(Map.of(), false, security.tls(), null);
    HttpService.Builder b =
        HttpService.builder("console")
            .port(config.httpPort())
            .threads(64) // each open Live page holds one thread for its event stream
            .metrics(metrics)
            .security(serverSecurity)
            .readiness(
                () ->
                    Health.of(
                        Map.of("liveFeed", feed.caughtUp()),
                        Map.of("liveFeed", feed.caughtUp() ? "caught up" : "reading its backlog")));
    ConsoleRoutes.register(
        b,
        sessions,
        query,
        triage,
        feed,
        feeds,
        config.secureCookies() || security.tls() != null,
        closed);
    http = b.start();
    return this;
  }

  /** {@code http(s)://127.0.0.1:<port>}. */
  public String url() {
    return http.url();
  }

  public LiveFeed feed() {
    return feed;
  }

  @Override
  public void close() {
    closed.set(true);
    if (http != null) {
      http.close();
    }
    if (feed != null) {
      feed.close();
    }
    if (feeds != null) {
      feeds.close();
    }
  }
}
