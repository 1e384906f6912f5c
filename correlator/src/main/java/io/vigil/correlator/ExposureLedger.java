package io.vigil.correlator;

import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The current-exposures store and the emission of changes: an event is forwarded only when it
 * changes what the store says, so replays and duplicates emit nothing.
 */
final class ExposureLedger {
  private final KeyValueStore<String, ExposureEvent> store;
  private final ProcessorContext<String, ExposureEvent> context;

  ExposureLedger(
      KeyValueStore<String, ExposureEvent> store, ProcessorContext<String, ExposureEvent> context) {
    this.store = store;
    this.context = context;
  }

  KeyValueStore<String, ExposureEvent> exposures() {
    return store;
  }

  ExposureEvent current(String key) {
    return store.get(key);
  }

  /** Records a NEW exposure and emits it, unless it is already current. */
  void open(String key, ExposureEvent event, long timestamp) {
    if (store.get(key) != null) {
      return;
    }
    store.put(key, event);
    emit(event, timestamp);
  }

  /** Emits RESOLVED for a current exposure and forgets it. */
  void close(String key, ExposureEvent resolved, long timestamp) {
    if (store.get(key) == null || resolved.getType() != ExposureType.RESOLVED) {
      return;
    }
    store.delete(key);
    emit(resolved, timestamp);
  }

  private void emit(ExposureEvent e, long timestamp) {
    context.forward(new Record<>(e.getProjectId(), e, timestamp));
  }
}
