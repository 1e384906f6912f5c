package io.vigil.correlator;

import static io.vigil.correlator.CorrelatorDriver.T0;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ExposureEvent;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The start-up warm-up of the advisory path builds exposures on synthetic data of every ecosystem
 * it covers, ends by itself on a low-priority daemon thread, and leaves no trace: a pipeline driven
 * on the very thread that ran it emits exactly what it emits without it.
 */
class AdvisoryPathWarmupTest {
  @TempDir Path stateDir;

  @Test
  void buildsTheExposuresOfEveryRoundOnSyntheticPackagesOfFourEcosystems() {
    // per package: 4 of its 6 versions in the advisory's range, each in 3 project contexts
    assertThat(AdvisoryPathWarmup.run(1, SsvcSettings.DEFAULTS)).isEqualTo(4 * 4 * 3);
    assertThat(AdvisoryPathWarmup.run(3, SsvcSettings.DEFAULTS)).isEqualTo(3 * 4 * 4 * 3);
  }

  @Test
  void runsOnALowPriorityDaemonThreadThatEndsByItself() throws InterruptedException {
    Thread t = AdvisoryPathWarmup.start(SsvcSettings.DEFAULTS);

    assertThat(t.isDaemon()).isTrue();
    assertThat(t.getPriority()).isEqualTo(Thread.MIN_PRIORITY);
    t.join(120_000);
    assertThat(t.isAlive()).isFalse();
  }

  @Test
  void aPipelineOnTheThreadThatRanTheWarmUpEmitsWhatItEmitsWithout() {
    List<ExposureEvent> without = log4shellMoment(stateDir.resolve("without"));

    AdvisoryPathWarmup.run(5, SsvcSettings.DEFAULTS); // its caches, if any, are this thread's
    List<ExposureEvent> with = log4shellMoment(stateDir.resolve("with"));

    assertThat(without).hasSize(3);
    assertThat(with).isEqualTo(without);
  }

  /**
   * Components of three projects, then Log4Shell, then its withdrawal: the events (wall time 0).
   */
  private static List<ExposureEvent> log4shellMoment(Path dir) {
    CorrelatorConfig config = new CorrelatorConfig(null, 6, 1, -1, null, 2, null, null, null);
    try (CorrelatorDriver pipeline = new CorrelatorDriver(dir, config, Correlation.Probe.NONE)) {
      pipeline.sbom("a", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
      pipeline.sbom("b", LOG4J_PURL + "2.17.1", ComponentChange.ADDED);
      pipeline.sbom("c", LOG4J_PURL + "2.15.0", ComponentChange.ADDED);
      pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.16.0"));
      pipeline.publish(Fixtures.log4shell(T0.plusSeconds(60), "2.0", "2.15.0"));
      return pipeline.exposures.readValuesToList().stream()
          .map(e -> ExposureEvent.newBuilder(e).setEmittedAt(Instant.EPOCH).build())
          .toList();
    }
  }
}
