package io.vigil.correlator;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * An advisory for one package arrived, changed or was withdrawn (records keyed by package): keep
 * the advisories store current and re-evaluate every component of that package, opening and
 * resolving exposures as the answer changes.
 */
final class AdvisoryChangeProcessor implements Processor<String, Advisory, String, ExposureEvent> {
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
  public void process(Record<String, Advisory> record) {
    String packageKey = record.key();
    Advisory advisory = record.value();
    String advisoryKey = StoreKeys.advisory(packageKey, advisory.getId());
    boolean known = advisories.get(advisoryKey) != null;
    boolean withdrawn = advisory.getWithdrawn() != null;
    if (withdrawn) {
      advisories.delete(advisoryKey);
    } else {
      advisories.put(advisoryKey, advisory);
    }
    Instant now = Instant.now();
    String trigger = advisory.getId() + '@' + advisory.getModified().toEpochMilli();
    try (KeyValueIterator<String, ComponentEvent> it =
        components.prefixScan(StoreKeys.packagePrefix(packageKey), new StringSerializer())) {
      while (it.hasNext()) {
        KeyValue<String, ComponentEvent> kv = it.next();
        ComponentEvent component = kv.value;
        String purl = component.getComponent().getPurl();
        String exposureKey =
            StoreKeys.exposure(packageKey, component.getProjectId(), purl, advisory.getId());
        List<String> fixed =
            withdrawn
                ? null
                : firstMatch(advisory, packageKey, component.getComponent().getVersion());
        if (fixed != null) {
          ExposureCause cause = known ? ExposureCause.ADVISORY_UPDATED : ExposureCause.NEW_ADVISORY;
          ledger.open(
              exposureKey,
              Exposures.newExposure(
                  component, advisory, fixed, cause, advisory.getIngestedAt(), now, trigger),
              record.timestamp());
        } else {
          ExposureEvent current = ledger.current(exposureKey);
          if (current != null) {
            ExposureCause cause =
                withdrawn ? ExposureCause.ADVISORY_WITHDRAWN : ExposureCause.ADVISORY_UPDATED;
            ledger.close(
                exposureKey,
                Exposures.resolved(current, cause, advisory.getIngestedAt(), now, trigger),
                record.timestamp());
          }
        }
      }
    }
  }

  private static List<String> firstMatch(Advisory advisory, String packageKey, String version) {
    for (AffectedPackage entry : advisory.getAffected()) {
      if (packageKey.equals(entry.getPackageKey())) {
        List<String> fixed = SkeletonMatcher.affected(entry, version);
        if (fixed != null) {
          return fixed;
        }
      }
    }
    return null;
  }
}
