package io.vigil.alerting.delivery;

import io.vigil.events.v1.AlertDelivery;
import java.util.List;

/** Where delivery outcomes are recorded (the compacted delivery-log topic). */
public interface DeliveryLog {
  /** Writes the records and returns once they are durable (acknowledged). */
  void write(List<AlertDelivery> records) throws Exception;

  /** Removes the records of these keys (tombstones). */
  void delete(List<String> alertKeys) throws Exception;
}
