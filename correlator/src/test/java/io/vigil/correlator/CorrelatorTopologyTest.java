package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.JACKSON;
import static io.vigil.correlator.Fixtures.JACKSON_PURL;
import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.EpssScore;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.KevEntry;
import io.vigil.events.v1.NvdCve;
import io.vigil.platform.streams.DeadLetterExceptionHandler;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.charset.StandardCharsets;
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

/** Every correlation rule, on the whole topology in TopologyTestDriver. */
class CorrelatorTopologyTest {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");
  private static final String GHSA = "GHSA-jfh8-c2jp-5v3q";
  private static final String CVE = "CVE-2021-44228";
  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, ComponentEvent> components;
  private TestInputTopic<String, Advisory> advisories;
  private TestInputTopic<String, KevEntry> kev;
  private TestInputTopic<String, EpssScore> epss;
  private TestInputTopic<String, NvdCve> nvd;
  private TestOutputTopic<String, ExposureEvent> exposures;
  private TestOutputTopic<String, DeadLetter> deadLetters;

  @BeforeEach
  void startDriver() {
    driver = driver(stateDir);
  }

  private TopologyTestDriver driver(Path dir) {
    Topology topology = CorrelatorTopology.build(topics, serdes, CorrelatorConfig.defaults());
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "correlator-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, dir.toString());
    DeadLetterExceptionHandler.install(props, VigilService.CORRELATOR, "");
    TopologyTestDriver d = new TopologyTestDriver(topology, props, T0);
    components =
        d.createInputTopic(
            topics.components().name(),
            Serdes.String().serializer(),
            serdes.value(topics.components()));
    advisories =
        d.createInputTopic(
            topics.advisories().name(),
            Serdes.String().serializer(),
            serdes.value(topics.advisories()));
    kev =
        d.createInputTopic(
            topics.kev().name(), Serdes.String().serializer(), serdes.value(topics.kev()));
    epss =
        d.createInputTopic(
            topics.epss().name(), Serdes.String().serializer(), serdes.value(topics.epss()));
    nvd =
        d.createInputTopic(
            topics.nvd().name(), Serdes.String().serializer(), serdes.value(topics.nvd()));
    exposures =
        d.createOutputTopic(
            topics.exposures().name(),
            Serdes.String().deserializer(),
            serdes.value(topics.exposures()));
    var dlq = topics.deadLetters(VigilService.CORRELATOR);
    deadLetters =
        d.createOutputTopic(dlq.name(), Serdes.String().deserializer(), serdes.value(dlq));
    return d;
  }

  @AfterEach
  void closeDriver() {
    driver.close();
  }

  private void sbom(String project, String purl, ComponentChange change) {
    sbom(project, purl, change, "sub-" + project);
  }

  private void sbom(String project, String purl, ComponentChange change, String submission) {
    components.pipeInput(project, Fixtures.component(project, purl, change, submission));
  }

  private void publish(Advisory a) {
    advisories.pipeInput(a.getId(), a);
  }

  private static String describe(ExposureEvent e) {
    return e.getProject()
        + " "
        + e.getComponent().getVersion()
        + " "
        + e.getAdvisory().getId()
        + " "
        + e.getType()
        + " "
        + e.getCause();
  }

  // ------------------------------------------------------------------ NEW

