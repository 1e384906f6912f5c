package io.vigil.bench;

import io.vigil.correlator.BoundedRocksDb;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.platform.kafka.KafkaSettings;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The load benchmark's baseline: the cheapest useful Streams app over the same input, with the same
 * partitions and guarantees as the correlator (exactly-once v2, changelogged RocksDB), and its
 * RocksDB settings (the correlator's {@link BoundedRocksDb}: one shared block cache and write
 * buffer budget, the same sizes as {@link CorrelatorProcess} gives the correlator): one get and one
 * put per component event, no repartition, no output.
 */
final class BaselineApp implements AutoCloseable {
  static final String APPLICATION_ID = "vigil-bench-baseline";
  static final String STORE = "baseline-components-store";
  private final KafkaStreams streams;

  BaselineApp(KafkaSettings kafka, int threads, int cacheMb, int writeBufferMb) {
    Serde<ComponentEvent> serde = kafka.serdeFactory().value(kafka.catalog().components());
    StreamsBuilder b = new StreamsBuilder();
    b.addStateStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), serde));
    b.stream(
            kafka.catalog().components().name(),
            Consumed.with(Serdes.String(), serde).withName("consume_from_components_topic"))
        .process(GetPut::new, Named.as("get_and_put_component"), STORE);
    Topology topology = b.build();
    Properties props = kafka.streams(APPLICATION_ID);
    props.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, Integer.toString(threads));
    props.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, Long.toString(8L << 20));
    props.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDb.class.getName());
    props.put(BoundedRocksDb.CACHE_BYTES, Long.toString((long) cacheMb << 20));
    props.put(BoundedRocksDb.WRITE_BUFFER_BYTES, Long.toString((long) writeBufferMb << 20));
    streams = new KafkaStreams(topology, props);
  }

  KafkaStreams streams() {
    return streams;
  }

  @Override
  public void close() {
    streams.close();
  }

  private static final class GetPut implements Processor<String, ComponentEvent, Void, Void> {
    private KeyValueStore<String, ComponentEvent> store;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
      store = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, ComponentEvent> r) {
      String key = r.key() + '\u001F' + r.value().getComponent().getPurl();
      ComponentEvent before = store.get(key);
      if (before == null || !before.equals(r.value())) {
        store.put(key, r.value());
      }
    }
  }
}
