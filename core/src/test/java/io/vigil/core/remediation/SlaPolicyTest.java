package io.vigil.core.remediation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.ssvc.SsvcOutcome;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class SlaPolicyTest {
  private static final Instant SEEN = Instant.parse("2021-12-10T10:00:00Z");
  private static final SlaPolicy P = SlaPolicy.DEFAULTS;

  @Test
  void shouldGiveEachSeverityItsTargetFromFirstSeen() {
    assertThat(P.dueAt(SEEN, "CRITICAL", null, null))
        .isEqualTo(new SlaPolicy.Due(SEEN.plus(Duration.ofDays(7)), "severity CRITICAL: 7 days"));
    assertThat(P.dueAt(SEEN, "high", null, null).at()).isEqualTo(SEEN.plus(Duration.ofDays(30)));
    assertThat(P.dueAt(SEEN, "MODERATE", null, null).at())
        .as("core's word table: MODERATE is MEDIUM")
        .isEqualTo(SEEN.plus(Duration.ofDays(90)));
    assertThat(P.dueAt(SEEN, "LOW", null, null).at()).isEqualTo(SEEN.plus(Duration.ofDays(180)));
    assertThat(P.dueAt(SEEN, null, null, null))
        .isEqualTo(
            new SlaPolicy.Due(SEEN.plus(Duration.ofDays(180)), "severity unrated: 180 days"));
  }

  @Test
  void shouldTakeTheSsvcTargetWhenSoonerThanTheSeverity() {
    assertThat(P.dueAt(SEEN, "MEDIUM", SsvcOutcome.ACT, null))
        .isEqualTo(new SlaPolicy.Due(SEEN.plus(Duration.ofDays(7)), "SSVC Act: 7 days"));
    assertThat(P.dueAt(SEEN, "LOW", SsvcOutcome.ATTEND, null).basis())
        .isEqualTo("SSVC Attend: 30 days");
    assertThat(P.dueAt(SEEN, "CRITICAL", SsvcOutcome.ATTEND, null).basis())
        .as("the severity's 7 days are sooner")
        .isEqualTo("severity CRITICAL: 7 days");
    assertThat(P.dueAt(SEEN, "MEDIUM", SsvcOutcome.TRACK_STAR, null).basis())
        .as("Track* means standard timelines")
        .isEqualTo("severity MEDIUM: 90 days");
  }

  @Test
  void shouldUseTheKevDueDateOnlyWhenEarlier() {
    // Log4Shell: added 2021-12-10, due 2021-12-24: the end of the 24th is later than 7 days
    assertThat(P.dueAt(SEEN, "CRITICAL", null, LocalDate.parse("2021-12-24")).basis())
        .isEqualTo("severity CRITICAL: 7 days");
    assertThat(P.dueAt(SEEN, "HIGH", null, LocalDate.parse("2021-12-24")))
        .isEqualTo(
            new SlaPolicy.Due(Instant.parse("2021-12-25T00:00:00Z"), "KEV due date 2021-12-24"));
    SlaPolicy noKev = new SlaPolicy(7, 30, 90, 180, 180, 7, 30, false);
    assertThat(noKev.dueAt(SEEN, "HIGH", null, LocalDate.parse("2021-12-24")).basis())
        .isEqualTo("severity HIGH: 30 days");
  }

  @Test
  void shouldRefuseATargetOutOfRangeNamingIt() {
    assertThatThrownBy(() -> new SlaPolicy(0, 30, 90, 180, 180, 7, 30, true))
        .hasMessageContaining("remediation.criticalDays must be 1-3650 days, not 0");
    assertThat(
            new SlaPolicy(7, 30, 90, 180, 180, 0, 0, true)
                .dueAt(SEEN, "LOW", SsvcOutcome.ACT, null)
                .basis())
        .as("0: no SSVC target")
        .isEqualTo("severity LOW: 180 days");
  }
}
