package io.vigil.cli;

import io.vigil.correlator.CorrelatorConfig;
import io.vigil.correlator.CorrelatorService;
import io.vigil.platform.http.HttpService;
import io.vigil.platform.metrics.Metrics;
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
    Metrics metrics = new Metrics("correlator");
    CorrelatorService svc = new CorrelatorService(kafka.settings(), cfg, metrics).start();
    HttpService http =
        HttpService.builder("correlator")
            .port(cfg.httpPort())
            .metrics(metrics)
            .readiness(svc::health)
            .start();
    return ServiceRunner.runUntilStopped(
        "correlator",
        () -> {
          http.close();
          svc.close();
        });
  }
}
