package io.vigil.correlator;

import java.time.DayOfWeek;

/**
 * The weekly portfolio fix plan's partials (config section {@code correlator.fixPlanDigest}; every
 * key optional): each package-shard task folds its partition of {@code exposures-store} once per
 * ISO week, at the slot, and sends it to {@code vigil.fixplan.partials.v1} for alerting's digest.
 *
 * <pre>
 * correlator:
 *   fixPlanDigest:
 *     enabled: true   # default false: opt-in, with alerting.fixPlanDigest
 *     day: MONDAY     # default MONDAY
 *     hourUtc: 6      # default 6 (06:00 UTC)
 * </pre>
 *
 * @param enabled whether the tasks send the partials; default false
 * @param day the day of the week of the slot; default MONDAY
 * @param hourUtc the hour (UTC) of the slot; default 6
 */
public record FixPlanDigestConfig(Boolean enabled, DayOfWeek day, Integer hourUtc) {
  public static final FixPlanDigestConfig DEFAULTS = new FixPlanDigestConfig(null, null, null);

  public FixPlanDigestConfig {
    enabled = enabled != null && enabled;
    day = day == null ? DayOfWeek.MONDAY : day;
    hourUtc = hourUtc == null ? 6 : hourUtc;
    if (hourUtc < 0 || hourUtc > 23) {
      throw new IllegalArgumentException("correlator.fixPlanDigest.hourUtc must be 0-23");
    }
  }
}
