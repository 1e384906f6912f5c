package io.vigil.correlator;

import io.vigil.core.remediation.RemediationClock;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * OVERDUE (issue 16 item 5), one task's wall-clock check: the open, unsuppressed exposures whose
 * due date passed ({@link DueIndex}) each emit one {@code OVERDUE} event, and their stored state
 * gets {@code overdueSince} (carried on every later state), so neither a later check, a restart
 * (the store is restored from its changelog), a replay of the inputs nor a re-evaluation emits it
 * again. The event is the stored state with type OVERDUE, cause DUE_DATE_PASSED, triggeredAt the
 * due date and an event id from the exposure and its due date, so a replay gives the same event. At
 * most {@link #MAX_PER_CHECK} exposures per check (the rest at the next one).
 */
final class OverdueCheck {
  /** The most exposures one check emits (a time budget for the punctuation). */
  static final int MAX_PER_CHECK = 10_000;

  private final ProcessorContext<String, ExposureEvent> context;
  private final KeyValueStore<String, ExposureEvent> exposures;
  private final DueIndex index;

  OverdueCheck(ProcessorContext<String, ExposureEvent> context, SlaPolicy policy) {
    this.context = context;
    this.exposures = context.getStateStore(CorrelatorTopology.EXPOSURES_STORE);
    this.index = new DueIndex(context.getStateStore(CorrelatorTopology.EXPOSURE_DUE_STORE), policy);
  }

  /** The stored state of an exposure that went overdue: marked, type unchanged. */
  static ExposureEvent marked(ExposureEvent current, RemediationClock clock) {
    return ExposureEvent.newBuilder(current)
        .setOverdueSince(clock.due().at())
        .setOverdueBasis(clock.due().basis())
        .build();
  }

  /** The OVERDUE event of an exposure whose due date passed, noticed at {@code now}. */
  static ExposureEvent overdue(ExposureEvent current, RemediationClock clock, Instant now) {
    Instant due = clock.due().at();
    return ExposureEvent.newBuilder(marked(current, clock))
        .setType(ExposureType.OVERDUE)
        .setCause(ExposureCause.DUE_DATE_PASSED)
        .setPrevious(null)
        .setPreviousAnalysis(null)
        .setInitialInventory(false)
        .setTriggeredAt(due)
        .setEmittedAt(now)
        .setEventId(
            Exposures.eventId(
                current.getExposureId(), ExposureType.OVERDUE, "due@" + due.toEpochMilli()))
        .build();
  }

  /** The wall-clock punctuation. */
  void onClock(long timestamp) {
    Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
    index.buildOnce(exposures);
    List<KeyValue<String, RemediationClock>> due = index.due(now, exposures, MAX_PER_CHECK);
    for (KeyValue<String, RemediationClock> kv : due) {
      ExposureEvent current = exposures.get(kv.key);
      exposures.put(kv.key, marked(current, kv.value));
      ExposureEvent e = overdue(current, kv.value, now);
      context.forward(new Record<>(e.getProjectId(), e, timestamp));
    }
  }
}
