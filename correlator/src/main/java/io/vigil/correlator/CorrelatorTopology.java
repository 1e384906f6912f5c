package io.vigil.correlator;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * The correlator: components and advisories re-keyed by canonical package key into two
 * co-partitioned repartition topics, and one sub-topology that keeps three RocksDB stores
 * (components by package → project → purl; advisories by package; current exposures) and emits only
 * changes to the exposures topic, keyed by project.
 *
 * <pre>
 * components ─ select_package_key_of_component ─ components-by-package ─┐
 *                                                                        ├ correlate_* ─ exposures
 * advisories ─ fan_out_advisory_per_package ──── advisories-by-package ──┘   (3 stores)
 * </pre>
 *
 * Every source, processor, store, repartition and sink is named, so the names (and the changelog
 * topics derived from them) are stable across releases.
 */
public final class CorrelatorTopology {
  public static final String COMPONENTS_STORE = "components-by-package-store";
  public static final String ADVISORIES_STORE = "advisories-by-package-store";
  public static final String EXPOSURES_STORE = "exposures-store";
  public static final String COMPONENTS_REPARTITION = "components-by-package";
  public static final String ADVISORIES_REPARTITION = "advisories-by-package";

  private CorrelatorTopology() {}

  public static Topology build(TopicCatalog topics, SerdeFactory serdes, CorrelatorConfig config) {
    StreamsBuilder builder = new StreamsBuilder();
    var componentSerde = serdes.value(topics.components());
    var advisorySerde = serdes.value(topics.advisories());
    var exposureSerde = serdes.value(topics.exposures());

    StoreBuilder<KeyValueStore<String, ComponentEvent>> components =
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(COMPONENTS_STORE), Serdes.String(), componentSerde);
    StoreBuilder<KeyValueStore<String, Advisory>> advisories =
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(ADVISORIES_STORE), Serdes.String(), advisorySerde);
    StoreBuilder<KeyValueStore<String, ExposureEvent>> exposures =
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(EXPOSURES_STORE), Serdes.String(), exposureSerde);
    builder.addStateStore(components);
    builder.addStateStore(advisories);
    builder.addStateStore(exposures);

    KStream<String, ComponentEvent> componentsByPackage =
        builder.stream(
                topics.components().name(),
                Consumed.with(Serdes.String(), componentSerde)
                    .withName("consume_from_components_topic"))
            .filter(
                (project, e) -> e != null && e.getComponent().getPackageKey() != null,
                Named.as("drop_components_without_package"))
            .selectKey(
                (project, e) -> e.getComponent().getPackageKey(),
                Named.as("select_package_key_of_component"))
            .repartition(
                Repartitioned.with(Serdes.String(), componentSerde)
                    .withName(COMPONENTS_REPARTITION)
                    .withNumberOfPartitions(config.partitions()));

    KStream<String, Advisory> advisoriesByPackage =
        builder.stream(
                topics.advisories().name(),
                Consumed.with(Serdes.String(), advisorySerde)
                    .withName("consume_from_advisories_topic"))
            .filter((id, a) -> a != null, Named.as("drop_advisory_tombstones"))
            .flatMap((id, a) -> perPackage(a), Named.as("fan_out_advisory_per_package"))
            .repartition(
                Repartitioned.with(Serdes.String(), advisorySerde)
                    .withName(ADVISORIES_REPARTITION)
                    .withNumberOfPartitions(config.partitions()));

    KStream<String, ExposureEvent> fromComponents =
        componentsByPackage.process(
            ComponentChangeProcessor::new,
            Named.as("correlate_component_with_advisories"),
            COMPONENTS_STORE,
            ADVISORIES_STORE,
            EXPOSURES_STORE);
    KStream<String, ExposureEvent> fromAdvisories =
        advisoriesByPackage.process(
            AdvisoryChangeProcessor::new,
            Named.as("correlate_advisory_with_components"),
            COMPONENTS_STORE,
            ADVISORIES_STORE,
            EXPOSURES_STORE);

    fromComponents
        .merge(fromAdvisories, Named.as("merge_exposure_changes"))
        .to(
            topics.exposures().name(),
            Produced.with(Serdes.String(), exposureSerde).withName("produce_to_exposures_topic"));
    return builder.build();
  }

  /** One record per distinct package key of the advisory (entries without a key cannot match). */
  static List<KeyValue<String, Advisory>> perPackage(Advisory a) {
    Set<String> keys = new LinkedHashSet<>();
    for (AffectedPackage p : a.getAffected()) {
      if (p.getPackageKey() != null) {
        keys.add(p.getPackageKey());
      }
    }
    List<KeyValue<String, Advisory>> out = new ArrayList<>(keys.size());
    for (String k : keys) {
      out.add(KeyValue.pair(k, a));
    }
    return out;
  }
}
