package io.vigil.alerting;

import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.feeds.FeedWatch;
import io.vigil.events.v1.DeadLetter;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.schemas.VigilService;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the service cannot read go to the DLQ with the reason, and the service goes on. The write
 * is retried until it succeeds (the record's offset is not committed before it is in the DLQ).
 */
final class PoisonRecords implements FeedWatch.Poison {
  private static final Logger log = LoggerFactory.getLogger(PoisonRecords.class);

  private final KafkaDeliveryLog deliveryLog;

  PoisonRecords(KafkaDeliveryLog deliveryLog) {
    this.deliveryLog = deliveryLog;
  }

  /**
   * Dead-letters {@code r}.
   *
   * @param what what the record should have been ({@code an ExposureEvent})
   */
  @Override
  public void deadLetter(
      ConsumerRecord<String, byte[]> r, String what, RuntimeException ex, Instant now)
      throws InterruptedException {
    DeadLetter d =
        DeadLetters.fromRecord(
            VigilService.ALERTING,
            "deserialize",
            "not a readable " + what + ": " + ex.getMessage(),
            ex,
            r.topic(),
            r.partition(),
            r.offset(),
            r.key() == null ? null : r.key().getBytes(StandardCharsets.UTF_8),
            r.value(),
            now);
    while (true) {
      try {
        deliveryLog.deadLetter(List.of(d));
        log.warn(
            "alerting: {}-{}@{} is not {}; sent to the DLQ",
            r.topic(),
            r.partition(),
            r.offset(),
            what);
        return;
      } catch (InterruptedException ie) {
        throw ie;
      } catch (Exception we) {
        log.warn("alerting: cannot write to the DLQ: {}", we.toString());
        Thread.sleep(1000);
      }
    }
  }
}
