package io.vigil.core.schedule;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class WeeklySlotTest {
  private final WeeklySlot monday8 = new WeeklySlot(DayOfWeek.MONDAY, 8);

  @Test
  void shouldFindTheLatestSlotAtOrBeforeNowAndTheNextOne() {
    Instant wednesday = Instant.parse("2026-12-09T12:00:00Z");

    assertThat(monday8.latestAtOrBefore(wednesday))
        .isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
    assertThat(monday8.next(wednesday)).isEqualTo(Instant.parse("2026-12-14T08:00:00Z"));
    assertThat(monday8.latestAtOrBefore(Instant.parse("2026-12-07T07:59:59Z")))
        .isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
  }

  @Test
  void shouldNameTheSlotByItsIsoWeek() {
    assertThat(WeeklySlot.week(Instant.parse("2026-12-07T08:00:00Z"))).isEqualTo("2026-W50");
    assertThat(WeeklySlot.week(Instant.parse("2027-01-01T08:00:00Z"))).isEqualTo("2026-W53");
  }
}
