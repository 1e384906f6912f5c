package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.osv.AliasGroups;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.platform.config.ConfigSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pure parts of the correlator: keys, alias groups, materiality, enrichment, config. */
class PureFunctionsTest {
  private static final Instant T0 = Instant.parse("2021-12-10T10:00:00Z");

  @Test
  void shouldKeepAProjectInOneStableShardWhenKeyingByPackage() {
    String key = StoreKeys.shardKey("Maven/org.apache.logging.log4j:log4j-core", "shop", 4);
    assertThat(key)
        .isEqualTo(StoreKeys.shardKey("Maven/org.apache.logging.log4j:log4j-core", "shop", 4));
    assertThat(StoreKeys.packageOf(key)).isEqualTo("Maven/org.apache.logging.log4j:log4j-core");
    assertThat(StoreKeys.shardOf("anything", 1)).isZero();
    long used =
        java.util.stream.IntStream.range(0, 1000)
            .map(i -> StoreKeys.shardOf("project-" + i, 4))
            .distinct()
            .count();
    assertThat(used).as("projects spread over every shard").isEqualTo(4);
  }

  @Test
  void shouldPinTheShardOfKnownProjectsBecauseStoreKeysDependOnIt() {
    // murmur2 as Kafka's partitioner (seed 0x9747b28c), positive, mod shards: computed apart
    // from this code; a change here would move every stored component to another shard key
    assertThat(List.of(2, 4, 6, 8))
        .extracting(n -> StoreKeys.shardOf("shop", n))
        .containsExactly(0, 0, 0, 4);
    assertThat(List.of(2, 4, 6, 8))
        .extracting(n -> StoreKeys.shardOf("billing", n))
        .containsExactly(1, 1, 3, 1);
    assertThat(List.of(2, 4, 6, 8))
        .extracting(n -> StoreKeys.shardOf("project-1", n))
        .containsExactly(0, 2, 0, 6);
  }

  @Test
  void shouldNameTheCveOfTheGroupWhenOnlyAnotherRecordAliasesIt() {
    Advisory ghsa = Fixtures.log4shell(T0, "2.0", "2.15.0");
    Advisory pysecLike =
        Fixtures.advisory("OTHER-1", List.of("GHSA-jfh8-c2jp-5v3q"), T0)
            .range(LOG4J, "2.0", "2.15.0")
            .databaseSeverity("MODERATE")
            .build();
    Advisory unrelated =
        Fixtures.advisory("GHSA-zzzz-zzzz-zzzz", List.of(), T0).range(LOG4J, "1.0", "1.1").build();

    AliasGroups.Group group =
        AdvisoryGroups.of(List.of(pysecLike, ghsa, unrelated)).group("OTHER-1");

    assertThat(group.vulnerabilityId()).isEqualTo("CVE-2021-44228");
    assertThat(group.ids())
        .containsExactlyInAnyOrder("OTHER-1", "GHSA-jfh8-c2jp-5v3q", "CVE-2021-44228");
    assertThat(group.severity().score()).as("a CVSS score beats a database rating").isEqualTo(10.0);
    assertThat(
            AdvisoryGroups.of(List.of(unrelated, ghsa)).group(unrelated.getId()).vulnerabilityId())
        .isEqualTo("GHSA-zzzz-zzzz-zzzz");
  }

  @Test
  void shouldCallOnlyRatingKevAndLargeEpssMovesMaterialWhenComparingEvents() {
    ExposureEvent base = event(null);
    assertThat(Exposures.materialChange(base, base, 0.1)).isFalse();
    CveEnrichment.Kev inKev =
        EnrichmentInputs.kev(
                "CVE-2021-44228", Fixtures.kev("CVE-2021-44228", EnrichmentChange.ADDED))
            .kev();
    ExposureEvent kev =
        ExposureEvent.newBuilder(base)
            .setKev(
                Exposures.Enrichment.of(
                        List.of(new CveEnrichment("CVE-2021-44228", inKev, null, null)))
                    .kev())
            .build();
    assertThat(Exposures.materialChange(base, kev, 0.1)).isTrue();
    ExposureEvent epssSmall = withEpss(base, 0.05);
    ExposureEvent epssLarge = withEpss(base, 0.2);
    assertThat(Exposures.materialChange(base, epssSmall, 0.1)).isFalse();
    assertThat(Exposures.materialChange(base, epssLarge, 0.1)).isTrue();
    assertThat(Exposures.materialChange(epssSmall, epssLarge, 0.1)).isTrue();
  }

