package io.vigil.correlator;

import io.vigil.core.ssvc.SsvcSettings;
import io.vigil.events.v1.ExposureEvent;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * KEV/EPSS/NVD news about a CVE that an advisory of one package shard aliases (records keyed by
 * package shard): see {@link Correlation#onEnrichment}.
 */
final class EnrichmentChangeProcessor
    implements Processor<String, CveEnrichment, String, ExposureEvent> {
  private final double epssDelta;
  private final SsvcSettings ssvc;
  private final Correlation.Probe probe;
  private final Triage.Settings triage;
  private Correlation correlation;

  EnrichmentChangeProcessor(
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
  public void process(Record<String, CveEnrichment> record) {
    correlation.onEnrichment(record.key(), record.value(), record.timestamp());
  }
}
