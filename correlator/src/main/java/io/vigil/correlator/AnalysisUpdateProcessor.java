package io.vigil.correlator;

import io.vigil.events.v1.ExposureEvent;
import io.vigil.internal.v1.AnalysisUpdate;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A triage decision set, replaced or deleted (every task receives every decision): see {@link
 * Triage#onAnalysis}. Also checks, every {@code expiryCheck} of wall-clock time, for decisions that
 * reached their {@code validUntil} ({@link Triage#onClock}), and every {@code overdueCheck} for
 * exposures that passed their due date ({@link OverdueCheck}): this processor is in every task of
 * the package-shard sub-topology (decisions are broadcast), so each task checks its own exposures.
 */
final class AnalysisUpdateProcessor
    implements Processor<String, AnalysisUpdate, String, ExposureEvent> {
  private final Triage.Settings settings;
  private final Duration expiryCheck;
  private final Duration overdueCheck;
  private Triage triage;

  AnalysisUpdateProcessor(Triage.Settings settings, Duration expiryCheck, Duration overdueCheck) {
    this.settings = settings;
    this.expiryCheck = expiryCheck;
    this.overdueCheck = overdueCheck;
  }

  @Override
  public void init(ProcessorContext<String, ExposureEvent> context) {
    triage = new Triage(context, settings);
    context.schedule(expiryCheck, PunctuationType.WALL_CLOCK_TIME, triage::onClock);
    OverdueCheck overdue = new OverdueCheck(context, settings.remediation());
    context.schedule(overdueCheck, PunctuationType.WALL_CLOCK_TIME, overdue::onClock);
  }

  @Override
  public void process(Record<String, AnalysisUpdate> record) {
    triage.onAnalysis(record.key(), record.value(), record.timestamp());
  }
}
