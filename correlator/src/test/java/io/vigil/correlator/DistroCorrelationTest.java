package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.distro.SourcePackage;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.KevEntry;
import io.vigil.platform.streams.DeadLetterExceptionHandler;
import io.vigil.schemas.TopicCatalog;
import io.vigil.schemas.VigilService;
import io.vigil.schemas.serde.SerdeFactory;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Distro packages in the correlator: the same engine rules as {@code vigil scan} (an advisory's
 * entry applies only within its own release; a binary package is matched through its source
 * package), and the keying that makes that possible: a binary is keyed and sharded by its source
 * package, on ADDED and REMOVED alike, whether the purl or the SBOM's properties named the source.
 */
class DistroCorrelationTest {
  private static final Instant T0 = Instant.parse("2024-02-01T10:00:00Z");
  private static final String CVE = "CVE-2023-5678";
  private static final String BULLSEYE_LIBSSL =
      "pkg:deb/debian/libssl1.1@1.1.1n-0+deb11u3?arch=amd64&upstream=openssl&distro=debian-11";
  private static final String BOOKWORM_LIBSSL = "pkg:deb/debian/libssl3@3.0.9-1?distro=debian-12.1";

  private final TopicCatalog topics = TopicCatalog.local();
  private final SerdeFactory serdes = SerdeFactory.registryFree();
  @TempDir Path stateDir;
  private TopologyTestDriver driver;
  private TestInputTopic<String, ComponentEvent> components;
  private TestInputTopic<String, Advisory> advisories;
  private TestInputTopic<String, KevEntry> kev;
  private TestOutputTopic<String, ExposureEvent> exposures;

