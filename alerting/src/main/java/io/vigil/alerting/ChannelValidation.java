package io.vigil.alerting;

import io.vigil.platform.config.ConfigException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks one {@link ChannelConfig} at startup: the type, the keys that apply to it, the required
 * ones, URLs (a secret URL never appears in the message) and the ranges of the common keys. Every
 * error names the config path ({@code alerting.channels.<name>.<key>}).
 */
final class ChannelValidation {
  /** The keys only some types take, by type; every other key applies to all types. */
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

  private ChannelValidation() {}

  /** Checks {@code c}; {@code where} names the config path in the error. */
  static void validate(ChannelConfig c, String where) {
    String type = c.type();
    if (type == null || !ChannelConfig.TYPES.contains(type)) {
      throw new ConfigException(
          where
              + ".type: must be one of "
              + new TreeSet<>(ChannelConfig.TYPES)
              + ", got '"
              + type
              + "'");
    }
    Set<String> allowed = ALLOWED.get(type);
    for (var e : typeSpecific(c).entrySet()) {
      if (e.getValue() && !allowed.contains(e.getKey())) {
        throw new ConfigException(
            where + "." + e.getKey() + ": not a setting of a " + type + " channel");
      }
    }
    switch (type) {
      case "slack", "teams", "webhook" -> {
        require(where, "webhook", c.webhook() != null && !c.webhook().isBlank());
        requireUrl(where + ".webhook", c.webhook().reveal(), true);
      }
      case "slack-api" -> {
        require(where, "token", c.token() != null && !c.token().isBlank());
        require(where, "channel", c.channel() != null && !c.channel().isBlank());
        if (c.baseUrl() != null) {
          requireUrl(where + ".baseUrl", c.baseUrl(), false);
        }
      }
      case "jira" -> validateJira(c, where);
      default -> {}
    }
    validateCommon(c, where);
  }

  private static void validateJira(ChannelConfig c, String where) {
    require(where, "baseUrl", c.baseUrl() != null && !c.baseUrl().isBlank());
    requireUrl(where + ".baseUrl", c.baseUrl(), false);
    require(where, "token", c.token() != null && !c.token().isBlank());
    require(where, "project", c.project() != null && !c.project().isBlank());
    String d = c.jiraDeployment();
    if (!d.equals("cloud") && !d.equals("server")) {
      throw new ConfigException(
          where + ".deployment: must be 'cloud' or 'server', got '" + c.deployment() + "'");
    }
    for (String l : c.labels()) {
      if (l.isBlank() || l.chars().anyMatch(Character::isWhitespace)) {
        throw new ConfigException(
            where + ".labels: Jira labels cannot be blank or contain spaces: '" + l + "'");
      }
    }
    if (c.priorities() != null) {
      for (String k : c.priorities().keySet()) {
        if (!JiraPriorities.isKey(k)) {
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

  private static void validateCommon(ChannelConfig c, String where) {
    String initialInventory = c.initialInventory();
    if (initialInventory != null
        && !Set.of("summary", "individual", "skip").contains(initialInventory)) {
      throw new ConfigException(
          where
              + ".initialInventory: must be summary, individual or skip, got '"
              + initialInventory
              + "'");
    }
    if (c.type().equals("jira") && "summary".equals(initialInventory)) {
      throw new ConfigException(
          where
              + ".initialInventory: a Jira channel keeps one issue per (project, vulnerability);"
              + " use individual or skip");
    }
    if (c.lanes() != null && (c.lanes() < 1 || c.lanes() > 64)) {
      throw new ConfigException(where + ".lanes: must be between 1 and 64");
    }
    if (c.maxListed() != null && c.maxListed() < 1) {
      throw new ConfigException(where + ".maxListed: must be at least 1");
    }
  }

  /** Which type-specific keys are set. */
  private static Map<String, Boolean> typeSpecific(ChannelConfig c) {
    Map<String, Boolean> m = new LinkedHashMap<>();
    m.put("webhook", c.webhook() != null);
    m.put("baseUrl", c.baseUrl() != null);
    m.put("token", c.token() != null);
    m.put("user", c.user() != null);
    m.put("channel", c.channel() != null);
    m.put("threads", c.threads() != null);
    m.put("deployment", c.deployment() != null);
    m.put("project", c.project() != null);
    m.put("issueType", c.issueType() != null);
    m.put("priorities", c.priorities() != null);
    m.put("kevPriority", c.kevPriority() != null);
    m.put("labels", !c.labels().isEmpty());
    m.put("components", !c.components().isEmpty());
    m.put("assignee", c.assignee() != null);
    m.put("resolveTransition", c.resolveTransition() != null);
    m.put("reopenTransition", c.reopenTransition() != null);
    m.put("secret", c.secret() != null);
    m.put("headers", !c.headers().isEmpty());
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
}
