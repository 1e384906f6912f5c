package io.vigil.alerting;

import io.vigil.core.ssvc.SsvcOutcome;
import io.vigil.platform.config.Secret;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
    ChannelValidation.validate(this, where);
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
    return JiraPriorities.priorityFor(priorities, effectiveKevPriority(), severity, kev, ssvc);
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
