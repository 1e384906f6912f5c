package io.vigil.core.feeds;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The one rule for whether an advisory feed is stale: a source is <b>stale</b> when it is older
 * than twice its expected cadence, in either of two ways:
 *
 * <ol>
 *   <li>its last successful update is older than twice the interval it runs at (the fetch fails, or
 *       the service stopped running it), or it has failed and never succeeded;
 *   <li>its newest record is older than twice the feed's expected cadence (the fetch succeeds, but
 *       the feed itself stopped publishing: osv.dev stalled for 8 hours in August 2026).
 * </ol>
 *
 * Pure: ingest-advisories applies it when it publishes a source's status, and any reader of the
 * status (alerting, the CLI) applies it again at its own "now", so a status whose writer died still
 * turns stale.
 */
public final class FeedFreshness {
  private FeedFreshness() {}

  /** FRESH, STALE, or UNKNOWN (never run, nothing published). */
  public enum State {
    FRESH,
    STALE,
    UNKNOWN
  }

  /**
   * What is known about one source.
   *
   * @param lastSuccessAt the end of its last successful run, or null
   * @param lastFailureAt the end of its last failed run, or null
   * @param newestRecordAt the newest record's time (OSV {@code modified}, NVD {@code lastModified},
   *     KEV {@code dateAdded}, EPSS score date), or null when unknown
   * @param expectedCadence how often the feed itself publishes something new
   * @param runInterval how often the source is run, or null when it runs once (then only the newest
   *     record can make it stale)
   */
  public record Observation(
      Instant lastSuccessAt,
      Instant lastFailureAt,
      Instant newestRecordAt,
      Duration expectedCadence,
      Duration runInterval) {
    public Observation {
      if (expectedCadence == null || expectedCadence.isNegative() || expectedCadence.isZero()) {
        throw new IllegalArgumentException("expectedCadence must be positive");
      }
    }
  }

  /**
   * The verdict at {@code now}.
   *
   * @param state the state
   * @param reasons why it is stale (empty unless STALE), e.g. {@code newest record 9h ago, expected
   *     every 1h}
   * @param sinceSuccess time since the last success, or null
   * @param sinceNewestRecord time since the newest record, or null
   */
  public record Verdict(
      State state, List<String> reasons, Duration sinceSuccess, Duration sinceNewestRecord) {
    public Verdict {
      reasons = List.copyOf(reasons);
    }
  }

  public static Verdict evaluate(Observation o, Instant now) {
    Duration sinceSuccess = o.lastSuccessAt() == null ? null : age(o.lastSuccessAt(), now);
    Duration sinceNewest = o.newestRecordAt() == null ? null : age(o.newestRecordAt(), now);
    List<String> reasons = new ArrayList<>();
    if (o.lastSuccessAt() == null && o.lastFailureAt() != null) {
      reasons.add(
          "has never succeeded (last failure " + human(age(o.lastFailureAt(), now)) + " ago)");
    } else if (sinceSuccess != null
        && o.runInterval() != null
        && sinceSuccess.compareTo(o.runInterval().multipliedBy(2)) > 0) {
      reasons.add(
          "last successful update "
              + human(sinceSuccess)
              + " ago, runs every "
              + human(o.runInterval()));
    }
    if (sinceNewest != null && sinceNewest.compareTo(o.expectedCadence().multipliedBy(2)) > 0) {
      reasons.add(
          "newest record "
              + human(sinceNewest)
              + " old, the feed publishes about every "
              + human(o.expectedCadence()));
    }
    State state;
    if (!reasons.isEmpty()) {
      state = State.STALE;
    } else if (o.lastSuccessAt() == null && o.newestRecordAt() == null) {
      state = State.UNKNOWN;
    } else {
      state = State.FRESH;
    }
    return new Verdict(state, reasons, sinceSuccess, sinceNewest);
  }

  private static Duration age(Instant then, Instant now) {
    Duration d = Duration.between(then, now);
    return d.isNegative() ? Duration.ZERO : d;
  }

  /** {@code 45s}, {@code 12m}, {@code 9h 5m}, {@code 3d 4h}. */
  public static String human(Duration d) {
    long s = d.getSeconds();
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return (s / 60) + "m";
    }
    if (s < 86_400) {
      long m = (s % 3600) / 60;
      return (s / 3600) + "h" + (m == 0 ? "" : " " + m + "m");
    }
    long h = (s % 86_400) / 3600;
    return (s / 86_400) + "d" + (h == 0 ? "" : " " + h + "h");
  }
}
