package io.vigil.correlator;

import static io.vigil.correlator.CorrelatorDriver.T0;
import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_KEY;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.ExposureEvent;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Enrichment cannot go stale: a package shard keeps a CVE's enrichment only while an advisory of
 * the package aliases the CVE. When the last one stops (a new version drops the alias or the
 * package, a withdrawal), the shard's copy is removed, so a later advisory linking the CVE again
 * carries what the feeds say then, not what they said before.
 */
class StaleEnrichmentTest {
  private static final String CVE = "CVE-2099-0001";
  private static final String VULNERABLE = LOG4J_PURL + "2.14.1";
  @TempDir Path stateDir;
  private CorrelatorDriver pipeline;
  private KeyValueStore<String, CveEnrichment> shardEnrichment;

  @BeforeEach
  void start() {
    CorrelatorConfig oneShard = new CorrelatorConfig(null, 6, 1, 0, null, 1, null, null, null);
    pipeline = new CorrelatorDriver(stateDir, oneShard, Correlation.Probe.NONE);
    shardEnrichment = pipeline.store(CorrelatorTopology.PACKAGE_ENRICHMENT_STORE);
  }

  @AfterEach
  void stop() {
    pipeline.close();
  }

  private CveEnrichment inShard() {
    return shardEnrichment.get(StoreKeys.enrichment(StoreKeys.shardKey(LOG4J_KEY, 0), CVE));
  }

  private static Advisory advisory(String id, List<String> aliases, long at) {
    return Fixtures.advisory(id, aliases, T0.plusSeconds(at)).range(LOG4J, "2.0", "2.15.0").build();
  }

  @Test
  void shouldOpenWithoutTheOldKevFlagWhenAnAdvisoryRelinksACveTheCatalogNoLongerLists() {
    pipeline.sbom("shop", VULNERABLE, ComponentChange.ADDED);
    pipeline.publish(advisory("GHSA-aaaa", List.of(CVE), 0));
    pipeline.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));
    assertThat(pipeline.exposures.readValuesToList())
        .last()
        .satisfies(e -> assertThat(e.getKev()).isNotNull());
    assertThat(inShard()).isNotNull();

    // the advisory stops aliasing the CVE: its exposure loses KEV, the shard's copy goes
    pipeline.publish(advisory("GHSA-aaaa", List.of(), 10));
    assertThat(pipeline.exposures.readValuesToList())
        .singleElement()
        .satisfies(e -> assertThat(e.getKev()).isNull());
    assertThat(inShard()).as("nothing in the package aliases the CVE any longer").isNull();

    // the catalog drops the CVE; later another advisory of the package links it again
    pipeline.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.REMOVED));
    pipeline.publish(advisory("GHSA-bbbb", List.of(CVE), 20));

    List<ExposureEvent> opened = pipeline.exposures.readValuesToList();
    assertThat(opened)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.getAdvisory().getId()).isEqualTo("GHSA-bbbb");
              assertThat(e.getKev()).as("not in KEV any more").isNull();
            });
  }

  @Test
  void shouldKeepTheShardsCopyWhileAnotherAdvisoryOfThePackageStillAliasesTheCve() {
    pipeline.publish(advisory("GHSA-aaaa", List.of(CVE), 0));
    pipeline.publish(advisory("GHSA-bbbb", List.of(CVE), 0));
    pipeline.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));

    pipeline.publish(advisory("GHSA-aaaa", List.of(), 10));
    assertThat(inShard()).as("GHSA-bbbb still uses it").isNotNull();

    pipeline.publish(
        Fixtures.advisory("GHSA-bbbb", List.of(CVE), T0.plusSeconds(20))
            .withdrawn(T0.plusSeconds(20))
            .range(LOG4J, "2.0", "2.15.0")
            .build());
    assertThat(inShard()).as("withdrawn: nothing uses it").isNull();
  }

  @Test
  void shouldRemoveTheShardsCopyWhenTheAdvisoryNoLongerListsThePackage() {
    pipeline.publish(advisory("GHSA-aaaa", List.of(CVE), 0));
    pipeline.kev.pipeInput(CVE, Fixtures.kev(CVE, EnrichmentChange.ADDED));
    assertThat(inShard()).isNotNull();

    pipeline.publish(
        Fixtures.advisory("GHSA-aaaa", List.of(CVE), T0.plusSeconds(10))
            .range(Fixtures.JACKSON, "2.0", "2.15.0")
            .build());

    assertThat(inShard()).isNull();
    assertThat(
            shardEnrichment.get(
                StoreKeys.enrichment(StoreKeys.shardKey("Maven/" + Fixtures.JACKSON, 0), CVE)))
        .as("the newly listed package has it")
        .isNotNull();
  }
}
