package io.vigil.core.schedule;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;

/**
 * When a weekly thing is due: a day of the week and an hour (UTC). Pure. A week is named by its ISO
 * week ({@code 2026-W50}), which is how the delivery log remembers what was sent.
 */
public record WeeklySlot(DayOfWeek day, int hourUtc) {
  /** The latest slot at or before {@code now}. */
  public Instant latestAtOrBefore(Instant now) {
    ZonedDateTime t = now.atZone(ZoneOffset.UTC);
    ZonedDateTime slot =
        t.with(TemporalAdjusters.previousOrSame(day))
            .withHour(hourUtc)
            .withMinute(0)
            .withSecond(0)
            .withNano(0);
    if (slot.isAfter(t)) {
      slot = slot.minusWeeks(1);
    }
    return slot.toInstant();
  }

  /** The first slot after {@code now}. */
  public Instant next(Instant now) {
    return latestAtOrBefore(now).plus(Duration.ofDays(7));
  }

  /** The ISO week of a slot: {@code 2026-W50}. */
  public static String week(Instant slot) {
    ZonedDateTime t = slot.atZone(ZoneOffset.UTC);
    return String.format(
        "%d-W%02d", t.get(IsoFields.WEEK_BASED_YEAR), t.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
  }
}
