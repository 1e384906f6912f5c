package io.vigil.alerting;

import io.vigil.platform.config.Secret;

/**
 * Settings of the alerting service (config file section {@code alerting}).
 *
 * @param groupId consumer group on the exposures topic; default {@code vigil-alerting}
 * @param slackWebhook Slack incoming-webhook URL (a secret: {@code ${env:SLACK_WEBHOOK_URL}}); when
 *     absent, messages are printed to the console instead
 * @param httpPort port of the health/metrics endpoint; default 8084 ({@code 0}: any free port)
 */
public record AlertingConfig(String groupId, Secret slackWebhook, Integer httpPort) {
  public AlertingConfig {
    groupId = groupId == null ? "vigil-alerting" : groupId;
    httpPort = httpPort == null ? 8084 : httpPort;
  }

  public static AlertingConfig defaults() {
    return new AlertingConfig(null, null, null);
  }

  public AlertingConfig withSlackWebhook(Secret webhook) {
    return new AlertingConfig(groupId, webhook, httpPort);
  }
}
