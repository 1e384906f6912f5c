package io.vigil.correlator;

import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ExposureEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * An advisory of one package shard arrived, changed, was withdrawn or dropped the package (records
 * keyed by package shard): see {@link Correlation#onAdvisory}.
 */
final class AdvisoryChangeProcessor implements Processor<String, Advisory, String, ExposureEvent> {
  private final double epssDelta;
  private final SsvcSettings ssvc;
  private final Correlation.Probe probe;
  private final Triage.Settings triage;
  private Correlation correlation;

  AdvisoryChangeProcessor(
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
  public void process(Record<String, Advisory> record) {
    correlation.onAdvisory(record.key(), record.value(), record.timestamp());
  }
}
