package io.vigil.alerting;

import io.vigil.alerting.coverage.CoverageAlertsConfig;
import io.vigil.alerting.digest.FixPlanDigestAlertsConfig;
import io.vigil.alerting.feeds.FeedAlertsConfig;
import io.vigil.alerting.render.ConsoleLinks;
import io.vigil.alerting.systemic.SystemicAlertsConfig;
import io.vigil.platform.config.ConfigException;
import io.vigil.platform.config.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Settings of the alerting service (config file section {@code alerting}). Every key is optional;
 * the defaults are documented next to each field. A complete example is in {@code
 * alerting/README.md}.
 *
 * @param groupId consumer group on the exposures topic; default {@code vigil-alerting}
 * @param slackWebhook shorthand for one Slack incoming-webhook channel named {@code slack} that
 *     receives everything (a secret: {@code ${env:SLACK_WEBHOOK_URL}})
 * @param httpPort port of the health/metrics endpoint; default 8084 ({@code 0}: any free port)
 * @param channels named channels ({@code slack}, {@code slack-api}, {@code jira}, {@code webhook},
 *     {@code teams}, {@code console}); with none (and no {@code slackWebhook}) alerts go to the
 *     console
 * @param routes which exposures go to which channels; with none, every channel gets everything
 * @param digestWindow longest time a burst for one vulnerability (or a project's first SBOM) is
 *     collected into one message; default 30s
 * @param quietPeriod a burst ends early when no further exposure joined it for this long; default
 *     2s (set it equal to {@code digestWindow} for fixed windows)
 * @param retry retries with exponential backoff and jitter, then the DLQ
 * @param circuitBreaker per-channel circuit breaker
 * @param stateRetention how long the delivery log keeps a resolved (project, vulnerability) group;
 *     default 35d (longer than the exposures topic's 30-day retention, so a replay never meets an
 *     event whose group was forgotten)
 * @param consoleUrl the console's address as its users reach it ({@code
 *     https://vigil.example.com}): Slack messages and Jira issues then link to its vulnerability
 *     and project pages; default none (no console link)
 * @param feeds FEED_STALE notices from {@code vigil.feeds.status.v1} ({@link FeedAlertsConfig}:
 *     enabled by default, per-source cadence, recovery note, channels)
 * @param systemic SYSTEMIC notices from {@code vigil.systemic.v1} ({@link SystemicAlertsConfig}:
 *     enabled by default, channels)
 * @param coverage the weekly SBOM coverage digest from {@code vigil.sbom.status.v1} ({@link
 *     CoverageAlertsConfig}: opt-in, day and hour, staleness, channels)
 * @param fixPlanDigest the weekly portfolio fix plan from {@code vigil.fixplan.partials.v1} ({@link
 *     FixPlanDigestAlertsConfig}: opt-in, top, wait, channels, per team)
 */
public record AlertingConfig(
    String groupId,
    Secret slackWebhook,
    Integer httpPort,
    Map<String, ChannelConfig> channels,
    List<RouteConfig> routes,
    Duration digestWindow,
    Duration quietPeriod,
    RetryConfig retry,
    CircuitBreakerConfig circuitBreaker,
    Duration stateRetention,
    String consoleUrl,
    FeedAlertsConfig feeds,
    SystemicAlertsConfig systemic,
    CoverageAlertsConfig coverage,
    FixPlanDigestAlertsConfig fixPlanDigest) {

  private static final Pattern CHANNEL_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

  public AlertingConfig {
    groupId = groupId == null ? "vigil-alerting" : groupId;
    httpPort = httpPort == null ? 8084 : httpPort;
    channels = channels == null ? Map.of() : new LinkedHashMap<>(channels);
    routes = routes == null ? List.of() : List.copyOf(routes);
    digestWindow = digestWindow == null ? Duration.ofSeconds(30) : digestWindow;
    quietPeriod = quietPeriod == null ? Duration.ofSeconds(2) : quietPeriod;
    retry = retry == null ? RetryConfig.defaults() : retry;
    circuitBreaker = circuitBreaker == null ? CircuitBreakerConfig.defaults() : circuitBreaker;
    stateRetention = stateRetention == null ? Duration.ofDays(35) : stateRetention;
    consoleUrl = consoleUrl == null || consoleUrl.isBlank() ? null : consoleUrl.strip();
    if (consoleUrl != null) {
      ConsoleLinks.check(consoleUrl, "alerting.consoleUrl");
    }
    feeds = feeds == null ? FeedAlertsConfig.defaults() : feeds;
    systemic = systemic == null ? SystemicAlertsConfig.defaults() : systemic;
    coverage = coverage == null ? CoverageAlertsConfig.defaults() : coverage;
    fixPlanDigest = fixPlanDigest == null ? FixPlanDigestAlertsConfig.defaults() : fixPlanDigest;
  }

  /** The walking-skeleton shape: one Slack webhook (or the console when null). */
  public AlertingConfig(String groupId, Secret slackWebhook, Integer httpPort) {
    this(
        groupId,
        slackWebhook,
        httpPort,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public static AlertingConfig defaults() {
    return new AlertingConfig(null, null, null);
  }

  public AlertingConfig withSlackWebhook(Secret webhook) {
    return copy().slackWebhook(webhook).build();
  }

  public AlertingConfig withChannels(Map<String, ChannelConfig> ch, List<RouteConfig> r) {
    return copy().channels(ch).routes(r).build();
  }

  public AlertingConfig withGroupId(String group) {
    return copy().groupId(group).build();
  }

  public AlertingConfig withWindows(Duration window, Duration quiet) {
    return copy().digestWindow(window).quietPeriod(quiet).build();
  }

  public AlertingConfig withRetry(RetryConfig r, CircuitBreakerConfig cb) {
    return copy().retry(r).circuitBreaker(cb).build();
  }

  public AlertingConfig withFeeds(FeedAlertsConfig f) {
    return copy().feeds(f).build();
  }

  public AlertingConfig withCoverage(CoverageAlertsConfig c) {
    return copy().coverage(c).build();
  }

  public AlertingConfig withFixPlanDigest(FixPlanDigestAlertsConfig d) {
    return copy().fixPlanDigest(d).build();
  }

  public AlertingConfig withConsoleUrl(String url) {
    return copy().consoleUrl(url).build();
  }

  private Copy copy() {
    return new Copy(this);
  }

  /** A copy with some settings changed: each wither names only what it changes. */
  private static final class Copy {
    private String groupId;
    private Secret slackWebhook;
    private Integer httpPort;
    private Map<String, ChannelConfig> channels;
    private List<RouteConfig> routes;
    private Duration digestWindow;
    private Duration quietPeriod;
    private RetryConfig retry;
    private CircuitBreakerConfig circuitBreaker;
    private Duration stateRetention;
    private String consoleUrl;
    private FeedAlertsConfig feeds;
    private SystemicAlertsConfig systemic;
    private CoverageAlertsConfig coverage;
    private FixPlanDigestAlertsConfig fixPlanDigest;

    private Copy(AlertingConfig c) {
      groupId = c.groupId;
      slackWebhook = c.slackWebhook;
      httpPort = c.httpPort;
      channels = c.channels;
      routes = c.routes;
      digestWindow = c.digestWindow;
      quietPeriod = c.quietPeriod;
      retry = c.retry;
      circuitBreaker = c.circuitBreaker;
      stateRetention = c.stateRetention;
      consoleUrl = c.consoleUrl;
      feeds = c.feeds;
      systemic = c.systemic;
      coverage = c.coverage;
      fixPlanDigest = c.fixPlanDigest;
    }

    private Copy fixPlanDigest(FixPlanDigestAlertsConfig v) {
      fixPlanDigest = v;
      return this;
    }

    private Copy groupId(String v) {
      groupId = v;
      return this;
    }

    private Copy slackWebhook(Secret v) {
      slackWebhook = v;
      return this;
    }

    private Copy channels(Map<String, ChannelConfig> v) {
      channels = v;
      return this;
    }

    private Copy routes(List<RouteConfig> v) {
      routes = v;
      return this;
    }

    private Copy digestWindow(Duration v) {
      digestWindow = v;
      return this;
    }

    private Copy quietPeriod(Duration v) {
      quietPeriod = v;
      return this;
    }

    private Copy retry(RetryConfig v) {
      retry = v;
      return this;
    }

    private Copy circuitBreaker(CircuitBreakerConfig v) {
      circuitBreaker = v;
      return this;
    }

    private Copy consoleUrl(String v) {
      consoleUrl = v;
      return this;
    }

    private Copy feeds(FeedAlertsConfig v) {
      feeds = v;
      return this;
    }

    private Copy coverage(CoverageAlertsConfig v) {
      coverage = v;
      return this;
    }

    private AlertingConfig build() {
      return new AlertingConfig(
          groupId,
          slackWebhook,
          httpPort,
          channels,
          routes,
          digestWindow,
          quietPeriod,
          retry,
          circuitBreaker,
          stateRetention,
          consoleUrl,
          feeds,
          systemic,
          coverage,
          fixPlanDigest);
    }
  }

  /** The console links of alerts ({@link ConsoleLinks#NONE} without {@code consoleUrl}). */
  public ConsoleLinks consoleLinks() {
    return ConsoleLinks.of(consoleUrl);
  }

  /**
   * The channels in effect: the configured ones, plus {@code slack} from {@code slackWebhook}, or a
   * {@code console} channel when there is none. Validated: a clear error names the key at fault.
   */
  public Map<String, ChannelConfig> effectiveChannels() {
    Map<String, ChannelConfig> out = new LinkedHashMap<>();
    channels.forEach(
        (name, c) -> {
          if (!CHANNEL_NAME.matcher(name).matches()) {
            throw new ConfigException(
                "alerting.channels: channel name '"
                    + name
                    + "' must be letters, digits, '.', '_' or '-' (at most 63)");
          }
          if (c == null) {
            throw new ConfigException("alerting.channels." + name + ": empty channel");
          }
          c.validate("alerting.channels." + name);
          out.put(name, c);
        });
    if (slackWebhook != null) {
      if (out.containsKey("slack")) {
        throw new ConfigException(
            "alerting.slackWebhook: a channel named 'slack' is also configured; use one of them");
      }
      out.put("slack", ChannelConfig.slackWebhook(slackWebhook));
    }
    if (out.isEmpty()) {
      out.put("console", ChannelConfig.console());
    }
    return out;
  }

  /** The routes in effect (every channel gets everything when none are configured). */
  public List<RouteConfig> effectiveRoutes() {
    Map<String, ChannelConfig> ch = effectiveChannels();
    if (routes.isEmpty()) {
      return List.of(RouteConfig.everything(new ArrayList<>(ch.keySet())));
    }
    for (int i = 0; i < routes.size(); i++) {
      RouteConfig r = routes.get(i);
      if (r == null) {
        throw new ConfigException("alerting.routes[" + i + "]: empty route");
      }
      r.validate("alerting.routes[" + i + "]", ch.keySet());
    }
    return routes;
  }

  /**
   * Retries of one alert on one channel.
   *
   * @param maxAttempts attempts before the alert goes to the DLQ; default 6
   * @param initialBackoff wait after the first failure; default 500ms, doubled after each further
   *     failure, with jitter (a random 50–100% of it)
   * @param maxBackoff upper bound of one wait; default 30s
   * @param giveUpAfter an alert still undelivered this long after it was ready goes to the DLQ even
   *     with attempts left (a channel that is down for long drains into the DLQ instead of holding
   *     everything in memory); default 10m
   */
  public record RetryConfig(
      Integer maxAttempts, Duration initialBackoff, Duration maxBackoff, Duration giveUpAfter) {
    public RetryConfig {
      maxAttempts = maxAttempts == null ? 6 : maxAttempts;
      initialBackoff = initialBackoff == null ? Duration.ofMillis(500) : initialBackoff;
      maxBackoff = maxBackoff == null ? Duration.ofSeconds(30) : maxBackoff;
      giveUpAfter = giveUpAfter == null ? Duration.ofMinutes(10) : giveUpAfter;
      if (maxAttempts < 1) {
        throw new ConfigException("alerting.retry.maxAttempts must be at least 1");
      }
    }

    public static RetryConfig defaults() {
      return new RetryConfig(null, null, null, null);
    }
  }

  /**
   * Per-channel circuit breaker: after {@code failureThreshold} consecutive failed attempts the
   * channel is open for {@code openFor} (attempts fail fast without a request), then one trial
   * request decides whether it closes again. Other channels are never affected.
   *
   * @param failureThreshold consecutive failures that open it; default 5
   * @param openFor how long it stays open; default 30s
   */
  public record CircuitBreakerConfig(Integer failureThreshold, Duration openFor) {
    public CircuitBreakerConfig {
      failureThreshold = failureThreshold == null ? 5 : failureThreshold;
      openFor = openFor == null ? Duration.ofSeconds(30) : openFor;
    }

    public static CircuitBreakerConfig defaults() {
      return new CircuitBreakerConfig(null, null);
    }
  }
}
