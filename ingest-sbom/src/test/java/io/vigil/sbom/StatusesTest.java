package io.vigil.sbom;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StatusesTest {

  @Test
  void shouldKeepAllLinesWhenTheyFit() {
    List<String> lines = List.of("a", "b", "c");

    assertThat(Statuses.bounded(lines, 3, 1_000)).containsExactly("a", "b", "c");
  }

  @Test
  void shouldCutAtTheLineCountAndSaySo() {
    assertThat(Statuses.bounded(List.of("a", "b", "c", "d"), 3, 1_000))
        .containsExactly("a", "b", "2 more lines not listed (status size limit)");
  }

  @Test
  void shouldCutAtTheByteBudgetWhateverTheLinesContain() {
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      lines.add("é".repeat(600));
    }

    List<String> kept = Statuses.bounded(lines, 1_001, Statuses.MAX_LINES_BYTES);

    long bytes = kept.stream().mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length).sum();
    assertThat(bytes).isLessThanOrEqualTo(Statuses.MAX_LINES_BYTES);
    assertThat(kept.get(kept.size() - 1)).endsWith("more lines not listed (status size limit)");
  }
}
