package io.vigil.cli;

import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorService;
import io.vigil.platform.http.HttpSecurity;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.platform.metrics.KafkaChecks;
import io.vigil.platform.metrics.Metrics;
import io.vigil.schemas.VigilService;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(
    name = "correlator",
    mixinStandardHelpOptions = true,
    description = "Run the Kafka Streams correlator: components × advisories → exposure events.")
final class CorrelatorCommand implements Callable<Integer> {
  @Mixin KafkaOptions kafka;

  @Override
  public Integer call() throws Exception {
    CorrelatorConfig cfg = kafka.configSource().bind("correlator", CorrelatorConfig.class);
    KafkaSettings settings = kafka.settings();
    Metrics metrics =
        new Metrics("correlator")
            .watchBroker(settings)
            .watchDeadLetters(settings, VigilService.CORRELATOR);
    CorrelatorService svc = new CorrelatorService(settings, cfg, metrics).start();
    // ready = Streams RUNNING + broker reachable; alive unless Streams failed for good
    metrics.readiness().add("streams", KafkaChecks.streamsRunning(svc.streams()));
    metrics.liveness().add("streams", KafkaChecks.streamsNotFailed(svc.streams()));
    HttpService http =
        HttpService.builder("correlator")
            .port(cfg.httpPort())
            .metrics(metrics)
            .security(HttpSecurity.fromConfig(kafka.configSource()))
            .start();
    return ServiceRunner.runUntilStopped(
        "correlator",
        () -> {
          http.close();
          svc.close();
          metrics.close();
        });
  }
}
