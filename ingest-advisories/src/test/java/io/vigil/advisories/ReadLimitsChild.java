package io.vigil.advisories;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vigil.advisories.IngestAdvisoriesService.Source;
import io.vigil.advisories.IngestAdvisoriesService.SourceResult;
import io.vigil.platform.kafka.KafkaSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What {@link ReadLimitsIT} runs in a child JVM with the heap of the shipped Kubernetes manifest:
 * one {@code ingest-advisories --once} run of the given sources against the test's broker, with the
 * default configuration. Prints one {@code RESULT} line per source.
 *
 * <p>Arguments: bootstrap servers, topic prefix, state directory, then {@code --source} values.
 */
public final class ReadLimitsChild {
  private ReadLimitsChild() {}

  public static void main(String[] args) throws Exception {
    KafkaSettings kafka =
        new KafkaSettings(args[0], Map.of(), args[1], (short) 1, null, Path.of(args[2]));
    List<Source> sources = new ArrayList<>();
    for (int i = 3; i < args.length; i++) {
      sources.add(Source.parse(args[i]));
    }
    List<SourceResult> results;
    try (IngestAdvisoriesService svc =
        new IngestAdvisoriesService(
            kafka,
            IngestAdvisoriesConfig.defaults(),
            new SimpleMeterRegistry(),
            null,
            Clock.systemUTC())) {
      results = svc.runOnce(sources);
    }
    for (SourceResult r : results) {
      System.out.printf(
          "RESULT %s published=%d rejected=%d error=%s%n",
          r.source().label(), r.published(), r.rejected(), r.error());
    }
    System.out.printf("HEAP max=%d%n", Runtime.getRuntime().maxMemory());
    System.out.flush();
  }
}