  @Test
  void shouldEmitNewExposureWhenAnAdvisoryArrivesForAShippedComponent() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    sbom("shop", JACKSON_PURL + "2.12.0", ComponentChange.ADDED);

    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.NEW);
              assertThat(e.getCause()).isEqualTo(ExposureCause.NEW_ADVISORY);
              assertThat(e.getProject()).isEqualTo("shop");
              assertThat(e.getComponent().getPurl()).isEqualTo(LOG4J_PURL + "2.14.1");
              assertThat(e.getAdvisory().getVulnerabilityId()).isEqualTo(CVE);
              assertThat(e.getAdvisory().getSeverity()).isEqualTo("CRITICAL");
              assertThat(e.getAdvisory().getScore()).isEqualTo(10.0);
              assertThat(e.getFixedVersions()).containsExactly("2.15.0");
              assertThat(e.getSmallestFix()).isEqualTo("2.15.0");
              assertThat(e.getTriggeredAt()).isEqualTo(T0);
              assertThat(e.getKev()).isNull();
            });
  }

  @Test
  void shouldMarkInitialInventoryOnlyWhenTheFirstSbomItselfCausedTheExposure() {
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    components.pipeInput(
        "billing",
        ComponentEvent.newBuilder(
                Fixtures.component(
                    "billing", LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "first"))
            .setInitialInventory(true)
            .build());
    components.pipeInput(
        "shop",
        ComponentEvent.newBuilder(
                Fixtures.component("shop", LOG4J_PURL + "2.13.1", ComponentChange.ADDED, "first"))
            .setInitialInventory(true)
            .build());
    List<ExposureEvent> fromSboms = exposures.readValuesToList();

    publish(Fixtures.log4shell(T0.plusSeconds(60), "2.13.0", "2.16.0"));
    publish(
        Advisory.newBuilder(Fixtures.log4shell(T0.plusSeconds(90), "2.0", "2.17.0"))
            .setId("GHSA-p6xc-xr62-6r2g")
            .setAliases(List.of("CVE-2021-45105"))
            .build());
    List<ExposureEvent> fromAdvisory = exposures.readValuesToList();

    assertThat(fromSboms)
        .hasSize(2)
        .allSatisfy(
            e -> {
              assertThat(e.getCause()).isEqualTo(ExposureCause.NEW_COMPONENT);
              assertThat(e.getInitialInventory()).isTrue();
            });
    assertThat(fromAdvisory)
        .filteredOn(e -> e.getType() == ExposureType.NEW)
        .isNotEmpty()
        .allSatisfy(
            e -> {
              assertThat(e.getCause()).isEqualTo(ExposureCause.NEW_ADVISORY);
              assertThat(e.getInitialInventory()).as("news, not inventory").isFalse();
            });
  }

  @Test
  void shouldEmitNewExposureWhenAnAffectedComponentArrivesAfterTheAdvisory() {
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    sbom("billing", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    sbom("billing", LOG4J_PURL + "2.15.0", ComponentChange.ADDED);

    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getCause()).isEqualTo(ExposureCause.NEW_COMPONENT);
              assertThat(e.getComponent().getVersion()).isEqualTo("2.14.1");
              assertThat(e.getTriggeredAt()).isEqualTo(Instant.parse("2021-12-10T00:00:00Z"));
            });
  }

  @Test
  void shouldGiveEveryFindingTheSmallestUpgradeThatEndsAllOfThemWhenAComponentHasSeveral() {
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    publish(
        Fixtures.advisory("GHSA-7rjr-3q55-vv33", List.of("CVE-2021-45046"), T0)
            .severity(9.0, "CRITICAL")
            .range(LOG4J, "2.13.0", "2.16.0")
            .build());
    publish(
        Fixtures.advisory("GHSA-p6xc-xr62-6r2g", List.of("CVE-2021-45105"), T0)
            .severity(5.9, "MEDIUM")
            .range(LOG4J, "2.0.0", "2.17.0")
            .build());

    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);

    List<ExposureEvent> out = exposures.readValuesToList();
    assertThat(out).hasSize(3);
    assertThat(out).allSatisfy(e -> assertThat(e.getSmallestFix()).isEqualTo("2.17.0"));
    assertThat(out)
        .extracting(e -> e.getAdvisory().getId() + " " + e.getFixedVersions())
        .containsExactlyInAnyOrder(
            "GHSA-jfh8-c2jp-5v3q [2.15.0]",
            "GHSA-7rjr-3q55-vv33 [2.16.0]",
            "GHSA-p6xc-xr62-6r2g [2.17.0]");
  }

  // ------------------------------------------------------------------ RESOLVED

  @Test
  void shouldResolveWhenTheComponentIsRemovedAndNeverRepeatAnEvent() {
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.REMOVED);

    List<ExposureEvent> out = exposures.readValuesToList();
    assertThat(out)
        .extracting(ExposureEvent::getType)
        .containsExactly(ExposureType.NEW, ExposureType.RESOLVED);
    assertThat(out.get(1).getCause()).isEqualTo(ExposureCause.COMPONENT_REMOVED);
    assertThat(out.get(1).getExposureId()).isEqualTo(out.get(0).getExposureId());
    assertThat(out.get(1).getEventId()).isNotEqualTo(out.get(0).getEventId());
  }

  @Test
  void shouldResolveTheOldVersionAndOpenTheNewOneWhenAComponentIsUpgraded() {
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    publish(
        Fixtures.advisory("GHSA-7rjr-3q55-vv33", List.of("CVE-2021-45046"), T0)
            .severity(9.0, "CRITICAL")
            .range(LOG4J, "2.13.0", "2.16.0")
            .build());
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "s1");
    exposures.readValuesToList();

    // an upgrade is REMOVED of the old purl plus ADDED of the new one
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.REMOVED, "s2");
    sbom("shop", LOG4J_PURL + "2.15.0", ComponentChange.ADDED, "s2");

    assertThat(exposures.readValuesToList())
        .extracting(CorrelatorTopologyTest::describe)
        .containsExactlyInAnyOrder(
            "shop 2.14.1 GHSA-jfh8-c2jp-5v3q RESOLVED COMPONENT_REMOVED",
            "shop 2.14.1 GHSA-7rjr-3q55-vv33 RESOLVED COMPONENT_REMOVED",
            "shop 2.15.0 GHSA-7rjr-3q55-vv33 NEW NEW_COMPONENT");
  }

  @Test
  void shouldNameTheVersionOfTheSbomThatRemovedTheComponentWhenAnUpgradeResolvesAnExposure() {
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    components.pipeInput(
        "shop",
        ComponentEvent.newBuilder(
                Fixtures.component("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "s1"))
            .setProjectVersion("1.4.0")
            .build());
    ExposureEvent opened = exposures.readValue();

    components.pipeInput(
        "shop",
        ComponentEvent.newBuilder(
                Fixtures.component("shop", LOG4J_PURL + "2.14.1", ComponentChange.REMOVED, "s2"))
            .setProjectVersion("1.5.0")
            .build());

    ExposureEvent resolved = exposures.readValue();
    assertThat(opened.getProjectVersion()).isEqualTo("1.4.0");
    assertThat(resolved.getType()).isEqualTo(ExposureType.RESOLVED);
    assertThat(resolved.getCause()).isEqualTo(ExposureCause.COMPONENT_REMOVED);
    assertThat(resolved.getProjectVersion()).isEqualTo("1.5.0");
  }

  @Test
  void shouldResolveWhenTheAdvisoryIsWithdrawnOrItsRangeNoLongerMatches() {
    sbom("a", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    sbom("b", LOG4J_PURL + "2.13.0", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    publish(Fixtures.log4shell(T0.plusSeconds(60), "2.14.0", "2.15.0"));
    publish(
        Advisory.newBuilder(Fixtures.log4shell(T0.plusSeconds(120), "2.13.0", "2.15.0"))
            .setWithdrawn(T0.plusSeconds(120))
            .build());

    assertThat(exposures.readValuesToList())
        .extracting(e -> e.getProject() + " " + e.getType() + " " + e.getCause())
        .containsExactly(
            "a NEW NEW_ADVISORY",
            "b NEW NEW_ADVISORY",
            "b RESOLVED ADVISORY_UPDATED",
            "a RESOLVED ADVISORY_WITHDRAWN");
  }

  @Test
  void shouldResolveWhenANewVersionOfTheAdvisoryNoLongerListsThePackage() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    sbom("shop", JACKSON_PURL + "2.12.0", ComponentChange.ADDED);
    Advisory both =
        Fixtures.advisory("GHSA-test-both", List.of("CVE-2099-0001"), T0)
            .severity(8.0, "HIGH")
            .range(LOG4J, "2.0", "2.15.0")
            .range(JACKSON, "2.0", "2.13.0")
            .build();
    publish(both);
    Advisory log4jOnly =
        Fixtures.advisory("GHSA-test-both", List.of("CVE-2099-0001"), T0.plusSeconds(60))
            .severity(8.0, "HIGH")
            .range(LOG4J, "2.0", "2.15.0")
            .build();

    publish(log4jOnly);
    publish(
        Fixtures.advisory("GHSA-test-both", List.of("CVE-2099-0001"), T0.plusSeconds(120))
            .withdrawn(T0.plusSeconds(120))
            .build());

    assertThat(exposures.readValuesToList())
        .extracting(CorrelatorTopologyTest::describe)
        .containsExactly(
            "shop 2.12.0 GHSA-test-both NEW NEW_ADVISORY",
            "shop 2.14.1 GHSA-test-both NEW NEW_ADVISORY",
            "shop 2.12.0 GHSA-test-both RESOLVED ADVISORY_UPDATED",
            "shop 2.14.1 GHSA-test-both RESOLVED ADVISORY_WITHDRAWN");
  }

  @Test
  void shouldResolveEveryPackageWhenTheAdvisoryIsDeletedFromTheCompactedTopic() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    advisories.pipeInput(GHSA, null);

    assertThat(exposures.readValuesToList())
        .extracting(e -> e.getType() + " " + e.getCause())
        .containsExactly("NEW NEW_ADVISORY", "RESOLVED ADVISORY_WITHDRAWN");
  }

  // ------------------------------------------------------------------ nothing

  @Test
  void shouldEmitNothingWhenAnIdenticalSbomIsResubmitted() {
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "first");
    sbom("shop", JACKSON_PURL + "2.12.0", ComponentChange.ADDED, "first");
    assertThat(exposures.readValuesToList()).hasSize(1);

    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "second");
    sbom("shop", JACKSON_PURL + "2.12.0", ComponentChange.ADDED, "second");

    assertThat(exposures.isEmpty()).isTrue();
  }

  @Test
  void shouldEmitNothingWhenTheSameAdvisoryIsRepublished() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    assertThat(exposures.readValuesToList()).hasSize(1);

    Advisory again =
        Advisory.newBuilder(Fixtures.log4shell(T0, "2.13.0", "2.15.0"))
            .setIngestedAt(T0.plusSeconds(3600))
            .build();
    publish(again);

    assertThat(exposures.isEmpty()).isTrue();
  }

  // ------------------------------------------------------------------ UPDATED and aliases

  @Test
  void shouldGroupAliasesIntoOneVulnerabilityWhenRecordsOfSeveralDatabasesDescribeIt() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    // a record of another database that names only the GHSA, and carries no severity of its own
    publish(
        Fixtures.advisory("OTHER-2021-1", List.of(GHSA), T0).range(LOG4J, "2.0", "2.15.0").build());
    // a distro-style record that names the CVE as upstream
    publish(
        Fixtures.advisory("DISTRO-2021-9", List.of(), T0)
            .upstream(List.of(CVE))
            .range(LOG4J, "2.0", "2.15.0")
            .build());

    List<ExposureEvent> out = exposures.readValuesToList();
    assertThat(out).hasSize(3);
    assertThat(out)
        .allSatisfy(
            e -> {
              assertThat(e.getAdvisory().getVulnerabilityId()).isEqualTo(CVE);
              assertThat(e.getAdvisory().getSeverity()).isEqualTo("CRITICAL");
            });
  }

  @Test
  void shouldEscalateWithAnUpdatedEventWhenTheCveIsAddedToKev() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    sbom("billing", LOG4J_PURL + "2.15.0", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    ExposureEvent opened = exposures.readValue();

    kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));

    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.UPDATED);
              assertThat(e.getCause()).isEqualTo(ExposureCause.ENRICHMENT_UPDATED);
              assertThat(e.getProject()).isEqualTo("shop");
              assertThat(e.getExposureId()).isEqualTo(opened.getExposureId());
              assertThat(e.getKev().getCveId()).isEqualTo(CVE);
              assertThat(e.getKev().getKnownRansomwareCampaignUse()).isEqualTo("Known");
              assertThat(e.getPrevious().getInKev()).isFalse();
              assertThat(e.getPrevious().getSeverity()).isEqualTo("CRITICAL");
              assertThat(Exposures.escalated(e)).isTrue();
            });

    kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.UPDATED));
    assertThat(exposures.isEmpty()).as("the same KEV status again is not material").isTrue();
  }

  @Test
  void shouldCarryKevAndEpssWhenTheEnrichmentArrivedBeforeTheAdvisory() {
    kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));
    epss.pipeInput(CVE, Fixtures.epss(CVE, 0.97));
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);

    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));

    // the advisory and the CVE's enrichment reach the package shard by different repartitions:
    // the exposure opens, and carries KEV and EPSS once the enrichment joins (NEW, then UPDATED)
    List<ExposureEvent> out = exposures.readValuesToList();
    assertThat(out.get(0).getType()).isEqualTo(ExposureType.NEW);
    assertThat(out)
        .last()
        .satisfies(
            e -> {
              assertThat(e.getExposureId()).isEqualTo(out.get(0).getExposureId());
              assertThat(e.getKev()).isNotNull();
              assertThat(e.getEpss().getScore()).isEqualTo(0.97);
            });
    assertThat(out).hasSizeLessThanOrEqualTo(2);

    sbom("billing", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.NEW);
              assertThat(e.getKev()).as("a later component opens with KEV at once").isNotNull();
              assertThat(e.getEpss().getScore()).isEqualTo(0.97);
            });
  }

  @Test
  void shouldUpdateOnlyWhenEpssMovesMaterially() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    exposures.readValuesToList();

    epss.pipeInput(CVE, Fixtures.epss(CVE, 0.05));
    epss.pipeInput(CVE, Fixtures.epss(CVE, 0.08));
    assertThat(exposures.isEmpty()).as("moves below the threshold").isTrue();

    epss.pipeInput(CVE, Fixtures.epss(CVE, 0.6));

    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.UPDATED);
              assertThat(e.getEpss().getScore()).isEqualTo(0.6);
              assertThat(e.getPrevious().getEpss()).isNull();
            });
  }

  @Test
  void shouldTakeTheSeverityFromNvdWhenTheAdvisoryHasNone() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(
        Fixtures.advisory("GHSA-none-none-none", List.of("CVE-2099-1234"), T0)
            .range(LOG4J, "2.0", "2.15.0")
            .build());
    assertThat(exposures.readValue().getAdvisory().getSeverity()).isNull();

    nvd.pipeInput("CVE-2099-1234", Fixtures.nvd("CVE-2099-1234", 7.5, "HIGH"));

    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.UPDATED);
              assertThat(e.getAdvisory().getSeverity()).isEqualTo("HIGH");
              assertThat(e.getAdvisory().getScore()).isEqualTo(7.5);
              assertThat(e.getPrevious().getSeverity()).isNull();
            });
  }

  @Test
  void shouldUpdateWhenANewVersionOfTheAdvisoryChangesItsSeverity() {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(
        Fixtures.advisory(GHSA, List.of(CVE), T0)
            .severity(6.5, "MEDIUM")
            .range(LOG4J, "2.0", "2.15.0")
            .build());
    exposures.readValuesToList();

    publish(Fixtures.log4shell(T0.plusSeconds(60), "2.0", "2.15.0"));

    assertThat(exposures.readValuesToList())
        .extracting(e -> e.getType() + " " + e.getCause() + " " + e.getPrevious().getSeverity())
        .containsExactly("UPDATED ADVISORY_UPDATED MEDIUM");
  }

  // ------------------------------------------------------------------ robustness

  @Test
  void shouldSendAPoisonRecordToTheDeadLetterTopicAndKeepCorrelating() {
    var raw =
        driver.createInputTopic(
            topics.components().name(),
            Serdes.String().serializer(),
            Serdes.ByteArray().serializer());
    raw.pipeInput("shop", "not avro".getBytes(StandardCharsets.UTF_8));
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);

    assertThat(deadLetters.readValuesToList())
        .singleElement()
        .satisfies(
            d -> {
              assertThat(d.getStage()).isEqualTo("deserialize");
              assertThat(d.getSourceTopic()).isEqualTo(topics.components().name());
            });
    assertThat(exposures.readValuesToList()).hasSize(1);
  }

  @Test
  void shouldEmitTheSameEventIdsWhenTheSameInputsAreReplayed(@TempDir Path otherDir) {
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.REMOVED);
    List<String> first = exposures.readValuesToList().stream().map(e -> e.getEventId()).toList();
    driver.close();

    driver = driver(otherDir);
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.ADDED);
    publish(Fixtures.log4shell(T0, "2.13.0", "2.15.0"));
    sbom("shop", LOG4J_PURL + "2.14.1", ComponentChange.REMOVED);

    assertThat(exposures.readValuesToList())
        .extracting(ExposureEvent::getEventId)
        .hasSize(2)
        .containsExactlyElementsOf(first);
  }

  @Test
  void shouldKeepTheTopologyShapeStable() throws Exception {
    String described =
        CorrelatorTopology.build(topics, serdes, CorrelatorConfig.defaults()).describe().toString();
    Path snapshot = Path.of("src/test/resources/topology-snapshot.txt");
    if (Boolean.getBoolean("vigil.updateSnapshots")) {
      Files.writeString(snapshot, described);
    }
    // a missing snapshot fails: it is written only when asked to, never to make the test pass
    assertThat(snapshot)
        .as("no topology snapshot: review the topology, then run with -Dvigil.updateSnapshots=true")
        .exists();
    assertThat(described)
        .as("topology changed: review the diff, then re-run with -Dvigil.updateSnapshots=true")
        .isEqualTo(Files.readString(snapshot));
  }
}
