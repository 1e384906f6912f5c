package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.correlator.SystemicRecords.Input;
import io.vigil.correlator.SystemicRecords.PackageUseChange;
import io.vigil.correlator.SystemicRecords.PackageUseRow;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import io.vigil.correlator.SystemicRecords.ProjectPresence;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ComponentEvent;
import io.vigil.events.v1.Criticality;
import io.vigil.events.v1.ProjectContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

/**
 * The SYSTEMIC fan-in's per-project step sends only what changed (a re-uploaded SBOM sends
 * nothing), and its compact serdes read back what they wrote and what the earlier JSON serde wrote.
 */
class SystemicFanInTest {
  private static ComponentEvent use(
      String purl, Boolean direct, Criticality criticality, ComponentChange change) {
    return ComponentEvent.newBuilder()
        .setEventId("e-" + purl + change)
        .setProjectId("pay")
        .setProject("pay")
        .setSubmissionId("s")
        .setChange(change)
        .setComponent(
            Component.newBuilder()
                .setPurl(purl)
                .setPackageKey(PackageKeys.ofPurl(purl))
                .setName("log4j-core")
                .setVersion(purl.substring(purl.indexOf('@') + 1))
                .setDirect(direct)
                .build())
        .setProjectContext(
            criticality == null
                ? null
                : ProjectContext.newBuilder().setCriticality(criticality).build())
        .setReceivedAt(CorrelatorDriver.T0)
        .build();
  }

  @Test
  void shouldSendAUseChangeOnlyWhenAProjectsUseOfAPackageChanges() {
    MockProcessorContext<String, Object> context = new MockProcessorContext<>();
    KeyValueStore<String, String> store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(CorrelatorTopology.PORTFOLIO_COMPONENTS_STORE),
                Serdes.String(),
                Serdes.String())
            .withLoggingDisabled()
            .build();
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    var processor = new SystemicPortfolio.PresenceProcessor();
    processor.init(context);
    String purl = Fixtures.LOG4J_PURL + "2.14.1";
    Criticality essential = Criticality.MISSION_ESSENTIAL;

    processor.process(record(use(purl, true, essential, ComponentChange.ADDED)));
    assertThat(values(context)).hasSize(2); // the project arrives, and its use
    assertThat(values(context).get(0)).isInstanceOf(Input.class);
    assertThat(values(context).get(1))
        .isEqualTo(new ProjectPresence("pay", true, "MISSION_ESSENTIAL"));
    context.resetForwards();

    // the same SBOM uploaded again: nothing
    processor.process(record(use(purl, true, essential, ComponentChange.ADDED)));
    processor.process(record(use(purl, true, essential, ComponentChange.UPDATED)));
    assertThat(values(context)).isEmpty();

    // the use turns transitive: one use change, the presence as it was
    processor.process(record(use(purl, false, essential, ComponentChange.UPDATED)));
    assertThat(values(context))
        .containsExactly(
            new Input(
                new PackageUseChange(
                    PackageKeys.ofPurl(purl)
                        + SystemicPortfolio.SEP
                        + "pay"
                        + SystemicPortfolio.SEP
                        + purl,
                    new PackageUseRow("pay", "2.14.1", false, "MISSION_ESSENTIAL")),
                null));
    context.resetForwards();

    // removed twice: the use goes once, and the project with it
    processor.process(record(use(purl, false, essential, ComponentChange.REMOVED)));
    processor.process(record(use(purl, false, essential, ComponentChange.REMOVED)));
    assertThat(values(context)).hasSize(2);
    assertThat(((Input) values(context).get(0)).use().row()).isNull();
    assertThat(values(context).get(1)).isEqualTo(new ProjectPresence("pay", false, null));
  }

  @Test
  void shouldReadBackWhatTheCompactSerdesWroteAndWhatTheEarlierJsonSerdeWrote() {
    Serde<Input> serde = SystemicSerdes.input();
    List<Input> inputs =
        List.of(
            new Input(null, new PortfolioTotals(59, 12)),
            new Input(new PackageUseChange("k\u001Fpay\u001Fpurl", null), null),
            new Input(new PackageUseChange("k", new PackageUseRow("pay", null, null, null)), null),
            new Input(
                new PackageUseChange("k", new PackageUseRow("pày", "2.1", true, "SUPPORT")), null));
    for (Input in : inputs) {
      byte[] bytes = serde.serializer().serialize("t", in);
      assertThat(serde.deserializer().deserialize("t", bytes)).isEqualTo(in);
    }
    byte[] json =
        "{\"use\":{\"storeKey\":\"k\",\"row\":{\"project\":\"pay\",\"version\":\"1\",\"direct\":false}}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(serde.deserializer().deserialize("t", json))
        .isEqualTo(
            new Input(new PackageUseChange("k", new PackageUseRow("pay", "1", false, null)), null));
  }

  private static Record<String, ComponentEvent> record(ComponentEvent e) {
    return new Record<>(e.getProjectId(), e, 0L);
  }

  private static List<Object> values(MockProcessorContext<String, Object> context) {
    return context.forwarded().stream().map(f -> (Object) f.record().value()).toList();
  }
}
