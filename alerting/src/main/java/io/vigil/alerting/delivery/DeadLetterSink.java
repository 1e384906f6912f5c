package io.vigil.alerting.delivery;

import io.vigil.events.v1.DeadLetter;
import java.util.List;

/** Where alerts that ran out of attempts go (the alerting DLQ topic). */
public interface DeadLetterSink {
  /** Writes the dead letters and returns once they are durable. */
  void deadLetter(List<DeadLetter> letters) throws Exception;
}
