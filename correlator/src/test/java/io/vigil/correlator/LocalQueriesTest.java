package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.correlator.QueryPage.Item;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.platform.http.HttpResponse;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The query API's local reads over real correlator stores (the topology in TopologyTestDriver):
 * pages resume at the cursor instead of rescanning the shard, and a partition this instance does
 * not own is reported missing, never answered empty.
 */
class LocalQueriesTest {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");
  private static final String GHSA = "GHSA-jfh8-c2jp-5v3q";
  private static final int PROJECTS = 3000;
  private static final int SHARDS = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  private static final TopicCatalog TOPICS = TopicCatalog.local();
  private static final SerdeFactory SERDES = SerdeFactory.registryFree();
  @TempDir static Path stateDir;
  private static TopologyTestDriver driver;
  private final AtomicLong componentReads = new AtomicLong();

  /** Read-only tests: one driver for the class. */
  @BeforeAll
  static void loadOneAdvisoryAndItsUsers() {
    CorrelatorConfig config = new CorrelatorConfig(null, 1, 1, -1, null, SHARDS, null, null, null);
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "local-queries-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(CorrelatorTopology.build(TOPICS, SERDES, config), props, T0);
    TestInputTopic<String, ComponentEvent> components =
        driver.createInputTopic(
            TOPICS.components().name(),
            Serdes.String().serializer(),
            SERDES.value(TOPICS.components()));
    var advisories =
        driver.createInputTopic(
            TOPICS.advisories().name(),
            Serdes.String().serializer(),
            SERDES.value(TOPICS.advisories()));
    for (int i = 0; i < PROJECTS; i++) {
      String project = project(i);
      // one project in ten ships a vulnerable log4j-core
      String purl = LOG4J_PURL + (i % 10 == 0 ? "2.14.1" : "2.17.1");
      components.pipeInput(
          project, Fixtures.component(project, purl, ComponentChange.ADDED, "s-" + project));
    }
    // and the first one jackson-databind too, which no advisory names
    components.pipeInput(
        project(0),
        Fixtures.component(
            project(0), Fixtures.JACKSON_PURL + "2.13.0", ComponentChange.ADDED, "s-jackson"));
    var log4shell = Fixtures.log4shell(T0, "2.0", "2.15.0");
    advisories.pipeInput(log4shell.getId(), log4shell);
  }

  @AfterAll
  static void closeDriver() {
    driver.close();
  }

  private static String project(int i) {
    return String.format("p%05d", i);
  }

  @Test
  void shouldPageThroughTheBlastRadiusResumingAtTheCursorInsteadOfRescanningTheShard()
      throws Exception {
    // a partition whose exposure index is not built yet (state of an earlier version)
    LocalQueries local = new LocalQueries(new DriverStores(key -> 0, false));
    List<String> projects = new ArrayList<>();
    List<Long> readsPerPage = new ArrayList<>();
    blastRadius(local, 20, projects, readsPerPage);

    assertThat(projects).as("every exposed project once, in order").isEqualTo(exposedProjects());
    assertThat(readsPerPage).hasSize(PROJECTS / 10 / 20);
    // rescanning read every component of both shards for each of the 15 pages (45,000 reads);
    // resuming, a page reads each shard from the cursor to at most a page of exposures ahead:
    // about twice the components in all here (two shards, each reading a page ahead)
    assertThat(readsPerPage.stream().mapToLong(Long::longValue).sum()).isLessThan(3L * PROJECTS);
    assertThat(readsPerPage.get(readsPerPage.size() - 1)).isLessThan(PROJECTS / 4);
  }

  @Test
  void shouldReadOnlyTheExposedRowsOfAnIndexedPartitionAndAnswerAlike() throws Exception {
    LocalQueries local = new LocalQueries(new DriverStores(key -> 0));
    List<String> projects = new ArrayList<>();
    List<Long> readsPerPage = new ArrayList<>();
    blastRadius(local, 20, projects, readsPerPage);

    assertThat(projects).as("every exposed project once, in order").isEqualTo(exposedProjects());
    assertThat(readsPerPage).hasSize(PROJECTS / 10 / 20).containsOnly(0L);
  }

