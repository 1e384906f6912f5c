package io.vigil.alerting;

import io.vigil.alerting.delivery.DeadLetterSink;
import io.vigil.alerting.delivery.DeliveryLog;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeadLetter;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records what the dispatcher writes to the delivery log and the DLQ (Kafka-free unit tests). */
public final class InMemoryLog implements DeliveryLog, DeadLetterSink {
  public final List<AlertDelivery> records = new CopyOnWriteArrayList<>();
  public final List<String> deleted = new CopyOnWriteArrayList<>();
  public final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();

  @Override
  public void write(List<AlertDelivery> r) {
    records.addAll(r);
  }

  @Override
  public void delete(List<String> alertKeys) {
    deleted.addAll(alertKeys);
  }

  @Override
  public void deadLetter(List<DeadLetter> letters) {
    deadLetters.addAll(letters);
  }
}
