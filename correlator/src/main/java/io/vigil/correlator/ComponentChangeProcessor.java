package io.vigil.correlator;

import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A component appeared in or left a project (records keyed by package shard): see {@link
 * Correlation#onComponent}.
 */
final class ComponentChangeProcessor
    implements Processor<String, ComponentEvent, String, ExposureEvent> {
  private final double epssDelta;
  private final SsvcSettings ssvc;
  private final Correlation.Probe probe;
  private final Triage.Settings triage;
  private Correlation correlation;

  ComponentChangeProcessor(
      double epssDelta, SsvcSettings ssvc, Correlation.Probe probe, Triage.Settings triage) {
    this.epssDelta = epssDelta;
    this.ssvc = ssvc;
    this.probe = probe;
    this.triage = triage;
  }

  @Override
  public void init(ProcessorContext<String, ExposureEvent> context) {
    correlation = new Correlation(context, epssDelta, ssvc, probe, triage);
  }

  @Override
  public void process(Record<String, ComponentEvent> record) {
    correlation.onComponent(record.key(), record.value(), record.timestamp());
  }
}
