package io.vigil.cli;

import io.vigil.alerting.AlertingConfig;
import io.vigil.alerting.DlqReplay;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.platform.metrics.Metrics;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(
    name = "alerts",
    mixinStandardHelpOptions = true,
    description = "Operate on alert deliveries.",
    subcommands = {AlertsCommand.Replay.class})
final class AlertsCommand implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(System.out);
  }

  @Command(
      name = "replay",
      mixinStandardHelpOptions = true,
      description = {
        "Re-deliver the alerts in the alerting DLQ (vigil.dlq.alerting.v1) to their channels,",
        "configured as for 'vigil alerting' (-c FILE). Reads from where the last replay stopped",
        "(--from-beginning: the whole DLQ); an alert that fails again goes back to the DLQ.",
        "Exit code 0 when every alert was delivered, 1 when some failed again."
      })
  static final class Replay implements Callable<Integer> {
    @Mixin KafkaOptions kafka;

    @Option(names = "--channel", description = "Only alerts of this channel.")
    String channel;

    @Option(names = "--from-beginning", description = "Replay the whole DLQ again.")
    boolean fromBeginning;

    @Option(names = "--dry-run", description = "List what would be replayed; send nothing.")
    boolean dryRun;

    @Option(
        names = "--group",
        defaultValue = "vigil-alerts-replay",
        description = "Consumer group remembering what was replayed (default ${DEFAULT-VALUE}).")
    String group;

    @Option(
        names = "--timeout",
        defaultValue = "120",
        description = "Seconds to read the DLQ and deliver (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() throws Exception {
      AlertingConfig cfg = kafka.configSource().bind("alerting", AlertingConfig.class);
      if (channel != null && !cfg.effectiveChannels().containsKey(channel)) {
        throw new UserError(
            "--channel: no channel named '"
                + channel
                + "' in the configuration (configured: "
                + cfg.effectiveChannels().keySet()
                + ")");
      }
      try (Metrics metrics = new Metrics("alerts-replay")) {
        var result =
            new DlqReplay(
                    kafka.settings(), cfg, System.out, metrics, Clock.systemUTC(), Sleeper.real())
                .run(channel, group, fromBeginning, dryRun, Duration.ofSeconds(timeoutSeconds));
        System.out.printf(
            "vigil alerts replay: %d alert(s)%s: %d delivered, %d failed again, %d skipped%n",
            result.alerts(),
            dryRun ? " (dry run)" : "",
            result.delivered(),
            result.failed(),
            result.skipped());
        return result.failed() == 0 ? 0 : 1;
      }
    }
  }
}
