package io.vigil.correlator;

import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.testkit.process.ChildJvm;
import java.nio.file.Path;
import java.util.Map;
import org.apache.kafka.streams.KafkaStreams;

/**
 * A correlator in its own JVM, for tests that kill it ({@link ChildJvm}). Args: bootstrap servers,
 * topic prefix, state directory, partitions, package shards. Prints READY once Streams runs.
 */
public final class CorrelatorChild {
  private CorrelatorChild() {}

  public static void main(String[] args) throws Exception {
    // a killed instance leaves its group member behind until its session expires: 6 s (the
    // broker's minimum) instead of 45 s, so the restarted one is assigned its tasks sooner
    KafkaSettings kafka =
        new KafkaSettings(
            args[0],
            Map.of("session.timeout.ms", "6000"),
            args[1],
            (short) 1,
            null,
            Path.of(args[2]));
    CorrelatorConfig config =
        new CorrelatorConfig(
            null, Integer.parseInt(args[3]), 1, -1, null, Integer.parseInt(args[4]), 16, 4, null);
    CorrelatorService service = new CorrelatorService(kafka, config, null).start();
    while (service.streams().state() != KafkaStreams.State.RUNNING) {
      if (service.streams().state() == KafkaStreams.State.ERROR) {
        System.out.println("FAILED");
        System.exit(2);
      }
      Thread.sleep(50);
    }
    System.out.println(ChildJvm.READY);
    System.out.flush();
    ChildJvm.awaitStdinClosed();
    service.close();
    System.exit(0);
  }
}
