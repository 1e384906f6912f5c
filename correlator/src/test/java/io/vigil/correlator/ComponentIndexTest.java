package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.JACKSON_PURL;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentChange;
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
 * {@code components-by-project-store} follows the components of its task, and a task whose state
 * predates it builds it from {@code components-by-package-store} on its next input.
 */
class ComponentIndexTest {
  @TempDir Path stateDir;
  private CorrelatorDriver d;

  @BeforeEach
  void start() {
    d =
        new CorrelatorDriver(
            stateDir,
            new CorrelatorConfig(null, 1, 1, -1, null, 2, null, null, null),
            Correlation.Probe.NONE);
    d.sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    d.sbom("shop", JACKSON_PURL + "2.13.0", ComponentChange.ADDED);
    d.sbom("blog", LOG4J_PURL + "2.17.1", ComponentChange.ADDED);
  }

  @AfterEach
  void stop() {
    d.close();
  }

  @Test
  void shouldHoldEachProjectsComponentsAsTheyComeAndGo() {
    assertThat(purlsOf("shop")).containsExactly(JACKSON_PURL + "2.13.0", LOG4J_PURL + "2.14.1");

    // an upgrade: REMOVED + ADDED
    d.sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.REMOVED);
    d.sbom("shop", LOG4J_PURL + "2.17.1", ComponentChange.ADDED);
    d.sbom("shop", LOG4J_PURL + "2.17.1", ComponentChange.ADDED); // the same again: no change

    assertThat(purlsOf("shop")).containsExactly(JACKSON_PURL + "2.13.0", LOG4J_PURL + "2.17.1");
    assertThat(purlsOf("blog")).containsExactly(LOG4J_PURL + "2.17.1");
    KeyValueStore<String, Object> components = d.store(CorrelatorTopology.COMPONENTS_STORE);
    index()
        .forEach(
            (k, v) -> {
              if (!k.equals(ComponentIndex.BUILT)) {
                assertThat(components.get(v)).as(k).isNotNull();
              }
            });
  }

  @Test
  void shouldBuildTheIndexFromTheStoredComponentsWhenTheStateIsOlderThanTheIndex() {
    Map<String, String> built = index();
    KeyValueStore<String, String> store = d.store(CorrelatorTopology.COMPONENT_INDEX_STORE);
    built.keySet().forEach(store::delete);

    d.publish(Fixtures.log4shell(CorrelatorDriver.T0, "2.0", "2.15.0"));

    assertThat(index()).isEqualTo(built).containsKey(ComponentIndex.BUILT).hasSize(4);
  }

  private List<String> purlsOf(String project) {
    List<String> purls = new ArrayList<>();
    for (String k : index().keySet()) {
      if (k.startsWith(StoreKeys.prefix(project))) {
        purls.add(StoreKeys.parts(k).get(1));
      }
    }
    return purls;
  }

  private Map<String, String> index() {
    Map<String, String> out = new TreeMap<>(QueryPage.ORDER);
    KeyValueStore<String, String> store = d.store(CorrelatorTopology.COMPONENT_INDEX_STORE);
    try (KeyValueIterator<String, String> it = store.all()) {
      while (it.hasNext()) {
        KeyValue<String, String> kv = it.next();
        out.put(kv.key, kv.value);
      }
    }
    return out;
  }
}
