package io.vigil.correlator;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Analysis;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.EpssScore;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.KevEntry;
import io.vigil.events.v1.PolicyDocument;
import io.vigil.platform.streams.DeadLetterExceptionHandler;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The whole correlator topology in TopologyTestDriver, with the DLQ handler installed, typed input
 * helpers and the stores at hand (for tests that look at what a failure left behind).
 */
final class CorrelatorDriver implements AutoCloseable {
  static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");
  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  final TopologyTestDriver driver;
  final TestInputTopic<String, ComponentEvent> components;
  final TestInputTopic<String, Advisory> advisories;
  final TestInputTopic<String, KevEntry> kev;
  final TestInputTopic<String, EpssScore> epss;
  final TestInputTopic<String, Analysis> analyses;
  final TestInputTopic<String, PolicyDocument> policies;
  final TestOutputTopic<String, ExposureEvent> exposures;
  final TestOutputTopic<String, DeadLetter> deadLetters;
  private Instant wallClock;

  CorrelatorDriver(Path stateDir, CorrelatorConfig config, Correlation.Probe probe) {
    this(stateDir, config, probe, T0);
  }

  /** The topology on {@code stateDir} with the wall clock starting at {@code wallClock}. */
  CorrelatorDriver(
      Path stateDir, CorrelatorConfig config, Correlation.Probe probe, Instant wallClock) {
    this.wallClock = wallClock;
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "correlator-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    DeadLetterExceptionHandler.install(props, VigilService.CORRELATOR, "");
    driver =
        new TopologyTestDriver(
            CorrelatorTopology.build(topics, serdes, config, probe), props, wallClock);
    components =
        driver.createInputTopic(
            topics.components().name(),
            Serdes.String().serializer(),
            serdes.value(topics.components()));
    advisories =
        driver.createInputTopic(
            topics.advisories().name(),
            Serdes.String().serializer(),
            serdes.value(topics.advisories()));
    kev =
        driver.createInputTopic(
            topics.kev().name(), Serdes.String().serializer(), serdes.value(topics.kev()));
    epss =
        driver.createInputTopic(
            topics.epss().name(), Serdes.String().serializer(), serdes.value(topics.epss()));
    analyses =
        driver.createInputTopic(
            topics.analyses().name(),
            Serdes.String().serializer(),
            serdes.value(topics.analyses()));
    policies =
        driver.createInputTopic(
            topics.policies().name(),
            Serdes.String().serializer(),
            serdes.value(topics.policies()));
    exposures =
        driver.createOutputTopic(
            topics.exposures().name(),
            Serdes.String().deserializer(),
            serdes.value(topics.exposures()));
    var dlq = topics.deadLetters(VigilService.CORRELATOR);
    deadLetters =
        driver.createOutputTopic(dlq.name(), Serdes.String().deserializer(), serdes.value(dlq));
  }

  void sbom(String project, String purl, ComponentChange change) {
    components.pipeInput(project, Fixtures.component(project, purl, change, "sub-" + project));
  }

  void publish(Advisory a) {
    advisories.pipeInput(a.getId(), a);
  }

  List<String> events() {
    return exposures.readValuesToList().stream().map(CorrelatorDriver::describe).toList();
  }

  static String describe(ExposureEvent e) {
    return e.getProject()
        + " "
        + e.getComponent().getPurl()
        + " "
        + e.getAdvisory().getId()
        + " "
        + e.getType()
        + " "
        + e.getCause();
  }

  /** Moves the wall clock to {@code at} (wall-clock punctuators due run). */
  void advanceWallClockTo(Instant at) {
    driver.advanceWallClockTime(java.time.Duration.between(wallClock, at));
    wallClock = at;
  }

  /**
   * Every key-value store's content (what the changelog topics hold): TopologyTestDriver deletes
   * its state directory on close, so a test restarts the correlator on a new driver with {@link
   * #restore}, as Kafka Streams restores the stores from their changelogs.
   */
  Map<String, List<KeyValue<Object, Object>>> changelogs() {
    Map<String, List<KeyValue<Object, Object>>> out = new TreeMap<>();
    driver
        .getAllStateStores()
        .forEach(
            (name, store) -> {
              if (store instanceof KeyValueStore<?, ?>) {
                KeyValueStore<Object, Object> kv = driver.getKeyValueStore(name);
                List<KeyValue<Object, Object>> rows = new ArrayList<>();
                try (KeyValueIterator<Object, Object> it = kv.all()) {
                  it.forEachRemaining(rows::add);
                }
                out.put(name, rows);
              }
            });
    return out;
  }

  /** Writes {@link #changelogs} of a closed driver into this one's stores (a restart). */
  void restore(Map<String, List<KeyValue<Object, Object>>> changelogs) {
    changelogs.forEach(
        (name, rows) -> {
          KeyValueStore<Object, Object> kv = driver.getKeyValueStore(name);
          rows.forEach(r -> kv.put(r.key, r.value));
        });
  }

  <V> KeyValueStore<String, V> store(String name) {
    return driver.getKeyValueStore(name);
  }

  @Override
  public void close() {
    driver.close();
  }
}
