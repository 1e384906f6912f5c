package io.vigil.sbom.triage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisChange;
import io.vigil.core.triage.AnalysisScope;
import io.vigil.core.triage.AnalysisState;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class AnalysisViewTest {
  private static final Instant NOW = Instant.parse("2026-12-01T10:00:00Z");

  @Test
  void shouldKeepTheCurrentDecisionAndEveryChangeOnceWhenTheSameChangeArrivesTwice() {
    AnalysisView view = new AnalysisView();
    Analysis first =
        Analysis.builder(AnalysisScope.project("shop", null), "CVE-1", AnalysisState.IN_TRIAGE)
            .author("a")
            .decidedAt(NOW)
            .build();
    Analysis second =
        first.toBuilder().state(AnalysisState.NOT_AFFECTED).decidedAt(NOW.plusSeconds(1)).build();

    view.put(first.key(), first);
    view.record("c1", AnalysisChange.set(null, first));
    view.put(second.key(), second);
    view.record("c2", AnalysisChange.set(first, second));
    boolean again = view.record("c2", AnalysisChange.set(first, second));

    assertThat(again).isFalse();
    assertThat(view.get(first.key())).contains(second);
    assertThat(view.history(first.key()))
        .extracting(c -> c.analysis().state())
        .containsExactly(AnalysisState.IN_TRIAGE, AnalysisState.NOT_AFFECTED);
    assertThat(view.deletedKeys()).isEmpty();

    view.put(first.key(), null);
    view.record("c3", AnalysisChange.deleted(second, "b", NOW.plusSeconds(2), "wrong project"));

    assertThat(view.get(first.key())).isEmpty();
    assertThat(view.current(a -> true)).isEmpty();
    assertThat(view.deletedKeys()).containsExactly(first.key());
    assertThat(view.history(first.key())).hasSize(3);
  }
}
