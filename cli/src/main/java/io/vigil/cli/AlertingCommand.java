package io.vigil.cli;

import io.vigil.alerting.AlertingConfig;
import io.vigil.alerting.AlertingService;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.platform.config.Secret;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.VigilService;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "alerting",
    mixinStandardHelpOptions = true,
    description = {
      "Run the alerting service: exposure events → Slack, Jira, webhooks, Teams, routed by the",
      "config file's 'alerting' section (console when no channel is configured)."
    })
final class AlertingCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--slack-webhook-env",
      description =
          "Name of the environment variable holding a Slack webhook URL (a channel 'slack' that gets everything).")
  String slackWebhookEnv;

  @Override
  public Integer call() throws Exception {
    AlertingConfig cfg = kafka.configSource().bind("alerting", AlertingConfig.class);
    if (slackWebhookEnv != null) {
      String url = System.getenv(slackWebhookEnv);
      if (url == null) {
        throw new UserError("--slack-webhook-env: " + slackWebhookEnv + " is not set");
      }
      cfg = cfg.withSlackWebhook(Secret.of(url));
    }
    cfg.effectiveRoutes(); // validates channels and routes before anything starts
    KafkaSettings settings = kafka.settings();
    Metrics metrics =
        new Metrics("alerting")
            .watchBroker(settings)
            .watchDeadLetters(settings, VigilService.ALERTING);
    AlertingService svc =
        new AlertingService(settings, cfg, System.out, metrics, Clock.systemUTC(), Sleeper.real())
            .start();
    HttpService http =
        HttpService.builder("alerting")
            .port(cfg.httpPort())
            .metrics(metrics)
            .readiness(svc::health)
            .security(HttpSecurity.fromConfig(kafka.configSource()))
            .start();
    return ServiceRunner.runUntilStopped(
        "alerting",
        () -> {
          http.close();
          svc.close();
          metrics.close();
        });
  }
}