  @Test
  void shouldTreatARemovedOrRejectedFeedEntryAsNoEnrichment() {
    assertThat(EnrichmentInputs.kev("CVE-1", Fixtures.kev("CVE-1", EnrichmentChange.REMOVED)).kev())
        .isNull();
    assertThat(EnrichmentInputs.epss("CVE-1", null).epss()).isNull();
    var rejected =
        io.vigil.events.v1.NvdCve.newBuilder(Fixtures.nvd("CVE-1", 9.8, "CRITICAL"))
            .setVulnStatus("Rejected")
            .build();
    assertThat(EnrichmentInputs.nvd("CVE-1", rejected).nvd()).isNull();
    assertThat(EnrichmentInputs.nvd("CVE-1", Fixtures.nvd("CVE-1", 9.8, "CRITICAL")).nvd().score())
        .isEqualTo(9.8);
  }

  @Test
  void shouldBindEveryCorrelatorSettingFromTheConfigFileWhenGiven(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("vigil.yaml"),
            "correlator:\n  partitions: 12\n  packageShards: 8\n  advertisedHost: corr-1\n"
                + "  rocksdbCacheMb: 256\n  epssMaterialDelta: 0.05\n");

    CorrelatorConfig c = ConfigSource.load(file).bind("correlator", CorrelatorConfig.class);

    assertThat(c.partitions()).isEqualTo(12);
    assertThat(c.packageShards()).isEqualTo(8);
    assertThat(c.advertisedHost()).isEqualTo("corr-1");
    assertThat(c.rocksdbCacheMb()).isEqualTo(256);
    assertThat(c.rocksdbWriteBufferMb()).isEqualTo(32);
    assertThat(c.epssMaterialDelta()).isEqualTo(0.05);
    assertThat(c.applicationId()).isEqualTo("vigil-correlator");
    assertThatThrownBy(() -> new CorrelatorConfig(null, 6, 1, 0, null, 0, null, null, null))
        .hasMessageContaining("packageShards");
  }

  @Test
  void shouldBindTheRemediationTargetsWithTheirDefaultsAndRefuseABadOne(@TempDir Path dir)
      throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("vigil.yaml"),
            "correlator:\n  remediation:\n    criticalDays: 3\n    actDays: 0\n"
                + "    kevDueDate: false\n");
    Path bad =
        Files.writeString(
            dir.resolve("bad.yaml"), "correlator:\n  remediation:\n    highDays: -1\n");

    CorrelatorConfig c = ConfigSource.load(file).bind("correlator", CorrelatorConfig.class);

    assertThat(c.remediation().policy())
        .isEqualTo(new io.vigil.core.remediation.SlaPolicy(3, 30, 90, 180, 180, 0, 30, false));
    assertThat(CorrelatorConfig.defaults().remediation().policy())
        .isEqualTo(io.vigil.core.remediation.SlaPolicy.DEFAULTS);
    assertThat(CorrelatorConfig.defaults().withStreamThreads(2).remediation())
        .isEqualTo(RemediationConfig.DEFAULTS);
    assertThatThrownBy(() -> ConfigSource.load(bad).bind("correlator", CorrelatorConfig.class))
        .hasStackTraceContaining("correlator.remediation.highDays must be 1-3650 days, not -1");
  }

  private static ExposureEvent withEpss(ExposureEvent e, double score) {
    return ExposureEvent.newBuilder(e)
        .setEpss(
            Exposures.Enrichment.of(
                    List.of(
                        new CveEnrichment(
                            "CVE-2021-44228",
                            null,
                            EnrichmentInputs.epss(
                                    "CVE-2021-44228", Fixtures.epss("CVE-2021-44228", score))
                                .epss(),
                            null)))
                .epss())
        .build();
  }

  private static ExposureEvent event(String severity) {
    Advisory a = Fixtures.log4shell(T0, "2.0", "2.15.0");
    return Exposures.build(
        Fixtures.component("shop", Fixtures.LOG4J_PURL + "2.14.1", ComponentChange.ADDED, "s1"),
        a,
        AdvisoryGroups.of(List.of(a)).group(a.getId()),
        Exposures.Enrichment.NONE,
        new Matching.Finding(true, false, List.of("2.15.0")),
        new io.vigil.events.v1.Fix("2.15.0", "2.15.0", io.vigil.events.v1.FixChange.MINOR, false),
        new io.vigil.events.v1.Fix("2.15.0", "2.15.0", io.vigil.events.v1.FixChange.MINOR, false),
        ExposureType.NEW,
        ExposureCause.NEW_ADVISORY,
        null,
        null,
        T0,
        T0,
        "t");
  }
}
