package io.vigil.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RemediationClockTest {
  private static final Instant SEEN = Instant.parse("2021-12-10T10:00:00Z");
  private static final SlaPolicy.Due DUE =
      new SlaPolicy.Due(SEEN.plus(Duration.ofDays(7)), "severity CRITICAL: 7 days");

  @Test
  void shouldRunWhileOpenAndTurnOverdueAfterTheDueDateOnly() {
    RemediationClock c = RemediationClock.open(SEEN, DUE);

    assertThat(c.exposedFor(SEEN.plus(Duration.ofDays(3)))).isEqualTo(Duration.ofDays(3));
    assertThat(c.overdue(DUE.at())).as("due at that instant: not yet late").isFalse();
    assertThat(c.overdue(DUE.at().plusSeconds(1))).isTrue();
    assertThat(c.lateBy(DUE.at().plus(Duration.ofDays(2)))).isEqualTo(Duration.ofDays(2));
    assertThat(c.timeToFix()).isNull();
  }

  @Test
  void shouldMeasureTheTimeToFixOfAnUpgradeAndStopTheClock() {
    Instant fixedAt = SEEN.plus(Duration.ofDays(12));
    RemediationClock c = new RemediationClock(SEEN, DUE, fixedAt, true);

    assertThat(c.timeToFix()).isEqualTo(Duration.ofDays(12));
    assertThat(c.exposedFor(fixedAt.plus(Duration.ofDays(30)))).isEqualTo(Duration.ofDays(12));
    assertThat(c.overdue(fixedAt.plus(Duration.ofDays(30)))).as("closed: never overdue").isFalse();
    assertThat(c.lateBy(fixedAt.plus(Duration.ofDays(30)))).isEqualTo(Duration.ofDays(5));
    assertThat(c.fixedInTime()).isFalse();
    assertThat(new RemediationClock(SEEN, DUE, SEEN.plus(Duration.ofDays(6)), true).fixedInTime())
        .isTrue();
  }

  @Test
  void shouldNotCallAWithdrawnAdvisoryAFix() {
    RemediationClock c = new RemediationClock(SEEN, DUE, SEEN.plus(Duration.ofDays(2)), false);

    assertThat(c.timeToFix()).isNull();
    assertThat(c.fixedInTime()).isFalse();
    assertThat(c.exposedFor(SEEN.plus(Duration.ofDays(9)))).isEqualTo(Duration.ofDays(2));
  }
}
