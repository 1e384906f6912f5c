package io.vigil.correlator;

import io.vigil.correlator.history.DailyOpen;
import io.vigil.correlator.history.FixedExposure;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The portfolio's history, per partition of the package-shard stage (the same tasks as {@code
 * exposures-store}, so the query API finds both with the same owners), kept in two changelogged
 * stores so it survives restarts and moves with its task:
 *
 * <ul>
 *   <li>{@code fixed-exposures-store}: every exposure fixed (its RESOLVED event of an upgrade or
 *       removal, {@code COMPONENT_REMOVED}, the metric's definition of a fix), keyed by exposure id
 *       and first-seen time. The emitted event is the source: its {@code firstSeenAt} (carried on
 *       every event of the exposure) and trigger time come from the inputs, not from the wall
 *       clock, so a replay of the same inputs writes the same rows, and a RESOLVED event processed
 *       twice overwrites its own row; an exposure fixed, reintroduced and fixed again counts twice.
 *   <li>{@code open-exposures-daily-store}: the partition's open exposures by severity, counted
 *       from {@code exposures-store} and written under today's UTC date (the day's last count
 *       wins). Every {@link #CHECK_EVERY} (wall clock) the task counts again when an exposure event
 *       passed since its last count (every change of {@code exposures-store} is emitted as one) or
 *       when today has no count yet (a new day, a restart, a task that moved here), so a quiet
 *       portfolio costs one scan a day and a busy one at most one per check; days older than {@link
 *       #KEEP_DAYS} are dropped.
 * </ul>
 */
final class PortfolioHistoryProcessor implements Processor<String, ExposureEvent, Void, Void> {
  /** How often each task looks whether to count its open exposures again. */
  static final Duration CHECK_EVERY = Duration.ofSeconds(30);

  /** How many days of counts are kept. */
  static final int KEEP_DAYS = 400;

  private KeyValueStore<String, ExposureEvent> exposures;
  private KeyValueStore<String, FixedExposure> fixed;
  private KeyValueStore<String, DailyOpen> daily;

  /** An exposure event passed since the last count (in memory: a restart counts once anyway). */
  private boolean changed;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    exposures = context.getStateStore(CorrelatorTopology.EXPOSURES_STORE);
    fixed = context.getStateStore(CorrelatorTopology.FIXED_EXPOSURES_STORE);
    daily = context.getStateStore(CorrelatorTopology.OPEN_DAILY_STORE);
    context.schedule(CHECK_EVERY, PunctuationType.WALL_CLOCK_TIME, this::check);
  }

  @Override
  public void process(Record<String, ExposureEvent> record) {
    changed = true;
    FixedExposure f = fixOf(record.value());
    if (f != null) {
      fixed.put(record.value().getExposureId() + StoreKeys.SEP + f.firstSeenAt(), f);
    }
  }

  /** The fix an event records, or null (not a RESOLVED of an upgrade, or no first-seen time). */
  static FixedExposure fixOf(ExposureEvent e) {
    if (e == null
        || e.getType() != ExposureType.RESOLVED
        || e.getCause() != ExposureCause.COMPONENT_REMOVED
        || e.getFirstSeenAt() == null
        || e.getTriggeredAt() == null) {
      return null;
    }
    return new FixedExposure(
        PortfolioSummary.SEVERITIES.get(PortfolioSummary.rank(e.getAdvisory().getSeverity())),
        e.getKev() != null,
        e.getFirstSeenAt().toEpochMilli(),
        e.getTriggeredAt().toEpochMilli());
  }

  /** Counts again when something changed or today has no count yet. */
  void check(long now) {
    if (changed || daily.get(day(now).toString()) == null) {
      changed = false;
      snapshot(now);
    }
  }

  private static LocalDate day(long now) {
    return LocalDate.ofInstant(Instant.ofEpochMilli(now), ZoneOffset.UTC);
  }

  /** Counts this partition's open exposures under today's date, and drops the oldest days. */
  void snapshot(long now) {
    long[] bySeverity = new long[PortfolioSummary.SEVERITIES.size()];
    long kev = 0;
    long suppressed = 0;
    try (KeyValueIterator<String, ExposureEvent> it = exposures.all()) {
      while (it.hasNext()) {
        ExposureEvent e = it.next().value;
        if (e == null) {
          continue;
        }
        if (ExposureTriage.suppressed(e)) {
          suppressed++;
          continue;
        }
        bySeverity[PortfolioSummary.rank(e.getAdvisory().getSeverity())]++;
        kev += e.getKev() != null ? 1 : 0;
      }
    }
    LocalDate today = day(now);
    daily.put(
        today.toString(),
        new DailyOpen(Arrays.stream(bySeverity).boxed().toList(), kev, suppressed, now));
    String oldest = today.minusDays(KEEP_DAYS - 1L).toString();
    List<String> old = new ArrayList<>();
    try (KeyValueIterator<String, DailyOpen> it = daily.range(null, oldest)) {
      while (it.hasNext()) {
        String day = it.next().key;
        if (day.compareTo(oldest) < 0) {
          old.add(day);
        }
      }
    }
    old.forEach(daily::delete);
  }
}
