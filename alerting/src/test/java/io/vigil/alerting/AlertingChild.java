package io.vigil.alerting;

import io.vigil.platform.config.Secret;
import io.vigil.platform.kafka.KafkaSettings;
import io.vigil.testkit.process.ChildJvm;
import java.time.Duration;
import java.util.Map;

/**
 * Alerting in its own JVM, for tests that kill it ({@link ChildJvm}): one Slack webhook channel.
 * Args: bootstrap servers, topic prefix, consumer group, Slack webhook URL. Prints READY once the
 * delivery log is read back and the consumer owns its partitions.
 */
public final class AlertingChild {
  private AlertingChild() {}

  public static void main(String[] args) throws Exception {
    // a killed consumer stays in its group until its session expires: 6 s (the broker's minimum)
    KafkaSettings kafka =
        new KafkaSettings(
            args[0], Map.of("session.timeout.ms", "6000"), args[1], (short) 1, null, null);
    ChannelConfig slack =
        ChannelConfig.builder("slack")
            .webhook(Secret.of(args[3]))
            // longer than the test holds a request: no client-side retry races the kill
            .timeout(Duration.ofSeconds(90))
            .build();
    AlertingConfig config =
        AlertingConfig.defaults()
            .withGroupId(args[2])
            .withChannels(Map.of("slack-sec", slack), null)
            .withWindows(Duration.ofSeconds(10), Duration.ofMillis(500));
    AlertingService service = new AlertingService(kafka, config, System.out).start();
    while (!service.ready()) {
      Thread.sleep(50);
    }
    System.out.println(ChildJvm.READY);
    System.out.flush();
    ChildJvm.awaitStdinClosed();
    service.close();
    System.exit(0);
  }
}
