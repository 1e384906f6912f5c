package io.vigil.correlator;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * A component appeared in or left a project (records keyed by package): keep the components store
 * current, and check the new component against the advisories of its package, or resolve the
 * exposures of the removed one.
 */
final class ComponentChangeProcessor
    implements Processor<String, ComponentEvent, String, ExposureEvent> {
  private KeyValueStore<String, ComponentEvent> components;
  private KeyValueStore<String, Advisory> advisories;
  private ExposureLedger ledger;

  @Override
  public void init(ProcessorContext<String, ExposureEvent> context) {
    components = context.getStateStore(CorrelatorTopology.COMPONENTS_STORE);
    advisories = context.getStateStore(CorrelatorTopology.ADVISORIES_STORE);
    ledger = new ExposureLedger(context.getStateStore(CorrelatorTopology.EXPOSURES_STORE), context);
  }

  @Override
  public void process(Record<String, ComponentEvent> record) {
    String packageKey = record.key();
    ComponentEvent event = record.value();
    String purl = event.getComponent().getPurl();
    String componentKey = StoreKeys.component(packageKey, event.getProjectId(), purl);
    Instant now = Instant.now();
    if (event.getChange() == ComponentChange.REMOVED) {
      components.delete(componentKey);
      List<KeyValue<String, ExposureEvent>> open = new ArrayList<>();
      try (KeyValueIterator<String, ExposureEvent> it =
          ledger
              .exposures()
              .prefixScan(
                  StoreKeys.componentPrefix(packageKey, event.getProjectId(), purl),
                  new org.apache.kafka.common.serialization.StringSerializer())) {
        it.forEachRemaining(open::add);
      }
      for (KeyValue<String, ExposureEvent> kv : open) {
        ledger.close(
            kv.key,
            Exposures.resolved(
                kv.value,
                ExposureCause.COMPONENT_REMOVED,
                event.getReceivedAt(),
                now,
                event.getEventId()),
            record.timestamp());
      }
      return;
    }
    components.put(componentKey, event);
    try (KeyValueIterator<String, Advisory> it =
        advisories.prefixScan(
            StoreKeys.packagePrefix(packageKey),
            new org.apache.kafka.common.serialization.StringSerializer())) {
      while (it.hasNext()) {
        Advisory advisory = it.next().value;
        for (AffectedPackage entry : advisory.getAffected()) {
          if (!packageKey.equals(entry.getPackageKey())) {
            continue;
          }
          List<String> fixed = SkeletonMatcher.affected(entry, event.getComponent().getVersion());
          if (fixed != null) {
            String key =
                StoreKeys.exposure(packageKey, event.getProjectId(), purl, advisory.getId());
            ledger.open(
                key,
                Exposures.newExposure(
                    event,
                    advisory,
                    fixed,
                    ExposureCause.NEW_COMPONENT,
                    event.getReceivedAt(),
                    now,
                    event.getEventId()),
                record.timestamp());
            break;
          }
        }
      }
    }
  }
}
