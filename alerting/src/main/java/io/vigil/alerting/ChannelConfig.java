package io.vigil.alerting;

import io.vigil.core.ssvc.SsvcOutcome;
import io.vigil.platform.config.ConfigException;
import io.vigil.platform.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One alert destination ({@code alerting.channels.<name>}). Which keys apply depends on {@code
 * type}; a key that does not apply to the type is an error. Secrets (webhook URLs, tokens, signing
 * keys, header values) are {@link Secret}s: {@code ${env:NAME}} or {@code ${file:/path}}.
 *
 * <ul>
 *   <li>{@code slack}: {@code webhook} (incoming-webhook URL).
 *   <li>{@code slack-api}: {@code token} (bot token, {@code chat:write}), {@code channel} (id such
 *       as {@code C0123456789}), {@code baseUrl} (default {@code https://slack.com/api}), {@code
 *       threads} (default true: follow-ups of a vulnerability go into the thread of its first
 *       message, which is updated when every project is resolved).
 *   <li>{@code jira}: {@code baseUrl}, {@code deployment} ({@code cloud}: REST v3 with ADF, the
 *       default; {@code server}: Server/Data Center REST v2), {@code user} (Cloud: the account
 *       e-mail, basic auth with {@code token}; absent: {@code token} is a bearer personal access
 *       token), {@code token}, {@code project} (key), {@code issueType} (default Bug), {@code
 *       priorities} (severity → priority name; default CRITICAL→Highest, HIGH→High, MEDIUM→Medium,
 *       LOW→Low, also when only SSVC outcomes are keyed; a key may also be an SSVC outcome, {@code
 *       ACT}, {@code ATTEND}, {@code TRACK*}, {@code TRACK}: the exposure's outcome, when it has a
 *       key, decides before KEV and severity), {@code kevPriority} (default Highest), {@code
 *       labels}, {@code components}, {@code assignee} (Cloud accountId, Server user name), {@code
 *       resolveTransition} (transition or target status name taken on RESOLVED; default Done),
 *       {@code reopenTransition} (taken when a resolved issue's exposure comes back; default none:
 *       a comment only).
 *   <li>{@code webhook}: {@code webhook} (URL), {@code secret} (HMAC-SHA256 key for {@code
 *       X-Vigil-Signature}), {@code headers} (extra headers, values are secrets).
 *   <li>{@code teams}: {@code webhook} (Workflows or incoming-webhook URL).
 *   <li>{@code console}: prints the text of each alert.
 * </ul>
 *
 * <p>Every type also takes {@code minInterval} (least time between two requests: Slack's ~1
 * message/s per channel; default 1s for Slack, 250ms for Teams, 0 otherwise), {@code timeout} (per
 * request, default 10s), {@code lanes} (parallel deliveries; default 4 for Jira, 1 otherwise: order
 * per (project, vulnerability) is kept), {@code digestWindow}/{@code quietPeriod} (override the
 * service-wide ones), {@code initialInventory} ({@code summary}: one message for a project's first
 * SBOM, the default for chat channels; {@code individual}: as any other exposure, the default for
 * Jira, whose issues are the backlog; {@code skip}) and {@code maxListed} (projects or
 * vulnerabilities listed in one message; default 50, the rest are counted).
 */
public record ChannelConfig(
    String type,
    Secret webhook,
    String baseUrl,
    Secret token,
    String user,
    String channel,
    Boolean threads,
    String deployment,
    String project,
    String issueType,
    Map<String, String> priorities,
    String kevPriority,
    List<String> labels,
    List<String> components,
    String assignee,
    String resolveTransition,
    String reopenTransition,
    Secret secret,
    Map<String, Secret> headers,
    Duration minInterval,
    Duration timeout,
    Integer lanes,
    Duration digestWindow,
    Duration quietPeriod,
    String initialInventory,
    Integer maxListed) {

  public static final Set<String> TYPES =
      Set.of("slack", "slack-api", "jira", "webhook", "teams", "console");

  private static final Map<String, Set<String>> ALLOWED =
      Map.of(
          "slack", Set.of("webhook"),
          "slack-api", Set.of("token", "channel", "baseUrl", "threads"),
          "jira",
              Set.of(
                  "baseUrl",
                  "deployment",
                  "user",
                  "token",
                  "project",
                  "issueType",
                  "priorities",
                  "kevPriority",
                  "labels",
                  "components",
                  "assignee",
                  "resolveTransition",
                  "reopenTransition"),
          "webhook", Set.of("webhook", "secret", "headers"),
          "teams", Set.of("webhook"),
          "console", Set.of());

  public ChannelConfig {
    type = type == null ? null : type.trim().toLowerCase(Locale.ROOT);
    labels = labels == null ? List.of() : List.copyOf(labels);
    components = components == null ? List.of() : List.copyOf(components);
    priorities = priorities == null ? null : Map.copyOf(priorities);
    headers = headers == null ? Map.of() : Map.copyOf(headers);
  }

  /** A Slack incoming-webhook channel. */
  public static ChannelConfig slackWebhook(Secret url) {
    return builder("slack").webhook(url).build();
  }

  /** The console channel (prints each alert's text). */
  public static ChannelConfig console() {
    return builder("console").build();
  }

  /** Checks the keys of this type; {@code where} names the config path in the error. */
  public void validate(String where) {
    if (type == null || !TYPES.contains(type)) {
      throw new ConfigException(
          where + ".type: must be one of " + new TreeSet<>(TYPES) + ", got '" + type + "'");
    }
    Set<String> allowed = ALLOWED.get(type);
    for (var e : typeSpecific().entrySet()) {
      if (e.getValue() && !allowed.contains(e.getKey())) {
        throw new ConfigException(
            where + "." + e.getKey() + ": not a setting of a " + type + " channel");
      }
    }
    switch (type) {
      case "slack", "teams", "webhook" -> {
        require(where, "webhook", webhook != null && !webhook.isBlank());
        requireUrl(where + ".webhook", webhook.reveal(), true);
      }
      case "slack-api" -> {
        require(where, "token", token != null && !token.isBlank());
        require(where, "channel", channel != null && !channel.isBlank());
        if (baseUrl != null) {
          requireUrl(where + ".baseUrl", baseUrl, false);
        }
      }
      case "jira" -> {
        require(where, "baseUrl", baseUrl != null && !baseUrl.isBlank());
        requireUrl(where + ".baseUrl", baseUrl, false);
        require(where, "token", token != null && !token.isBlank());
        require(where, "project", project != null && !project.isBlank());
        String d = jiraDeployment();
        if (!d.equals("cloud") && !d.equals("server")) {
          throw new ConfigException(
              where + ".deployment: must be 'cloud' or 'server', got '" + deployment + "'");
        }
        for (String l : labels) {
          if (l.isBlank() || l.chars().anyMatch(Character::isWhitespace)) {
            throw new ConfigException(
                where + ".labels: Jira labels cannot be blank or contain spaces: '" + l + "'");
          }
        }
        if (priorities != null) {
          for (String k : priorities.keySet()) {
            if (!Severities.RATINGS.contains(k.toUpperCase(Locale.ROOT))
                && SsvcOutcome.parse(k).isEmpty()) {
              throw new ConfigException(
                  where
                      + ".priorities: '"
                      + k
                      + "' is not a severity (use "
                      + Severities.RATINGS
                      + ") nor an SSVC outcome (ACT, ATTEND, TRACK*, TRACK)");
            }
          }
        }
      }
      default -> {}
    }
    if (initialInventory != null
        && !Set.of("summary", "individual", "skip").contains(initialInventory)) {
      throw new ConfigException(
          where
              + ".initialInventory: must be summary, individual or skip, got '"
              + initialInventory
              + "'");
    }
    if (type.equals("jira") && "summary".equals(initialInventory)) {
      throw new ConfigException(
          where
              + ".initialInventory: a Jira channel keeps one issue per (project, vulnerability);"
              + " use individual or skip");
    }
    if (lanes != null && (lanes < 1 || lanes > 64)) {
      throw new ConfigException(where + ".lanes: must be between 1 and 64");
    }
    if (maxListed != null && maxListed < 1) {
      throw new ConfigException(where + ".maxListed: must be at least 1");
    }
  }

  private Map<String, Boolean> typeSpecific() {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("webhook", webhook != null);
    m.put("baseUrl", baseUrl != null);
    m.put("token", token != null);
    m.put("user", user != null);
    m.put("channel", channel != null);
    m.put("threads", threads != null);
    m.put("deployment", deployment != null);
    m.put("project", project != null);
    m.put("issueType", issueType != null);
    m.put("priorities", priorities != null);
    m.put("kevPriority", kevPriority != null);
    m.put("labels", !labels.isEmpty());
    m.put("components", !components.isEmpty());
    m.put("assignee", assignee != null);
    m.put("resolveTransition", resolveTransition != null);
    m.put("reopenTransition", reopenTransition != null);
    m.put("secret", secret != null);
    m.put("headers", !headers.isEmpty());
    return m;
  }

  private static void require(String where, String key, boolean present) {
    if (!present) {
      throw new ConfigException(where + "." + key + ": required");
    }
  }

  /** Checks a URL without ever putting a secret one into the message. */
  private static void requireUrl(String where, String url, boolean secret) {
    try {
      URI u = URI.create(url);
      if (u.getScheme() == null
          || !(u.getScheme().equals("http") || u.getScheme().equals("https"))
          || u.getHost() == null) {
        throw new IllegalArgumentException();
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          where
              + ": not an http(s) URL"
              + (secret ? " (value not shown: it is a secret)" : ": '" + url + "'"));
    }
  }

  // ---- effective values (defaults by type) ----

  public boolean isChat() {
    return !type.equals("jira");
  }

  public String jiraDeployment() {
    return deployment == null ? "cloud" : deployment.trim().toLowerCase(Locale.ROOT);
  }

  public Duration effectiveMinInterval() {
    if (minInterval != null) {
      return minInterval;
    }
    return switch (type) {
      case "slack", "slack-api" -> Duration.ofSeconds(1);
      case "teams" -> Duration.ofMillis(250);
      default -> Duration.ZERO;
    };
  }

  public Duration effectiveTimeout() {
    return timeout == null ? Duration.ofSeconds(10) : timeout;
  }

  public int effectiveLanes() {
    return lanes != null ? lanes : type.equals("jira") ? 4 : 1;
  }

  public String effectiveInitialInventory() {
    return initialInventory != null ? initialInventory : isChat() ? "summary" : "individual";
  }

  public int effectiveMaxListed() {
    return maxListed == null ? 50 : maxListed;
  }

  public String effectiveSlackApiUrl() {
    return baseUrl == null ? "https://slack.com/api" : stripSlash(baseUrl);
  }

  public boolean effectiveThreads() {
    return threads == null || threads;
  }

  public String effectiveIssueType() {
    return issueType == null ? "Bug" : issueType;
  }

  public String effectiveResolveTransition() {
    return resolveTransition == null ? "Done" : resolveTransition;
  }

  public String effectiveKevPriority() {
    return kevPriority == null ? "Highest" : kevPriority;
  }

  /** Jira priority name for a severity rating (null: leave Jira's default). */
  public String priorityFor(String severity, boolean kev) {
    return priorityFor(severity, kev, null);
  }

  /**
   * Jira priority name for an exposure: its SSVC outcome's when {@code priorities} names it, else
   * KEV's, else its severity's (null: leave Jira's default).
   */
  public String priorityFor(String severity, boolean kev, SsvcOutcome ssvc) {
    if (ssvc != null && priorities != null) {
      for (var e : priorities.entrySet()) {
        if (SsvcOutcome.parse(e.getKey()).orElse(null) == ssvc) {
          return e.getValue();
        }
      }
    }
    if (kev) {
      return effectiveKevPriority();
    }
    Map<String, String> m = upper(priorities == null ? Map.of() : priorities);
    m.keySet().retainAll(Severities.RATINGS);
    if (m.isEmpty()) { // no severity keyed (none, or only SSVC outcomes): the defaults
      m = Map.of("CRITICAL", "Highest", "HIGH", "High", "MEDIUM", "Medium", "LOW", "Low");
    }
    String rating = Severities.normalize(severity);
    return rating == null ? null : m.get(rating);
  }

  private static Map<String, String> upper(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.toUpperCase(Locale.ROOT), v));
    return out;
  }

  static String stripSlash(String s) {
    return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
  }

  public static Builder builder(String type) {
    return new Builder(type);
  }

  /** Builds channel settings in code (tests, the demo). */
  public static final class Builder {
    private final String type;
    private Secret webhook;
    private String baseUrl;
    private Secret token;
    private String user;
    private String channel;
    private Boolean threads;
    private String deployment;
    private String project;
    private String issueType;
    private Map<String, String> priorities;
    private String kevPriority;
    private List<String> labels;
    private List<String> components;
    private String assignee;
    private String resolveTransition;
    private String reopenTransition;
    private Secret secret;
    private Map<String, Secret> headers;
    private Duration minInterval;
    private Duration timeout;
    private Integer lanes;
    private Duration digestWindow;
    private Duration quietPeriod;
    private String initialInventory;
    private Integer maxListed;

    private Builder(String type) {
      this.type = type;
    }

    public Builder webhook(Secret v) {
      webhook = v;
      return this;
    }

    public Builder baseUrl(String v) {
      baseUrl = v;
      return this;
    }

    public Builder token(Secret v) {
      token = v;
      return this;
    }

    public Builder user(String v) {
      user = v;
      return this;
    }

    public Builder channel(String v) {
      channel = v;
      return this;
    }

    public Builder threads(Boolean v) {
      threads = v;
      return this;
    }

    public Builder deployment(String v) {
      deployment = v;
      return this;
    }

    public Builder project(String v) {
      project = v;
      return this;
    }

    public Builder issueType(String v) {
      issueType = v;
      return this;
    }

    public Builder priorities(Map<String, String> v) {
      priorities = v;
      return this;
    }

    public Builder kevPriority(String v) {
      kevPriority = v;
      return this;
    }

    public Builder labels(List<String> v) {
      labels = v;
      return this;
    }

    public Builder components(List<String> v) {
      components = v;
      return this;
    }

    public Builder assignee(String v) {
      assignee = v;
      return this;
    }

    public Builder resolveTransition(String v) {
      resolveTransition = v;
      return this;
    }

    public Builder reopenTransition(String v) {
      reopenTransition = v;
      return this;
    }

    public Builder secret(Secret v) {
      secret = v;
      return this;
    }

    public Builder headers(Map<String, Secret> v) {
      headers = v;
      return this;
    }

    public Builder minInterval(Duration v) {
      minInterval = v;
      return this;
    }

    public Builder timeout(Duration v) {
      timeout = v;
      return this;
    }

    public Builder lanes(Integer v) {
      lanes = v;
      return this;
    }

    public Builder digestWindow(Duration v) {
      digestWindow = v;
      return this;
    }

    public Builder quietPeriod(Duration v) {
      quietPeriod = v;
      return this;
    }

    public Builder initialInventory(String v) {
      initialInventory = v;
      return this;
    }

    public Builder maxListed(Integer v) {
      maxListed = v;
      return this;
    }

    public ChannelConfig build() {
      return new ChannelConfig(
          type,
          webhook,
          baseUrl,
          token,
          user,
          channel,
          threads,
          deployment,
          project,
          issueType,
          priorities,
          kevPriority,
          labels,
          components,
          assignee,
          resolveTransition,
          reopenTransition,
          secret,
          headers,
          minInterval,
          timeout,
          lanes,
          digestWindow,
          quietPeriod,
          initialInventory,
          maxListed);
    }
  }
}
