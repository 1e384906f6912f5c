package io.vigil.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EpssRescoreBenchTest {
  @Test
  void shouldMoveExactlyEveryTwentiethCveMateriallyAndKeepTheOthersBelowTheThreshold() {
    int material = 0;
    for (int i = 0; i < 300_000; i++) {
      double before = EpssRescoreBench.day0(i);
      double after = EpssRescoreBench.day1(i);
      assertThat(before).isBetween(0.001, 0.05);
      if (i % EpssRescoreBench.MOVED == 0) {
        assertThat(after - before).isGreaterThanOrEqualTo(0.1); // correlator.epssMaterialDelta
        assertThat(after).isGreaterThanOrEqualTo(0.1); // the SSVC poc threshold
        material++;
      } else {
        assertThat(Math.abs(after - before)).isLessThan(0.005);
        assertThat(after).isLessThan(0.1);
      }
    }
    assertThat(material).isEqualTo(15_000);
  }
}
