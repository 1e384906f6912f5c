package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorrelatorTopologyTest {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");
  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, ComponentEvent> components;
  private TestInputTopic<String, Advisory> advisories;
  private TestOutputTopic<String, ExposureEvent> exposures;

  @BeforeEach
  void startDriver() {
    Topology topology = CorrelatorTopology.build(topics, serdes, CorrelatorConfig.defaults());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "correlator-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    driver = new TopologyTestDriver(topology, props, T0);
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
    exposures =
        driver.createOutputTopic(
            topics.exposures().name(),
            Serdes.String().deserializer(),
            serdes.value(topics.exposures()));
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void sbom(String project, String purl, ComponentChange change) {
    components.pipeInput(project, Fixtures.component(project, purl, change, "sub-" + project));
  }

  @Test
  void shouldEmitNewExposureWhenAnAdvisoryArrivesForAShippedComponent() {
    sbom("shop", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", ComponentChange.ADDED);
    sbom(
        "shop",
        "pkg:maven/com.fasterxml.jackson.core/jackson-databind@2.12.0",
        ComponentChange.ADDED);

    advisories.pipeInput("GHSA-jfh8-c2jp-5v3q", Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    List<ExposureEvent> out = exposures.readValuesToList();
    assertThat(out)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.NEW);
              assertThat(e.getCause()).isEqualTo(ExposureCause.NEW_ADVISORY);
              assertThat(e.getProject()).isEqualTo("shop");
              assertThat(e.getComponent().getPurl())
                  .isEqualTo("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
              assertThat(e.getAdvisory().getVulnerabilityId()).isEqualTo("CVE-2021-44228");
              assertThat(e.getAdvisory().getSeverity()).isEqualTo("CRITICAL");
              assertThat(e.getFixedVersions()).containsExactly("2.15.0");
            });
  }

  @Test
  void shouldEmitNewExposureWhenAnAffectedComponentArrivesAfterTheAdvisory() {
    advisories.pipeInput("GHSA-jfh8-c2jp-5v3q", Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    sbom("billing", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", ComponentChange.ADDED);
    sbom("billing", "pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0", ComponentChange.ADDED);

    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCause()).isEqualTo(ExposureCause.NEW_COMPONENT);
              assertThat(e.getComponent().getVersion()).isEqualTo("2.14.1");
            });
  }

  @Test
  void shouldResolveWhenTheComponentIsRemovedAndNeverRepeatAnEvent() {
    advisories.pipeInput("GHSA-jfh8-c2jp-5v3q", Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    sbom("shop", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", ComponentChange.ADDED);
    sbom("shop", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", ComponentChange.ADDED);
    advisories.pipeInput("GHSA-jfh8-c2jp-5v3q", Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    sbom("shop", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", ComponentChange.REMOVED);

    List<ExposureEvent> out = exposures.readValuesToList();
    assertThat(out)
        .extracting(ExposureEvent::getType)
        .containsExactly(ExposureType.NEW, ExposureType.RESOLVED);
    assertThat(out.get(1).getCause()).isEqualTo(ExposureCause.COMPONENT_REMOVED);
    assertThat(out.get(1).getExposureId()).isEqualTo(out.get(0).getExposureId());
  }

  @Test
  void shouldResolveWhenTheAdvisoryIsWithdrawnOrItsRangeNoLongerMatches() {
    sbom("a", "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", ComponentChange.ADDED);
    sbom("b", "pkg:maven/org.apache.logging.log4j/log4j-core@2.13.0", ComponentChange.ADDED);
    advisories.pipeInput("GHSA-jfh8-c2jp-5v3q", Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    advisories.pipeInput(
        "GHSA-jfh8-c2jp-5v3q", Fixtures.log4shell(T0.plusSeconds(60), "2.14.0", "2.15.0"));
    Advisory withdrawn =
        Advisory.newBuilder(Fixtures.log4shell(T0.plusSeconds(120), "2.13.0", "2.15.0"))
            .setWithdrawn(T0.plusSeconds(120))
            .build();
    advisories.pipeInput("GHSA-jfh8-c2jp-5v3q", withdrawn);

    List<ExposureEvent> out = exposures.readValuesToList();
    assertThat(out)
        .extracting(e -> e.getProject() + " " + e.getType() + " " + e.getCause())
        .containsExactly(
            "a NEW NEW_ADVISORY",
            "b NEW NEW_ADVISORY",
            "b RESOLVED ADVISORY_UPDATED",
            "a RESOLVED ADVISORY_WITHDRAWN");
  }

  @Test
  void shouldKeepTheTopologyShapeStable() throws Exception {
    String described =
        CorrelatorTopology.build(topics, serdes, CorrelatorConfig.defaults()).describe().toString();
    Path snapshot = Path.of("src/test/resources/topology-snapshot.txt");
    if (Boolean.getBoolean("vigil.updateSnapshots") || !Files.exists(snapshot)) {
      Files.writeString(snapshot, described);
    }
    assertThat(described)
        .as("topology changed: review the diff, then re-run with -Dvigil.updateSnapshots=true")
        .isEqualTo(Files.readString(snapshot));
  }
}