  @BeforeEach
  void startDriver() {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "correlator-distro-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
    DeadLetterExceptionHandler.install(props, VigilService.CORRELATOR, "");
    driver =
        new TopologyTestDriver(
            CorrelatorTopology.build(topics, serdes, CorrelatorConfig.defaults()), props, T0);
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

  /**
   * A component as ingest-sbom publishes it: the engine's identity of the purl and of the source
   * package the SBOM states outside the purl (trivy's properties), recorded on the event.
   */
  private static ComponentEvent event(
      String project, String purl, SourcePackage stated, ComponentChange change) {
    PackageIdentity id = PackageIdentity.fromComponent(purl, null, stated).orElseThrow();
    return ComponentEvent.newBuilder()
        .setEventId(project + ":" + change + ":" + purl)
        .setProjectId(project)
        .setProject(project)
        .setSubmissionId("sub-" + project + "-" + change)
        .setChange(change)
        .setComponent(
            Component.newBuilder()
                .setPurl(purl)
                .setPackageKey(id.key().toString())
                .setEcosystem(id.ecosystem().toString())
                .setSourcePackage(id.source() == null ? null : id.source().name())
                .setSourceVersion(id.source() == null ? null : id.source().version())
                .setName(id.purl().name())
                .setVersion(id.purl().version())
                .build())
        .setReceivedAt(T0)
        .build();
  }

  /**
   * A DSA-like record: openssl fixed in 1.1.1n-0+deb11u4 on bullseye, 3.0.11-1~deb12u1 on bookworm.
   */
  private static Advisory dsa() {
    return Fixtures.advisory("DSA-5532-1", List.of(CVE), T0)
        .severity(7.5, "HIGH")
        .range("Debian:11", "openssl", "0", "1.1.1n-0+deb11u4")
        .range("Debian:12", "openssl", "0", "3.0.11-1~deb12u1")
        .build();
  }

  private void ship(String project, String purl, SourcePackage stated) {
    components.pipeInput(project, event(project, purl, stated, ComponentChange.ADDED));
  }

  @Test
  void shouldMatchEachBinaryOnlyThroughTheEntryOfItsOwnReleaseAndNameReleaseAndSourcePackage() {
    ship("bullseye-app", BULLSEYE_LIBSSL, null);
    ship("bookworm-app", BOOKWORM_LIBSSL, new SourcePackage("openssl", "3.0.9-1"));
    // fixed on bookworm (3.0.11-1~deb12u1): no exposure
    ship(
        "bookworm-fixed",
        "pkg:deb/debian/libssl3@3.0.11-1~deb12u1?upstream=openssl&distro=debian-12",
        null);
    // no distro qualifier: the release is unknown, so no release's entry applies (indeterminate,
    // never an exposure)
    ship("unknown-release", "pkg:deb/debian/libssl3@3.0.9-1?upstream=openssl", null);

    advisories.pipeInput("DSA-5532-1", dsa());

    List<ExposureEvent> events = exposures.readValuesToList();
    assertThat(events)
        .extracting(
            e ->
                e.getProject()
                    + " "
                    + e.getType()
                    + " "
                    + e.getDistroRelease()
                    + " source "
                    + e.getComponent().getSourcePackage()
                    + " fixed "
                    + e.getFixedVersions())
        .containsExactlyInAnyOrder(
            "bullseye-app NEW Debian:11 source openssl fixed [1.1.1n-0+deb11u4]",
            "bookworm-app NEW Debian:12 source openssl fixed [3.0.11-1~deb12u1]");
    assertThat(events)
        .allSatisfy(e -> assertThat(e.getSmallestFix()).isEqualTo(e.getFixedVersions().get(0)));
    // the JSON of the query API and --exposures-out says it too
    var json = ExposureJson.node(events.get(0));
    assertThat(json.path("release").asText()).startsWith("Debian:");
    assertThat(json.path("sourcePackage").asText()).isEqualTo("openssl");
  }

  /** What the query API's routes read for one package key, as {@link QueryApi} keys the purl. */
  private List<com.fasterxml.jackson.databind.JsonNode> query(String purl, String advisory) {
    String packageKey = QueryApi.packageKey(purl);
    QueryPage page = new QueryPage(100, null);
    List<com.fasterxml.jackson.databind.JsonNode> out = new java.util.ArrayList<>();
    for (int s = 0; s < CorrelatorConfig.defaults().packageShards(); s++) {
      String shardKey = StoreKeys.shardKey(packageKey, s);
      List<QueryPage.Item> items =
          advisory == null
              ? LocalQueries.shardComponentsIn(
                  driver.getKeyValueStore(CorrelatorTopology.COMPONENTS_STORE), shardKey, page)
              : LocalQueries.shardExposuresIn(
                  driver.getKeyValueStore(CorrelatorTopology.COMPONENTS_STORE),
                  driver.getKeyValueStore(CorrelatorTopology.EXPOSURES_STORE),
                  shardKey,
                  advisory,
                  page);
      items.forEach(i -> out.add(i.item()));
    }
    return out;
  }

  @Test
  void shouldAnswerTheQueryApiWithTheSameKeysAndNameReleaseAndSourcePackage() {
    ship("bullseye-app", BULLSEYE_LIBSSL, null);
    ship("bookworm-app", BOOKWORM_LIBSSL, new SourcePackage("openssl", "3.0.9-1"));
    advisories.pipeInput("DSA-5532-1", dsa());
    assertThat(exposures.readValuesToList()).hasSize(2);

    // blast radius of the advisory: its entry's package (Debian/openssl), every binary built from
    // it
    assertThat(query("pkg:deb/debian/openssl", "DSA-5532-1"))
        .extracting(
            n ->
                n.path("project").asText()
                    + " "
                    + n.path("release").asText()
                    + " "
                    + n.path("sourcePackage").asText()
                    + " "
                    + n.path("sourceVersion").asText())
        .containsExactlyInAnyOrder(
            "bullseye-app Debian:11 openssl ", "bookworm-app Debian:12 openssl 3.0.9-1");
    // who ships openssl: asked by the source, or by a binary naming its source (upstream=), the
    // engine's key of the purl is the key the components were stored under
    for (String purl :
        List.of(
            "pkg:deb/debian/openssl",
            "pkg:deb/debian/libssl3?upstream=openssl&distro=debian-12",
            BULLSEYE_LIBSSL)) {
      assertThat(query(purl, null))
          .as(purl)
          .extracting(n -> n.path("purl").asText() + " from " + n.path("sourcePackage").asText())
          .containsExactlyInAnyOrder(
              BULLSEYE_LIBSSL + " from openssl", BOOKWORM_LIBSSL + " from openssl");
    }
    // a binary purl naming no source is keyed as written (README, Limits): nothing is stored there,
    // and the answer says why and how to ask (GET /api/v1/packages/{purl}/projects: "note")
    assertThat(query("pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12", null)).isEmpty();
    assertThat(
            PackageKeys.binaryWithoutSourceNote(
                "pkg:deb/debian/libssl3@3.0.11-1~deb12u2?distro=debian-12"))
        .contains("nothing is stored under Debian/libssl3")
        .contains("pkg:deb/debian/<source>")
        .contains("?upstream=<source>");
    assertThat(PackageKeys.binaryWithoutSourceNote("pkg:apk/alpine/libcrypto3@3.1.4-r0"))
        .contains("Alpine/libcrypto3");
    // a purl naming its source, an rpm (keyed by binary name) or a library: nothing to explain
    assertThat(
            PackageKeys.binaryWithoutSourceNote(
                "pkg:deb/debian/libssl3?upstream=openssl&distro=debian-12"))
        .isNull();
    assertThat(PackageKeys.binaryWithoutSourceNote("pkg:rpm/redhat/openssl-libs@1.1.1k-6.el8"))
        .isNull();
    assertThat(PackageKeys.binaryWithoutSourceNote("pkg:npm/lodash@4.17.20")).isNull();
  }

  @Test
  void shouldResolveABinaryThroughTheShardOfItsSourcePackageWhenItIsRemoved() {
    advisories.pipeInput("DSA-5532-1", dsa());
    ship("bookworm-app", BOOKWORM_LIBSSL, new SourcePackage("openssl", "3.0.9-1"));
    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(e -> assertThat(e.getCause()).isEqualTo(ExposureCause.NEW_COMPONENT));

    // the REMOVED event carries the component as it was added (ingest-sbom's inventory bytes)
    components.pipeInput(
        "bookworm-app",
        event(
            "bookworm-app",
            BOOKWORM_LIBSSL,
            new SourcePackage("openssl", "3.0.9-1"),
            ComponentChange.REMOVED));

    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.RESOLVED);
              assertThat(e.getCause()).isEqualTo(ExposureCause.COMPONENT_REMOVED);
              assertThat(e.getDistroRelease()).isEqualTo("Debian:12");
            });
  }

  @Test
  void shouldKeepTheReleaseOfAnExposureWhenItsEnrichmentUpdatesIt() {
    ship("bullseye-app", BULLSEYE_LIBSSL, null);
    advisories.pipeInput("DSA-5532-1", dsa());
    assertThat(exposures.readValuesToList()).hasSize(1);

    kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));

    assertThat(exposures.readValuesToList())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getType()).isEqualTo(ExposureType.UPDATED);
              assertThat(e.getKev()).isNotNull();
              assertThat(e.getDistroRelease()).isEqualTo("Debian:11");
            });
  }

  @Test
  void shouldKeyEveryBinaryOfASourceWithTheSourceSoItsAdvisoriesAndBothItsEventsMeet() {
    String advisoryKey = PackageKeys.ofOsv("Debian:12", "openssl");
    List<ComponentEvent> binaries =
        List.of(
            // named by the purl's upstream qualifier (syft)
            event(
                "p",
                "pkg:deb/debian/libssl3@3.0.9-1?upstream=openssl&distro=debian-12",
                null,
                ComponentChange.ADDED),
            // named by the SBOM's properties only (trivy)
            event(
                "p",
                "pkg:deb/debian/libssl3@3.0.9-1?distro=debian-12",
                new SourcePackage("openssl", "3.0.9-1"),
                ComponentChange.ADDED),
            // a binNMU: the source version differs from the binary's
            event(
                "p",
                "pkg:deb/debian/libssl3@3.0.9-1+b1?upstream=openssl%403.0.9-1&distro=debian-12",
                null,
                ComponentChange.ADDED),
            // the source package's own binary
            event(
                "p",
                "pkg:deb/debian/openssl@3.0.9-1?distro=debian-12",
                null,
                ComponentChange.ADDED));
    for (ComponentEvent added : binaries) {
      ComponentEvent removed =
          ComponentEvent.newBuilder(added).setChange(ComponentChange.REMOVED).build();
      String key = PackageKeys.ofComponent(added.getComponent());
      assertThat(key).as(added.getComponent().getPurl()).isEqualTo(advisoryKey);
      assertThat(PackageKeys.ofComponent(removed.getComponent())).isEqualTo(key);
      assertThat(StoreKeys.shardKey(key, "p", 4))
          .isEqualTo(StoreKeys.shardKey(PackageKeys.ofComponent(removed.getComponent()), "p", 4));
    }
    // the binNMU is judged at its source's version
    assertThat(Matching.identity(binaries.get(2).getComponent()).version()).isEqualTo("3.0.9-1");
    // rpm distributions name binary RPMs in their advisories: the binary is the key there
    assertThat(
            PackageKeys.ofComponent(
                event(
                        "p",
                        "pkg:rpm/redhat/openssl-libs@1.1.1k-6.el8?upstream=openssl-1.1.1k-6.el8.src.rpm&distro=rhel-8.6",
                        null,
                        ComponentChange.ADDED)
                    .getComponent()))
        .isEqualTo(PackageKeys.ofOsv("Red Hat:enterprise_linux:8::appstream", "openssl-libs"));
  }
}
