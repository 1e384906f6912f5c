package io.vigil.correlator;

import static io.vigil.correlator.CorrelatorTopology.PACKAGE_REACH_STORE;
import static io.vigil.correlator.CorrelatorTopology.PACKAGE_USES_STORE;
import static io.vigil.correlator.CorrelatorTopology.PORTFOLIO_COMPONENTS_STORE;
import static io.vigil.correlator.CorrelatorTopology.PORTFOLIO_PROJECTS_STORE;
import static io.vigil.correlator.CorrelatorTopology.PORTFOLIO_REPARTITION;
import static io.vigil.correlator.CorrelatorTopology.SYSTEMIC_ADVISORIES_STORE;
import static io.vigil.correlator.CorrelatorTopology.SYSTEMIC_EXPOSURES_REPARTITION;
import static io.vigil.correlator.CorrelatorTopology.SYSTEMIC_INPUTS_REPARTITION;
import static io.vigil.correlator.CorrelatorTopology.SYSTEMIC_PENDING_STORE;
import static io.vigil.correlator.CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE;

import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.SystemicEvent;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.processor.StreamPartitioner;
import org.apache.kafka.streams.state.Stores;

/**
 * The SYSTEMIC part of the correlator's topology (issue 17), added by {@link CorrelatorTopology}
 * when {@code correlator.systemic.enabled}: names of its stores and repartitions stay in {@link
 * CorrelatorTopology}, beside the others. Pure, like the rest of the build.
 */
final class SystemicTopology {
  private SystemicTopology() {}

  /**
   * SYSTEMIC (issue 17): a by-package fan-in of every project's components (keyed by package key,
   * not by package shard), the portfolio's size summed on one partition and broadcast, and the
   * first exposure of a new advisory on a package judged against core's {@code SystemicPolicy}.
   */
  static void add(
      StreamsBuilder builder,
      TopicCatalog topics,
      SerdeFactory serdes,
      CorrelatorConfig config,
      KStream<String, ComponentEvent> components,
      KStream<String, ExposureEvent> exposures) {
    Serde<String> keys = Serdes.String();
    Serde<ExposureEvent> exposureSerde = serdes.value(topics.exposures());
    Serde<SystemicRecords.Input> inputSerde = SystemicSerdes.input();
    int partitions = config.partitions();
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PORTFOLIO_COMPONENTS_STORE), keys, Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PORTFOLIO_PROJECTS_STORE), keys, Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PACKAGE_USES_STORE), keys, SystemicSerdes.useRow()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(PACKAGE_REACH_STORE), keys, SystemicSerdes.counts()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SYSTEMIC_PORTFOLIO_STORE),
            keys,
            new JsonSerde<>(SystemicRecords.PortfolioTotals.class)));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SYSTEMIC_ADVISORIES_STORE), keys, Serdes.String()));
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(SYSTEMIC_PENDING_STORE), keys, exposureSerde));

    // per project: what changed of the portfolio (presence, criticality) and of the package uses;
    // a component delivered again as it was sends nothing
    Map<String, KStream<String, Object>> changes =
        components
            .process(
                SystemicPortfolio.PresenceProcessor::new,
                Named.as("track_portfolio_projects"),
                PORTFOLIO_COMPONENTS_STORE)
            .split(Named.as("portfolio_change_"))
            .branch((k, v) -> v instanceof SystemicRecords.Input, Branched.as("use"))
            .defaultBranch(Branched.as("presence"));
    KStream<String, SystemicRecords.Input> totals =
        changes
            .get("portfolio_change_presence")
            .mapValues(
                v -> (SystemicRecords.ProjectPresence) v, Named.as("portfolio_presence_values"))
            .repartition(
                Repartitioned.with(keys, new JsonSerde<>(SystemicRecords.ProjectPresence.class))
                    .withName(PORTFOLIO_REPARTITION)
                    .withNumberOfPartitions(1))
            .process(
                SystemicPortfolio.TotalsProcessor::new,
                Named.as("sum_portfolio_totals"),
                PORTFOLIO_PROJECTS_STORE);
    KStream<String, SystemicRecords.Input> uses =
        changes
            .get("portfolio_change_use")
            .mapValues(v -> (SystemicRecords.Input) v, Named.as("package_use_change_values"));
    KStream<String, SystemicEvent> later =
        uses.merge(totals, Named.as("merge_uses_and_portfolio_totals"))
            .repartition(
                Repartitioned.with(keys, inputSerde)
                    .withName(SYSTEMIC_INPUTS_REPARTITION)
                    .withNumberOfPartitions(partitions)
                    .withStreamPartitioner(new TotalsToEveryPartition()))
            .process(
                () ->
                    new SystemicAdvisories.UseProcessor(
                        config.systemic().policy(), Clock.systemUTC()),
                Named.as("record_package_use"),
                PACKAGE_USES_STORE,
                PACKAGE_REACH_STORE,
                SYSTEMIC_PORTFOLIO_STORE,
                SYSTEMIC_ADVISORIES_STORE);
    exposures
        .filter(
            (project, e) ->
                e != null
                    && e.getType() == ExposureType.NEW
                    && (e.getCause() == ExposureCause.NEW_ADVISORY
                        || e.getCause() == ExposureCause.ADVISORY_UPDATED),
            Named.as("keep_new_advisory_exposures"))
        .selectKey(
            (project, e) -> PackageKeys.ofComponent(e.getComponent()),
            Named.as("key_exposure_by_package"))
        .filter((pkg, e) -> pkg != null, Named.as("drop_exposures_without_package_key"))
        .repartition(
            Repartitioned.with(keys, exposureSerde)
                .withName(SYSTEMIC_EXPOSURES_REPARTITION)
                .withNumberOfPartitions(partitions))
        .process(
            () -> new SystemicAnnouncer(config.systemic().policy(), Clock.systemUTC()),
            Named.as("announce_systemic_advisory"),
            PACKAGE_USES_STORE,
            PACKAGE_REACH_STORE,
            SYSTEMIC_PORTFOLIO_STORE,
            SYSTEMIC_ADVISORIES_STORE,
            SYSTEMIC_PENDING_STORE)
        .merge(later, Named.as("merge_later_systemic_announcements"))
        .to(
            topics.systemic().name(),
            Produced.with(keys, serdes.value(topics.systemic()))
                .withName("produce_to_systemic_topic"));
  }

  /**
   * The portfolio totals go to every partition of the package-keyed inputs; a component goes where
   * its package key hashes (the default, as the exposures' repartition, so both meet).
   */
  static final class TotalsToEveryPartition
      implements StreamPartitioner<String, SystemicRecords.Input> {
    @Override
    public Optional<Set<Integer>> partitions(
        String topic, String key, SystemicRecords.Input value, int numPartitions) {
      if (value != null && value.totals() != null) {
        return Optional.of(IntStream.range(0, numPartitions).boxed().collect(Collectors.toSet()));
      }
      return Optional.empty();
    }
  }
}
