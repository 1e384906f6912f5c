package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.FixChange;
import io.vigil.events.v1.Reach;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exposure events carry how the project reaches the component (its component event's paths) and the
 * fix: of the exposure (its advisory alone) and of the component (every finding).
 */
class ExposurePathsAndFixTest {
  private static final Instant T0 = CorrelatorDriver.T0;
  @TempDir Path stateDir;
  private CorrelatorDriver driver;

  @BeforeEach
  void start() {
    driver = new CorrelatorDriver(stateDir, CorrelatorConfig.defaults(), Correlation.Probe.NONE);
  }

  @AfterEach
  void close() {
    driver.close();
  }

  private static ComponentPaths via(String... path) {
    return ComponentPaths.newBuilder()
        .setReach(Reach.TRANSITIVE)
        .setDepth(path.length + 1)
        .setVia(List.of(path[0]))
        .setViaCount(1)
        .setPaths(List.of(List.of(path)))
        .setPathCount(1)
        .build();
  }

  private void sbom(String version, ComponentChange change, ComponentPaths paths) {
    ComponentEvent e =
        ComponentEvent.newBuilder(
                Fixtures.component("shop", LOG4J_PURL + version, change, "sub-" + paths))
            .setPaths(paths)
            .build();
    driver.components.pipeInput("shop", e);
  }

  /** Log4Shell (fixed in 2.15.0, and 2.12.2 for Java 7) and CVE-2021-45046 (2.16.0, 2.12.2). */
  private void publishLog4jAdvisories() {
    Advisory log4shell =
        Fixtures.advisory("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), T0)
            .severity(10.0, "CRITICAL")
            .range(LOG4J, "2.0", "2.12.2")
            .range(LOG4J, "2.13.0", "2.15.0")
            .build();
    Advisory followUp =
        Fixtures.advisory("GHSA-7rjr-3q55-vv33", List.of("CVE-2021-45046"), T0)
            .severity(9.0, "CRITICAL")
            .range(LOG4J, "2.0", "2.12.2")
            .range(LOG4J, "2.13.0", "2.16.0")
            .build();
    driver.publish(log4shell);
    driver.publish(followUp);
  }

  @Test
  void shouldCarryThePathsAndBothFixesOnTheExposuresOfANewComponent() {
    publishLog4jAdvisories();
    ComponentPaths paths = via("org.springframework.boot/spring-boot-starter-log4j2@2.5.0");

    sbom("2.14.1", ComponentChange.ADDED, paths);

    List<ExposureEvent> events = driver.exposures.readValuesToList();
    assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.getPaths()).isEqualTo(paths));
    ExposureEvent log4shell = byAdvisory(events, "GHSA-jfh8-c2jp-5v3q");
    assertThat(log4shell.getFix()).isEqualTo(new Fix("2.15.0", "2.15.0", FixChange.MINOR, false));
    assertThat(log4shell.getComponentFix())
        .isEqualTo(new Fix("2.16.0", "2.16.0", FixChange.MINOR, false));
    assertThat(log4shell.getSmallestFix()).isEqualTo("2.16.0");
    assertThat(byAdvisory(events, "GHSA-7rjr-3q55-vv33").getFix().getSmallest())
        .isEqualTo("2.16.0");
  }

  @Test
  void shouldCarryThePathsAndTheFixOnTheExposuresANewAdvisoryOpens() {
    ComponentPaths paths = via("com.example/app-core@1.0", "com.example/logging@3.1");
    sbom("2.12.1", ComponentChange.ADDED, paths);

    publishLog4jAdvisories();

    List<ExposureEvent> events = driver.exposures.readValuesToList();
    assertThat(events).hasSize(2).allSatisfy(e -> assertThat(e.getPaths()).isEqualTo(paths));
    assertThat(byAdvisory(events, "GHSA-jfh8-c2jp-5v3q").getFix())
        .isEqualTo(new Fix("2.12.2", "2.12.2", FixChange.PATCH, false));
  }

  @Test
  void shouldTakeNewPathsSilentlyAndSayThemOnTheExposuresNextEvent() {
    publishLog4jAdvisories();
    sbom("2.14.1", ComponentChange.ADDED, via("a/first@1"));
    driver.exposures.readValuesToList();
    ComponentPaths moved = via("b/second@2", "c/third@3");

    sbom("2.14.1", ComponentChange.UPDATED, moved);

    assertThat(driver.exposures.readValuesToList()).as("a new path is no news").isEmpty();
    assertThat(storedExposures())
        .hasSize(2)
        .allSatisfy(e -> assertThat(e.getPaths()).isEqualTo(moved));

    sbom("2.14.1", ComponentChange.REMOVED, null);

    List<ExposureEvent> resolved = driver.exposures.readValuesToList();
    assertThat(resolved)
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.RESOLVED);
              assertThat(e.getPaths()).isEqualTo(moved);
            });
  }

  @Test
  void shouldLeaveThePathsOutWhenTheComponentEventHasNone() {
    publishLog4jAdvisories();
    driver.sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);

    assertThat(driver.exposures.readValuesToList())
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.getPaths()).isNull();
              assertThat(e.getFix()).isNotNull();
            });
  }

  @Test
  void shouldKeepTheSmallestFixOfAnExposureStoredBeforeFixesWereCarriedWhenKevEscalatesIt() {
    publishLog4jAdvisories();
    sbom("2.14.1", ComponentChange.ADDED, via("a/first@1"));
    driver.exposures.readValuesToList();
    // as a correlator of the previous release stored them: smallestFix only
    var store = driver.<ExposureEvent>store(CorrelatorTopology.EXPOSURES_STORE);
    for (ExposureEvent e : storedExposures()) {
      String key =
          StoreKeys.exposure(e.getProjectId(), e.getComponent().getPurl(), e.getAdvisory().getId());
      store.put(key, ExposureEvent.newBuilder(e).setFix(null).setComponentFix(null).build());
    }

    driver.kev.pipeInput(
        "CVE-2021-44228",
        Fixtures.kev("CVE-2021-44228", io.vigil.events.v1.EnrichmentChange.ADDED));

    assertThat(driver.exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.UPDATED);
              assertThat(e.getKev()).isNotNull();
              assertThat(e.getSmallestFix()).isEqualTo("2.16.0");
            });
  }

  private static ExposureEvent byAdvisory(List<ExposureEvent> events, String id) {
    return events.stream()
        .filter(e -> e.getAdvisory().getId().equals(id))
        .findFirst()
        .orElseThrow();
  }

  private List<ExposureEvent> storedExposures() {
    List<ExposureEvent> out = new ArrayList<>();
    try (KeyValueIterator<String, ExposureEvent> it =
        driver.<ExposureEvent>store(CorrelatorTopology.EXPOSURES_STORE).all()) {
      it.forEachRemaining(kv -> out.add(kv.value));
    }
    return out;
  }
}
