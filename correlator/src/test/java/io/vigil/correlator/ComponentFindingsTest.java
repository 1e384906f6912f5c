package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.Fixtures.LOG4J_KEY;
import static io.vigil.correlator.Fixtures.LOG4J_PURL;
import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.Component;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.Fix;
import io.vigil.events.v1.FixChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A component's findings worked out once ({@link ComponentFindings}) give what evaluating each
 * advisory and computing each fix from scratch ({@link Matching}) gives.
 */
class ComponentFindingsTest {
  private static final Instant T = Instant.parse("2021-12-10T00:00:00Z");
  private static final String SHARD = StoreKeys.shardKey(LOG4J_KEY, 0);

  // Log4Shell's chain: 2.15.0 fixes the first, 2.16.0 the second, 2.17.1 the third
  private static final Advisory A =
      Fixtures.advisory("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), T)
          .range(LOG4J, "2.0.0", "2.15.0")
          .build();
  private static final Advisory B =
      Fixtures.advisory("GHSA-7rjr-3q55-vv33", List.of("CVE-2021-45046"), T)
          .range(LOG4J, "2.0.0", "2.16.0")
          .build();
  private static final Advisory C =
      Fixtures.advisory("GHSA-8489-44mv-ggj8", List.of("CVE-2021-44832"), T)
          .range(LOG4J, "2.0.0", "2.17.1")
          .build();
  private static final Advisory UNRELATED =
      Fixtures.advisory("GHSA-old", List.of(), T).range(LOG4J, "1.0.0", "1.2.0").build();

  @Test
  void findsTheAffectingAdvisoriesInOrderWithTheFixesComputedFromScratch() {
    Component log4j = component("2.14.1");
    List<Advisory> shard = List.of(A, UNRELATED, B, C);

    ComponentFindings findings = ComponentFindings.of(log4j, SHARD, shard);

    assertThat(findings.found())
        .extracting(f -> f.advisory().getId())
        .containsExactly(A.getId(), B.getId(), C.getId());
    List<List<AffectedPackage>> affecting = new ArrayList<>();
    for (ComponentFindings.Found f : findings.found()) {
      List<AffectedPackage> entries = ShardContext.entries(f.advisory(), SHARD);
      assertThat(f.finding()).isEqualTo(Matching.evaluate(log4j, entries));
      assertThat(findings.fix(f)).isEqualTo(Matching.fix(log4j, List.of(entries)));
      affecting.add(entries);
    }
    assertThat(findings.componentFix())
        .isEqualTo(Matching.fix(log4j, affecting))
        .isEqualTo(new Fix("2.17.1", "2.17.1", FixChange.MINOR, false));
  }

  @Test
  void theOnlyFindingsFixIsTheComponentFix() {
    Component log4j = component("2.16.0");

    ComponentFindings findings = ComponentFindings.of(log4j, SHARD, List.of(A, B, C));

    assertThat(findings.found())
        .singleElement()
        .satisfies(f -> assertThat(f.advisory()).isEqualTo(C));
    ComponentFindings.Found only = findings.found().get(0);
    assertThat(findings.fix(only))
        .isEqualTo(findings.componentFix())
        .isEqualTo(Matching.fix(log4j, List.of(ShardContext.entries(C, SHARD))))
        .isEqualTo(new Fix("2.17.1", "2.17.1", FixChange.MINOR, false));
  }

  @Test
  void aComponentNoAdvisoryAffectsHasNoFindingAndNoFix() {
    ComponentFindings findings =
        ComponentFindings.of(component("2.17.1"), SHARD, List.of(A, B, C, UNRELATED));

    assertThat(findings.isEmpty()).isTrue();
    assertThat(findings.componentFix()).isNull();
  }

  @Test
  void aComponentWithoutAnEngineIdentityHasNoFinding() {
    Component noPurl = Component.newBuilder(component("2.14.1")).setPurl("not a purl").build();

    assertThat(ComponentFindings.of(noPurl, SHARD, List.of(A, B, C)).isEmpty()).isTrue();
  }

  @Test
  void theShardPreparedOnceGivesTheSameFindingsAndFixes() {
    List<Advisory> shard = List.of(A, UNRELATED, B, C);
    List<ComponentFindings.Prepared> prepared = ComponentFindings.prepare(SHARD, shard);
    for (String version : List.of("2.14.1", "2.15.0", "2.16.0", "2.17.1", "1.1.0")) {
      Component log4j = component(version);

      ComponentFindings once = ComponentFindings.of(Matching.identity(log4j), prepared);
      ComponentFindings scratch = ComponentFindings.of(log4j, SHARD, shard);

      assertThat(once.found()).isEqualTo(scratch.found());
      assertThat(once.componentFix()).isEqualTo(scratch.componentFix());
      for (ComponentFindings.Found f : scratch.found()) {
        assertThat(once.foundOf(f.advisory())).isEqualTo(f);
        assertThat(once.fix(once.foundOf(f.advisory()))).isEqualTo(scratch.fix(f));
      }
    }
    assertThat(
            ComponentFindings.of(Matching.identity(component("2.14.1")), prepared)
                .foundOf(
                    Fixtures.advisory("GHSA-other", List.of(), T)
                        .range(LOG4J, "2.0.0", "2.15.0")
                        .build()))
        .isNull();
  }

  private static Component component(String version) {
    return Fixtures.component("p", LOG4J_PURL + version, ComponentChange.ADDED, "s1")
        .getComponent();
  }
}
