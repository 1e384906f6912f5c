package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.risk.PackageReach;
import io.vigil.correlator.SystemicRecords.PackageUseChange;
import io.vigil.correlator.SystemicRecords.PackageUseRow;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * {@code package-reach-store} kept with the uses: built once from uses written before it existed,
 * then moved by each use change exactly as a count over the uses would (a project's two versions,
 * direct winning over transitive, the last stated criticality, removals down to nothing).
 */
class PackageReachIndexTest {
  private static final char SEP = SystemicPortfolio.SEP;
  private static final String PKG = "Maven/org.apache.logging.log4j:log4j-core";
  private static final PortfolioTotals TOTALS = new PortfolioTotals(4, 1);

  private final MockProcessorContext<String, Object> context = new MockProcessorContext<>();

  private <V> KeyValueStore<String, V> store(String name, Serde<V> values) {
    KeyValueStore<String, V> s =
        Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), values)
            .withLoggingDisabled()
            .build();
    s.init(context.getStateStoreContext(), s);
    context.addStateStore(s);
    return s;
  }

  private static String key(String project, String version) {
    return PKG + SEP + project + SEP + "pkg:maven/org.apache.logging.log4j/log4j-core@" + version;
  }

  @Test
  void shouldKeepEachPackagesReachAsACountOverItsUsesWould() {
    KeyValueStore<String, PackageUseRow> uses =
        store(CorrelatorTopology.PACKAGE_USES_STORE, SystemicSerdes.useRow());
    store(CorrelatorTopology.PACKAGE_REACH_STORE, SystemicSerdes.counts());
    store(
        CorrelatorTopology.SYSTEMIC_PORTFOLIO_STORE,
        new JsonSerde<>(SystemicRecords.PortfolioTotals.class));
    // uses an earlier release wrote, before the index existed
    uses.put(key("pay", "2.14.1"), new PackageUseRow("pay", "2.14.1", true, null));
    uses.put(key("pay", "2.17.1"), new PackageUseRow("pay", "2.17.1", false, "MISSION_ESSENTIAL"));
    uses.put(key("shop", "2.17.1"), new PackageUseRow("shop", "2.17.1", false, "SUPPORT"));
    PackageReachIndex index = new PackageReachIndex(context);

    PackageReach built = index.reach(PKG, TOTALS);
    assertThat(built.projects()).isEqualTo(2);
    assertThat(built.directProjects()).isEqualTo(1); // pay: direct wins over transitive
    assertThat(built.transitiveProjects()).isEqualTo(1);
    assertThat(built.missionEssentialProjects()).isEqualTo(1); // pay's last stated criticality
    assertThat(built.projectsByVersion()).isEqualTo(Map.of("2.14.1", 1, "2.17.1", 2));
    assertThat(built.shareOfProjects()).isEqualTo(0.5);
    assertThat(built.shareOfMissionEssential()).isEqualTo(1.0);

    // a new project of unknown reach; pay drops its direct use
    index.apply(
        PKG,
        new PackageUseChange(
            key("wiki", "2.12.0"), new PackageUseRow("wiki", "2.12.0", null, null)));
    index.apply(PKG, new PackageUseChange(key("pay", "2.14.1"), null));
    PackageReach now = index.reach(PKG, TOTALS);
    assertThat(now.projects()).isEqualTo(3);
    assertThat(now.directProjects()).isZero();
    assertThat(now.transitiveProjects()).isEqualTo(2);
    assertThat(now.unknownReachProjects()).isEqualTo(1);
    assertThat(now.missionEssentialProjects()).isEqualTo(1);
    assertThat(now.projectsByVersion()).isEqualTo(Map.of("2.12.0", 1, "2.17.1", 2));

    // pay turns support; then everyone leaves
    index.apply(
        PKG,
        new PackageUseChange(
            key("pay", "2.17.1"), new PackageUseRow("pay", "2.17.1", false, "SUPPORT")));
    assertThat(index.reach(PKG, TOTALS).missionEssentialProjects()).isZero();
    index.apply(PKG, new PackageUseChange(key("pay", "2.17.1"), null));
    index.apply(PKG, new PackageUseChange(key("shop", "2.17.1"), null));
    index.apply(PKG, new PackageUseChange(key("wiki", "2.12.0"), null));
    assertThat(index.reach(PKG, TOTALS)).isNull();
    try (var it = uses.all()) {
      assertThat(it.hasNext()).isFalse();
    }
  }
}
