package io.vigil.correlator.history;

import java.util.List;

/**
 * One partition's open exposures on one day, as {@code open-exposures-daily-store} keeps it (key:
 * the UTC day, {@code 2026-12-08}): the last snapshot taken that day of that partition of {@code
 * exposures-store}. Summed over the partitions, the portfolio's count that day.
 *
 * @param bySeverity open, unsuppressed exposures by severity, in the order of {@link
 *     TimeToFix#SEVERITIES}
 * @param kev those of them in CISA KEV
 * @param suppressed exposures a triage decision suppresses (not open)
 * @param takenAt when the snapshot was taken (epoch milliseconds)
 */
public record DailyOpen(List<Long> bySeverity, long kev, long suppressed, long takenAt) {

  public DailyOpen {
    bySeverity = List.copyOf(bySeverity);
  }

  public long open() {
    return bySeverity.stream().mapToLong(Long::longValue).sum();
  }
}
