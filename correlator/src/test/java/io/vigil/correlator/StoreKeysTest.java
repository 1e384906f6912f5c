package io.vigil.correlator;

import static io.vigil.correlator.CorrelatorDriver.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.ExposureEvent;
import java.nio.file.Path;
import java.util.List;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store keys are unambiguous whatever their parts contain: the correlator's separators (U+001F,
 * U+001E) and its escape character (U+001D) inside a purl, a project or an id cannot make two keys
 * meet or one key fall under another's prefix. Keys of ordinary identifiers are unchanged.
 */
class StoreKeysTest {
  private static final String A = "pkg:npm/sep-pkg@1.5.0?a=x";
  private static final String B = A + "\u001fFAKE";
  @TempDir Path stateDir;

  @Test
  void shouldKeepAnotherPurlsExposureOpenWhenOnePurlIsAnotherPlusASeparator() {
    try (CorrelatorDriver pipeline =
        new CorrelatorDriver(stateDir, CorrelatorConfig.defaults(), Correlation.Probe.NONE)) {
      pipeline.sbom("shop", A, ComponentChange.ADDED);
      pipeline.sbom("shop", B, ComponentChange.ADDED);
      pipeline.publish(
          Fixtures.advisory("GHSA-sep", List.of(), T0)
              .range("npm", "sep-pkg", "1.0.0", "2.0.0")
              .build());
      assertThat(pipeline.events())
          .containsExactlyInAnyOrder(
              "shop " + A + " GHSA-sep NEW NEW_ADVISORY",
              "shop " + B + " GHSA-sep NEW NEW_ADVISORY");

      // the next SBOM ships B only: A is removed
      pipeline.sbom("shop", A, ComponentChange.REMOVED);

      assertThat(pipeline.events())
          .as("only A is resolved; B is still shipped")
          .containsExactly("shop " + A + " GHSA-sep RESOLVED COMPONENT_REMOVED");
      KeyValueStore<String, ExposureEvent> exposures =
          pipeline.store(CorrelatorTopology.EXPOSURES_STORE);
      assertThat(exposures.get(StoreKeys.exposure("shop", B, "GHSA-sep"))).isNotNull();
      assertThat(exposures.get(StoreKeys.exposure("shop", A, "GHSA-sep"))).isNull();

      pipeline.sbom("shop", B, ComponentChange.REMOVED);
      assertThat(pipeline.events())
          .containsExactly("shop " + B + " GHSA-sep RESOLVED COMPONENT_REMOVED");
    }
  }

  @Test
  void shouldNeverMatchAnotherKeysPrefixWhateverThePartsContain() {
    List<String> hostile =
        List.of("a", "a\u001f", "a\u001fb", "a\u001e", "a\u001d", "a\u001d1", "\u001d", "", "b");
    for (String p1 : hostile) {
      for (String p2 : hostile) {
        for (String q1 : hostile) {
          for (String q2 : hostile) {
            String key = StoreKeys.exposure(p1, p2, "X");
            boolean same = p1.equals(q1) && p2.equals(q2);
            assertThat(key.startsWith(StoreKeys.prefix(q1, q2)))
                .as("%s under prefix (%s, %s)", List.of(p1, p2), q1, q2)
                .isEqualTo(same);
            assertThat(key.startsWith(StoreKeys.prefix(q1)))
                .as("%s under prefix (%s)", List.of(p1, p2), q1)
                .isEqualTo(p1.equals(q1));
          }
        }
        assertThat(StoreKeys.parts(StoreKeys.exposure(p1, p2, "X"))).containsExactly(p1, p2, "X");
      }
    }
  }

  @Test
  void shouldGiveEveryPackageItsOwnShardKeyAndReadItBack() {
    for (String pkg :
        List.of("npm/a", "npm/a\u001e0", "npm/a\u001f", "npm/a\u001d2", "npm/\u001d")) {
      String shard = StoreKeys.shardKey(pkg, 3);
      assertThat(StoreKeys.packageOf(shard)).isEqualTo(pkg);
      assertThat(shard).doesNotContain(String.valueOf(StoreKeys.SEP));
      assertThat(StoreKeys.component(shard, "p", "x").startsWith(StoreKeys.prefix(shard))).isTrue();
    }
    assertThat(StoreKeys.shardKey("npm/a\u001e0", 1)).isNotEqualTo(StoreKeys.shardKey("npm/a", 0));
  }

  @Test
  void shouldWriteOrdinaryKeysAsBeforeWhenNoPartHoldsAControlCharacter() {
    assertThat(StoreKeys.exposure("shop", "pkg:npm/a@1", "GHSA-1"))
        .isEqualTo("shop\u001fpkg:npm/a@1\u001fGHSA-1");
    assertThat(StoreKeys.component(StoreKeys.shardKey("npm/a", 2), "shop", "pkg:npm/a@1"))
        .isEqualTo("npm/a\u001e2\u001fshop\u001fpkg:npm/a@1");
    assertThat(StoreKeys.prefix("shop")).isEqualTo("shop\u001f");
    assertThat(Exposures.exposureId("shop", "pkg:npm/a@1", "GHSA-1"))
        .as("exposure ids of ordinary identifiers are unchanged")
        .isEqualTo(Exposures.sha256("shop\u001fpkg:npm/a@1\u001fGHSA-1").substring(0, 32));
    assertThat(Exposures.exposureId("a", "b\u001fc", "d"))
        .isNotEqualTo(Exposures.exposureId("a\u001fb", "c", "d"));
  }
}
