package io.vigil.correlator;

import io.vigil.events.v1.ExposureEvent;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * The weekly portfolio fix plan's partials beside {@code exposures-store} in the package-shard
 * stage ({@link FixPlanDigestProcessor}), added by {@link CorrelatorTopology#build} when {@code
 * correlator.fixPlanDigest.enabled}.
 */
final class FixPlanDigestTopology {
  private FixPlanDigestTopology() {}

  static void add(
      StreamsBuilder builder,
      TopicCatalog topics,
      SerdeFactory serdes,
      CorrelatorConfig config,
      KStream<String, ExposureEvent> exposures) {
    builder.addStateStore(
        Stores.keyValueStoreBuilder(
            Stores.persistentKeyValueStore(FixPlanDigestProcessor.STORE),
            Serdes.String(),
            Serdes.String()));
    exposures
        .process(
            () -> new FixPlanDigestProcessor(config.fixPlanDigest(), config.partitions()),
            Named.as("fold_weekly_fix_plan_partial"),
            CorrelatorTopology.EXPOSURES_STORE,
            FixPlanDigestProcessor.STORE)
        .to(
            topics.fixPlanPartials().name(),
            Produced.with(Serdes.String(), serdes.value(topics.fixPlanPartials()))
                .withName("produce_to_fixplan_partials_topic"));
  }
}
