package io.vigil.alerting.channel;

import io.vigil.alerting.ChannelConfig;
import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds the channel implementations from their settings. */
public final class Channels {
  private Channels() {}

  public static Map<String, Channel> create(
      Map<String, ChannelConfig> configs, PrintStream console, Clock clock) {
    Map<String, Channel> out = new LinkedHashMap<>();
    configs.forEach((name, c) -> out.put(name, create(name, c, console, clock)));
    return out;
  }

  public static Channel create(String name, ChannelConfig c, PrintStream console, Clock clock) {
    return switch (c.type()) {
      case "slack" ->
          new SlackWebhookChannel(name, c.webhook(), c.effectiveTimeout(), c.effectiveMaxListed());
      case "slack-api" ->
          new SlackApiChannel(
              name,
              c.effectiveSlackApiUrl(),
              c.token(),
              c.channel(),
              c.effectiveThreads(),
              c.effectiveTimeout(),
              c.effectiveMaxListed(),
              clock);
      case "jira" ->
          new JiraChannel(
              name,
              c,
              new JiraClient(
                  c.baseUrl(),
                  c.jiraDeployment().equals("cloud"),
                  c.user(),
                  c.token(),
                  c.effectiveTimeout()));
      case "webhook" ->
          new WebhookChannel(
              name,
              c.webhook(),
              c.secret(),
              c.headers(),
              c.effectiveTimeout(),
              c.effectiveMaxListed(),
              clock);
      case "teams" ->
          new TeamsChannel(name, c.webhook(), c.effectiveTimeout(), c.effectiveMaxListed());
      case "console" -> new ConsoleChannel(name, console, c.effectiveMaxListed());
      default -> throw new IllegalArgumentException("unknown channel type " + c.type());
    };
  }
}