  private void blastRadius(
      LocalQueries local, int limit, List<String> projects, List<Long> readsPerPage)
      throws Exception {
    List<String> shardKeys = shardKeys();
    String cursor = null;
    do {
      long before = componentReads.get();
      QueryPage page = new QueryPage(limit, cursor);
      JsonNode body = body(page.respond(local.shardExposures(shardKeys, GHSA, page), Map.of()));
      body.path("items").forEach(n -> projects.add(n.path("project").asText()));
      readsPerPage.add(componentReads.get() - before);
      cursor =
          body.path("nextCursor").isNull()
              ? null
              : new String(
                  Base64.getUrlDecoder().decode(body.path("nextCursor").asText()),
                  StandardCharsets.UTF_8);
    } while (cursor != null);
  }

  private static List<String> exposedProjects() {
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < PROJECTS; i += 10) {
      expected.add(project(i));
    }
    return expected;
  }

  @Test
  void shouldListAProjectsComponentsWithTheirOpenExposuresReadingOnlyThatProjectsRows() {
    LocalQueries local = new LocalQueries(new DriverStores(key -> 0));
    long before = componentReads.get();

    List<Item> all =
        local.projectComponents(project(0), ComponentIndex.Filter.ALL, List.of(0), page());

    assertThat(componentReads.get() - before).as("one read per component listed").isEqualTo(2);
    assertThat(all)
        .extracting(i -> i.item().path("purl").asText())
        .containsExactly(Fixtures.JACKSON_PURL + "2.13.0", LOG4J_PURL + "2.14.1");
    assertThat(all.get(0).item().path("exposures")).isEmpty();
    assertThat(all.get(1).item().path("exposures")).hasSize(1);
    assertThat(all.get(1).item().path("exposures").get(0).path("advisory").asText())
        .isEqualTo(GHSA);
    assertThat(all.get(1).item().path("exposures").get(0).path("severity").asText())
        .isEqualTo("CRITICAL");
    assertThat(
            local.projectComponents(
                project(0), new ComponentIndex.Filter(" LOG4J ", null), List.of(0), page()))
        .extracting(i -> i.item().path("purl").asText())
        .containsExactly(LOG4J_PURL + "2.14.1");
    assertThat(
            local.projectComponents(
                project(1), ComponentIndex.Filter.ALL, List.of(0), new QueryPage(1, null)))
        .as("a page of one, plus one to tell whether more follow")
        .hasSize(1);
  }

  @Test
  void shouldAnswerAProjectsComponentsAlikeFromAPartitionWhoseIndexIsNotBuiltYet() {
    LocalQueries indexed = new LocalQueries(new DriverStores(key -> 0));
    LocalQueries scanning = new LocalQueries(new DriverStores(key -> 0, false));

    List<Item> fromIndex =
        indexed.projectComponents(project(0), ComponentIndex.Filter.ALL, List.of(0), page());
    List<Item> fromScan =
        scanning.projectComponents(project(0), ComponentIndex.Filter.ALL, List.of(0), page());

    assertThat(fromScan).isEqualTo(fromIndex).hasSize(2);
  }

  @Test
  void shouldPageThroughTheUsersOfAPackageInProjectOrder() throws Exception {
    LocalQueries local = new LocalQueries(new DriverStores(key -> 0));
    List<String> projects = new ArrayList<>();
    String cursor = null;
    do {
      QueryPage page = new QueryPage(1000, cursor);
      JsonNode body = body(page.respond(local.shardComponents(shardKeys(), page), Map.of()));
      body.path("items").forEach(n -> projects.add(n.path("project").asText()));
      cursor =
          body.path("nextCursor").isNull()
              ? null
              : new String(
                  Base64.getUrlDecoder().decode(body.path("nextCursor").asText()),
                  StandardCharsets.UTF_8);
    } while (cursor != null);

    assertThat(projects).hasSize(PROJECTS).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void shouldNameThePartitionsItDoesNotOwnInsteadOfAnsweringWithoutThem() {
    // the second shard of the package lives in partition 1, which another instance owns
    List<String> shardKeys = shardKeys();
    LocalQueries local =
        new LocalQueries(new DriverStores(key -> key.equals(shardKeys.get(1)) ? 1 : 0));

    assertThatThrownBy(() -> local.shardExposures(shardKeys, GHSA, new QueryPage(10, null)))
        .isInstanceOfSatisfying(
            LocalQueries.PartitionsUnavailable.class,
            e -> {
              assertThat(e.store()).isEqualTo(CorrelatorTopology.COMPONENTS_STORE);
              assertThat(e.partitions()).containsExactly(1);
            });
    assertThatThrownBy(() -> local.projectExposures(project(0), List.of(0, 1, 2), page()))
        .isInstanceOfSatisfying(
            LocalQueries.PartitionsUnavailable.class,
            e -> {
              assertThat(e.store()).isEqualTo(CorrelatorTopology.EXPOSURES_STORE);
              assertThat(e.partitions()).containsExactly(1, 2);
            });
    List<Item> owned = local.projectExposures(project(0), List.of(0), page());
    assertThat(owned).hasSize(1);
    assertThat(owned.get(0).item().path("advisory").asText()).isEqualTo(GHSA);
  }

  @Test
  void shouldSumThePortfolioOpenExposuresBySeverityAndPackage() {
    LocalQueries local = new LocalQueries(new DriverStores(key -> 0));

    List<Item> partial = local.exposureSummary(List.of(0));
    PortfolioSummary summary = new PortfolioSummary();
    summary.merge(partial.get(0).item());
    JsonNode answer = summary.answer(5);

    // one project in ten ships log4j-core 2.14.1: 300 exposures, one per project
    assertThat(answer.path("exposures").asLong()).isEqualTo(PROJECTS / 10);
    assertThat(answer.path("projects").asLong()).isEqualTo(PROJECTS / 10);
    assertThat(answer.path("topPackages").get(0).path("purl").asText())
        .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core");
    assertThat(answer.path("topPackages").get(0).path("projects").asLong())
        .isEqualTo(PROJECTS / 10);
    assertThat(answer.path("topAdvisories").get(0).path("advisory").asText()).isEqualTo(GHSA);
    assertThat(answer.path("topProjects")).hasSize(5);
  }

  @Test
  void shouldAnswerTheAdvisoryRecordOfEachShardWithItsAffectedRanges() {
    LocalQueries local = new LocalQueries(new DriverStores(key -> 0));

    List<Item> records = local.shardAdvisories(List.of(shardKeys().get(0)), GHSA);
    JsonNode merged = AdvisoryJson.merge(GHSA, List.of(PackageKeys.ofOsv("Maven", LOG4J)), records);

    assertThat(records).hasSize(1);
    assertThat(merged.path("affected")).hasSize(1);
    JsonNode events = merged.path("affected").get(0).path("ranges").get(0).path("events");
    assertThat(events.toString())
        .contains("\"introduced\":\"2.0\"")
        .contains("\"fixed\":\"2.15.0\"");
    assertThat(local.shardAdvisories(List.of(shardKeys().get(0)), "GHSA-none")).isEmpty();
  }

  private static QueryPage page() {
    return new QueryPage(10, null);
  }

  private static List<String> shardKeys() {
    String packageKey = PackageKeys.ofOsv("Maven", LOG4J);
    List<String> keys = new ArrayList<>();
    for (int s = 0; s < SHARDS; s++) {
      keys.add(StoreKeys.shardKey(packageKey, s));
    }
    return keys;
  }

  private static JsonNode body(HttpResponse r) throws Exception {
    return JSON.readTree(r.body());
  }

  /** The driver's stores as partition 0; every other partition belongs to another instance. */
  private final class DriverStores implements LocalQueries.Stores {
    private final ToIntFunction<String> partitionOf;
    private final boolean indexBuilt;

    DriverStores(ToIntFunction<String> partitionOf) {
      this(partitionOf, true);
    }

    DriverStores(ToIntFunction<String> partitionOf, boolean indexBuilt) {
      this.partitionOf = partitionOf;
      this.indexBuilt = indexBuilt;
    }

    @Override
    public int partitionOf(String store, String key) {
      return partitionOf.applyAsInt(key);
    }

    @Override
    @SuppressWarnings("unchecked")
    public <V> ReadOnlyKeyValueStore<String, V> partition(String store, int partition) {
      if (partition != 0) {
        return new NotHere<>(store, partition);
      }
      if (!indexBuilt
          && (store.equals(CorrelatorTopology.EXPOSURE_INDEX_STORE)
              || store.equals(CorrelatorTopology.COMPONENT_INDEX_STORE))) {
        return (ReadOnlyKeyValueStore<String, V>) new NeverBuilt();
      }
      ReadOnlyKeyValueStore<String, V> s = driver.getKeyValueStore(store);
      return store.equals(CorrelatorTopology.COMPONENTS_STORE)
          ? (ReadOnlyKeyValueStore<String, V>)
              new Counting((ReadOnlyKeyValueStore<String, ComponentEvent>) s)
          : s;
    }
  }

  /** Counts the components read through its iterators. */
  private final class Counting implements ReadOnlyKeyValueStore<String, ComponentEvent> {
    private final ReadOnlyKeyValueStore<String, ComponentEvent> inner;

    Counting(ReadOnlyKeyValueStore<String, ComponentEvent> inner) {
      this.inner = inner;
    }

    @Override
    public ComponentEvent get(String key) {
      componentReads.incrementAndGet();
      return inner.get(key);
    }

    @Override
    public KeyValueIterator<String, ComponentEvent> range(String from, String to) {
      return counted(inner.range(from, to));
    }

    @Override
    public KeyValueIterator<String, ComponentEvent> all() {
      return counted(inner.all());
    }

    @Override
    public <PS extends org.apache.kafka.common.serialization.Serializer<P>, P>
        KeyValueIterator<String, ComponentEvent> prefixScan(P prefix, PS serializer) {
      return counted(inner.prefixScan(prefix, serializer));
    }

    @Override
    public long approximateNumEntries() {
      return inner.approximateNumEntries();
    }

    private KeyValueIterator<String, ComponentEvent> counted(
        KeyValueIterator<String, ComponentEvent> it) {
      return new KeyValueIterator<>() {
        @Override
        public void close() {
          it.close();
        }

        @Override
        public String peekNextKey() {
          return it.peekNextKey();
        }

        @Override
        public boolean hasNext() {
          return it.hasNext();
        }

        @Override
        public KeyValue<String, ComponentEvent> next() {
          componentReads.incrementAndGet();
          return it.next();
        }
      };
    }
  }

  /** An exposure index as state of an earlier version has it: empty, never built. */
  private static final class NeverBuilt implements ReadOnlyKeyValueStore<String, String> {
    @Override
    public String get(String key) {
      return null;
    }

    @Override
    public KeyValueIterator<String, String> range(String from, String to) {
      throw new AssertionError("an index that was never built is not read");
    }

    @Override
    public KeyValueIterator<String, String> all() {
      throw new AssertionError("an index that was never built is not read");
    }

    @Override
    public long approximateNumEntries() {
      return 0;
    }
  }

  /** A partition of another instance: every read fails as Kafka Streams' does. */
  private static final class NotHere<V> implements ReadOnlyKeyValueStore<String, V> {
    private final String store;
    private final int partition;

    NotHere(String store, int partition) {
      this.store = store;
      this.partition = partition;
    }

    private InvalidStateStoreException fail() {
      return new InvalidStateStoreException(
          "The specified partition " + partition + " for store " + store + " does not exist.");
    }

    @Override
    public V get(String key) {
      throw fail();
    }

    @Override
    public KeyValueIterator<String, V> range(String from, String to) {
      throw fail();
    }

    @Override
    public KeyValueIterator<String, V> all() {
      throw fail();
    }

    @Override
    public long approximateNumEntries() {
      throw fail();
    }
  }
}
