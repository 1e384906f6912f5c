package io.vigil.correlator;

import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.PolicyDocument;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A policy document published or deleted (every task receives every document): the task's open
 * exposures are evaluated again ({@link Triage#onPolicy}).
 */
final class PolicyUpdateProcessor
    implements Processor<String, PolicyDocument, String, ExposureEvent> {
  private final Triage.Settings settings;
  private Triage triage;

  PolicyUpdateProcessor(Triage.Settings settings) {
    this.settings = settings;
  }

  @Override
  public void init(ProcessorContext<String, ExposureEvent> context) {
    triage = new Triage(context, settings);
  }

  @Override
  public void process(Record<String, PolicyDocument> record) {
    triage.onPolicy(record.key(), record.value(), record.timestamp());
  }
}
