package io.vigil.correlator.history;

/**
 * One fixed exposure, as {@code fixed-exposures-store} keeps it: the value of its RESOLVED event of
 * an upgrade or removal ({@code COMPONENT_REMOVED}), reduced to what the time-to-fix answer needs.
 * Epoch milliseconds, so the correlator's JSON store serde reads it without a time module.
 *
 * @param severity the advisory's rating as the portfolio summary counts it (CRITICAL, HIGH, MEDIUM,
 *     LOW, UNKNOWN)
 * @param kev whether the vulnerability was in CISA KEV when it was fixed
 * @param firstSeenAt when the exposure was first seen (its events' {@code firstSeenAt})
 * @param fixedAt when it was fixed (the RESOLVED event's trigger: the SBOM without it received)
 */
public record FixedExposure(String severity, boolean kev, long firstSeenAt, long fixedAt) {

  /** Time to fix in seconds; zero when the clocks disagree. */
  public long seconds() {
    return Math.max(0, (fixedAt - firstSeenAt) / 1000);
  }
}
