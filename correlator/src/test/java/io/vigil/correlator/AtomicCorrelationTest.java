package io.vigil.correlator;

import static io.vigil.correlator.CorrelatorDriver.T0;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.ExposureEvent;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * No partial correlation: a failure while one input is evaluated against one component of a shard
 * (injected through {@link Correlation.Probe}) leaves that component exactly as it was, every other
 * component of the shard is evaluated, the input is dead-lettered naming the failed component, and
 * the failed pair is evaluated again when either side changes; a component that fails on arrival is
 * not stored, so the same component sent again is evaluated again.
 */
class AtomicCorrelationTest {
  private static final String GHSA = "GHSA-jfh8-c2jp-5v3q";
  private static final String CVE = "CVE-2021-44228";
  private static final String VULNERABLE = LOG4J_PURL + "2.14.1";
  @TempDir Path stateDir;

  /** The project whose component evaluation throws, or null. */
  private final AtomicReference<String> failFor = new AtomicReference<>();

  private CorrelatorDriver pipeline;

  @BeforeEach
  void start() {
    // one shard per package: the three projects below share it
    CorrelatorConfig oneShard = new CorrelatorConfig(null, 6, 1, 0, null, 1, null, null, null);
    pipeline =
        new CorrelatorDriver(
            stateDir,
            oneShard,
            component -> {
              if (component.getProjectId().equals(failFor.get())) {
                throw new IllegalStateException("injected failure for " + component.getProjectId());
              }
            });
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  @Test
  void shouldEvaluateEveryOtherComponentAndLeaveTheFailedOneAsItWasWhenOneFailsMidShard() {
    for (String p : List.of("p1", "p2", "p3")) {
      pipeline.sbom(p, VULNERABLE, ComponentChange.ADDED);
    }
    failFor.set("p2");

    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));

    assertThat(pipeline.events())
        .containsExactly(
            "p1 " + VULNERABLE + " " + GHSA + " NEW NEW_ADVISORY",
            "p3 " + VULNERABLE + " " + GHSA + " NEW NEW_ADVISORY");
    assertThat(pipeline.deadLetters.readValuesToList())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getStage()).isEqualTo("process");
              assertThat(d.getReason())
                  .contains(GHSA)
                  .contains("but 1 ")
                  .contains("project p2 purl " + VULNERABLE)
                  .contains("injected failure for p2")
                  .doesNotContain("project p1")
                  .doesNotContain("project p3");
            });
    KeyValueStore<String, ExposureEvent> exposures =
        pipeline.store(CorrelatorTopology.EXPOSURES_STORE);
    assertThat(exposures.get(StoreKeys.exposure("p1", VULNERABLE, GHSA))).isNotNull();
    assertThat(exposures.get(StoreKeys.exposure("p2", VULNERABLE, GHSA))).isNull();
    assertThat(exposures.get(StoreKeys.exposure("p3", VULNERABLE, GHSA))).isNotNull();

    // the failed pair is evaluated again when the advisory changes; the others do not repeat
    failFor.set(null);
    pipeline.publish(
        Advisory.newBuilder(Fixtures.log4shell(T0.plusSeconds(60), "2.0", "2.15.0"))
            .setSummary("Log4Shell, summary edited")
            .build());
    assertThat(pipeline.events())
        .containsExactly("p2 " + VULNERABLE + " " + GHSA + " NEW ADVISORY_UPDATED");
  }

  @Test
  void shouldStoreNothingAndEvaluateTheSameComponentAgainWhenItFailsOnArrival() {
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    failFor.set("p1");

    pipeline.sbom("p1", VULNERABLE, ComponentChange.ADDED);

    assertThat(pipeline.events()).isEmpty();
    assertThat(pipeline.deadLetters.readValuesToList())
        .singleElement()
        .satisfies(d -> assertThat(d.getReason()).contains("injected failure for p1"));
    KeyValueStore<String, ComponentEvent> components =
        pipeline.store(CorrelatorTopology.COMPONENTS_STORE);
    try (var all = components.all()) {
      assertThat(all.hasNext()).as("the component was not stored").isFalse();
    }

    failFor.set(null);
    pipeline.sbom("p1", VULNERABLE, ComponentChange.ADDED);
    assertThat(pipeline.events())
        .containsExactly("p1 " + VULNERABLE + " " + GHSA + " NEW NEW_COMPONENT");
  }

  @Test
  void shouldResolveNothingAndKeepTheComponentWhenARemovedComponentFails() {
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    pipeline.sbom("p1", VULNERABLE, ComponentChange.ADDED);
    assertThat(pipeline.events()).hasSize(1);
    failFor.set("p1");

    pipeline.sbom("p1", VULNERABLE, ComponentChange.REMOVED);

    assertThat(pipeline.events()).isEmpty();
    assertThat(pipeline.deadLetters.readValuesToList()).hasSize(1);
    KeyValueStore<String, ExposureEvent> exposures =
        pipeline.store(CorrelatorTopology.EXPOSURES_STORE);
    assertThat(exposures.get(StoreKeys.exposure("p1", VULNERABLE, GHSA))).isNotNull();
    KeyValueStore<String, ComponentEvent> components =
        pipeline.store(CorrelatorTopology.COMPONENTS_STORE);
    assertThat(
            components.get(
                StoreKeys.component(StoreKeys.shardKey(Fixtures.LOG4J_KEY, 0), "p1", VULNERABLE)))
        .as("the component is still stored")
        .isNotNull();

    failFor.set(null);
    pipeline.sbom("p1", VULNERABLE, ComponentChange.REMOVED);
    assertThat(pipeline.events())
        .containsExactly("p1 " + VULNERABLE + " " + GHSA + " RESOLVED COMPONENT_REMOVED");
  }

  @Test
  void shouldUpdateEveryOtherExposureAndLeaveTheFailedOneAsItWasWhenEnrichmentFailsMidShard() {
    for (String p : List.of("p1", "p2", "p3")) {
      pipeline.sbom(p, VULNERABLE, ComponentChange.ADDED);
    }
    pipeline.publish(Fixtures.log4shell(T0, "2.0", "2.15.0"));
    assertThat(pipeline.events()).hasSize(3);
    failFor.set("p2");

    pipeline.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));

    assertThat(pipeline.events())
        .containsExactly(
            "p1 " + VULNERABLE + " " + GHSA + " UPDATED ENRICHMENT_UPDATED",
            "p3 " + VULNERABLE + " " + GHSA + " UPDATED ENRICHMENT_UPDATED");
    List<DeadLetter> dead = pipeline.deadLetters.readValuesToList();
    assertThat(dead).singleElement().satisfies(d -> assertThat(d.getReason()).contains(CVE));
    KeyValueStore<String, ExposureEvent> exposures =
        pipeline.store(CorrelatorTopology.EXPOSURES_STORE);
    assertThat(exposures.get(StoreKeys.exposure("p2", VULNERABLE, GHSA)).getKev()).isNull();
    assertThat(exposures.get(StoreKeys.exposure("p1", VULNERABLE, GHSA)).getKev()).isNotNull();

    // the next change of the CVE's enrichment evaluates p2 again: it gains KEV; for p1 and p3 a
    // small EPSS score is no material change
    failFor.set(null);
    pipeline.epss.pipeInput(CVE, Fixtures.epss(CVE, 0.05));
    assertThat(pipeline.events())
        .containsExactly("p2 " + VULNERABLE + " " + GHSA + " UPDATED ENRICHMENT_UPDATED");
    assertThat(exposures.get(StoreKeys.exposure("p2", VULNERABLE, GHSA)).getKev()).isNotNull();
  }
}
