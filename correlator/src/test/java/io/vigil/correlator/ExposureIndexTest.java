package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ExposureEvent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code exposures-by-advisory-store} follows the open exposures of its task, and a task whose
 * state predates it builds it from {@code exposures-store} on its next input.
 */
class ExposureIndexTest {
  private static final String GHSA = "GHSA-jfh8-c2jp-5v3q";
  @TempDir Path stateDir;
  private CorrelatorDriver d;

  @BeforeEach
  void start() {
    d =
        new CorrelatorDriver(
            stateDir,
            new CorrelatorConfig(null, 1, 1, -1, null, 2, null, null, null),
            Correlation.Probe.NONE);
    for (int i = 0; i < 12; i++) {
      // every third project ships a vulnerable log4j-core; one project name holds a separator
      String project = i == 3 ? "odd" + StoreKeys.SEP + "name" : "p" + i;
      d.sbom(project, LOG4J_PURL + (i % 3 == 0 ? "2.14.1" : "2.17.1"), ComponentChange.ADDED);
    }
    d.publish(Fixtures.log4shell(CorrelatorDriver.T0, "2.0", "2.15.0"));
  }

  @AfterEach
  void stop() {
    d.close();
  }

  @Test
  void shouldHoldExactlyTheOpenExposuresOfEachAdvisory() {
    assertThat(indexedProjects()).containsExactly("odd" + StoreKeys.SEP + "name", "p0", "p6", "p9");

    d.sbom("p6", LOG4J_PURL + "2.14.1", ComponentChange.REMOVED);
    d.sbom("p1", LOG4J_PURL + "2.17.1", ComponentChange.REMOVED);
    d.sbom("p1", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);

    assertThat(indexedProjects()).containsExactly("odd" + StoreKeys.SEP + "name", "p0", "p1", "p9");
    assertThat(index().keySet())
        .allSatisfy(
            k -> {
              if (!k.equals(ExposureIndex.BUILT)) {
                assertThat(exposures().get(ExposureIndex.exposureKey(k))).isNotNull();
              }
            });
    long open;
    try (KeyValueIterator<String, ExposureEvent> it = exposures().all()) {
      open =
          java.util.stream.StreamSupport.stream(
                  java.util.Spliterators.spliteratorUnknownSize(it, 0), false)
              .count();
    }
    assertThat(index()).hasSize((int) open + 1); // + BUILT
  }

  @Test
  void shouldBuildTheIndexFromTheStoredExposuresWhenTheStateIsOlderThanTheIndex() {
    Map<String, String> built = index();
    KeyValueStore<String, String> store = d.store(CorrelatorTopology.EXPOSURE_INDEX_STORE);
    built.keySet().forEach(store::delete); // state of a version without the index
    QueryPage page = new QueryPage(100, null);
    assertThat(ExposureIndex.read(store, exposures(), GHSA, page))
        .as("not built yet: the query falls back to scanning components")
        .isNull();

    // the next input of the task (here an enrichment of the advisory's CVE) builds it once
    d.epss.pipeInput("CVE-2021-44228", Fixtures.epss("CVE-2021-44228", 0.97));

    assertThat(index()).isEqualTo(built);
    assertThat(ExposureIndex.read(store, exposures(), GHSA, page))
        .extracting(i -> i.item().path("project").asText())
        .containsExactly("odd" + StoreKeys.SEP + "name", "p0", "p6", "p9");
  }

  @Test
  void shouldSwapTheAdvisoryToTheFrontOfTheExposureKeyAndBack() {
    String exposureKey = StoreKeys.exposure("a" + StoreKeys.SEP + "b", "pkg:npm/x@1", "GHSA-1");

    String indexKey = ExposureIndex.key(exposureKey);

    assertThat(indexKey).startsWith(StoreKeys.prefix("GHSA-1"));
    assertThat(StoreKeys.parts(indexKey))
        .containsExactly("GHSA-1", "a" + StoreKeys.SEP + "b", "pkg:npm/x@1");
    assertThat(ExposureIndex.exposureKey(indexKey)).isEqualTo(exposureKey);
  }

  private List<String> indexedProjects() {
    List<String> projects = new ArrayList<>();
    for (String k : index().keySet()) {
      if (k.startsWith(StoreKeys.prefix(GHSA))) {
        projects.add(StoreKeys.parts(k).get(1));
      }
    }
    return projects;
  }

  private KeyValueStore<String, ExposureEvent> exposures() {
    return d.store(CorrelatorTopology.EXPOSURES_STORE);
  }

  private Map<String, String> index() {
    Map<String, String> out = new TreeMap<>(QueryPage.ORDER);
    KeyValueStore<String, String> store = d.store(CorrelatorTopology.EXPOSURE_INDEX_STORE);
    try (KeyValueIterator<String, String> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        out.put(kv.key, kv.value);
      }
    }
    return out;
  }
}
