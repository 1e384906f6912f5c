package io.vigil.alerting.feeds;

import io.vigil.alerting.render.Notice;
import io.vigil.core.feeds.FeedFreshness;
import io.vigil.events.v1.FeedStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Pure: when to send FEED_STALE. Keeps the last {@link FeedStatus} of every source and judges it
 * with core's {@link FeedFreshness} at alerting's own time (with the cadence of {@link
 * FeedAlertsConfig}, and the run interval the status carries), so a source whose writer died turns
 * stale too. A <b>staleness episode</b> starts when a source is judged STALE and ends when it is
 * judged FRESH: one FEED_STALE notice at its start, one FEED_RECOVERED note at its end (when {@code
 * recovery}). UNKNOWN (nothing run yet) neither starts nor ends an episode. Which episodes were
 * announced is restored after a restart ({@link #restore}), so a restart does not announce one
 * again.
 */
public final class FeedStaleRule {
  public static final String STALE = "FEED_STALE";
  public static final String RECOVERED = "FEED_RECOVERED";

  private final FeedAlertsConfig config;
  private final Map<String, FeedStatus> last = new TreeMap<>();
  private final Map<String, Instant> staleSince = new LinkedHashMap<>();

  public FeedStaleRule(FeedAlertsConfig config) {
    this.config = config;
  }

  /** An episode announced before a restart: {@code since} is when it was announced. */
  public void restore(String source, Instant since) {
    staleSince.put(source, since);
  }

  /** The sources in an announced, not yet ended, staleness episode. */
  public Map<String, Instant> openEpisodes() {
    return Map.copyOf(staleSince);
  }

  /** A new status of a source: judged at once. */
  public List<Notice> observe(FeedStatus status, Instant now) {
    last.put(status.getSource(), status);
    List<Notice> out = new ArrayList<>();
    judge(status.getSource(), now, out);
    return out;
  }

  /** Every source's last status judged again at {@code now}. */
  public List<Notice> judgeAll(Instant now) {
    List<Notice> out = new ArrayList<>();
    for (String source : last.keySet()) {
      judge(source, now, out);
    }
    return out;
  }

  private void judge(String source, Instant now, List<Notice> out) {
    FeedStatus s = last.get(source);
    Duration cadence =
        config.cadenceOf(source, Duration.ofSeconds(Math.max(1, s.getExpectedCadenceSeconds())));
    FeedFreshness.Verdict v =
        FeedFreshness.evaluate(
            new FeedFreshness.Observation(
                s.getLastSuccessAt(),
                s.getLastFailureAt(),
                s.getNewestRecordAt(),
                cadence,
                s.getRunIntervalSeconds() == null
                    ? null
                    : Duration.ofSeconds(s.getRunIntervalSeconds())),
            now);
    boolean open = staleSince.containsKey(source);
    if (v.state() == FeedFreshness.State.STALE && !open) {
      staleSince.put(source, now);
      out.add(stale(s, v, cadence, now));
    } else if (v.state() == FeedFreshness.State.FRESH && open) {
      Instant since = staleSince.remove(source);
      if (config.recovery()) {
        out.add(recovered(s, since, now));
      }
    }
  }

  private static Notice stale(
      FeedStatus s, FeedFreshness.Verdict v, Duration cadence, Instant now) {
    List<String> lines = new ArrayList<>(v.reasons());
    lines.add(
        "last successful update: "
            + (s.getLastSuccessAt() == null ? "never" : s.getLastSuccessAt().toString()));
    if (s.getNewestRecordAt() != null) {
      lines.add("newest record: " + s.getNewestRecordAt());
    }
    if (s.getLastError() != null
        && (s.getLastSuccessAt() == null
            || (s.getLastFailureAt() != null
                && s.getLastFailureAt().isAfter(s.getLastSuccessAt())))) {
      lines.add("last error: " + s.getLastError());
    }
    lines.add(
        "until it recovers, advisories published upstream since then produce no exposures here");
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("source", s.getSource());
    facts.put("state", "STALE");
    facts.put("reasons", v.reasons());
    facts.put("expectedCadenceSeconds", cadence.getSeconds());
    if (s.getLastSuccessAt() != null) {
      facts.put("lastSuccessAt", s.getLastSuccessAt().toString());
    }
    if (s.getNewestRecordAt() != null) {
      facts.put("newestRecordAt", s.getNewestRecordAt().toString());
    }
    return new Notice(
        STALE,
        deliveryId(STALE, s.getSource(), now),
        "FEED_STALE: advisory feed " + s.getSource() + " is stale",
        lines,
        facts,
        now);
  }

  private static Notice recovered(FeedStatus s, Instant since, Instant now) {
    List<String> lines = new ArrayList<>();
    lines.add(
        "stale for "
            + FeedFreshness.human(Duration.between(since, now))
            + " (since "
            + since
            + ")");
    if (s.getNewestRecordAt() != null) {
      lines.add("newest record: " + s.getNewestRecordAt());
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("source", s.getSource());
    facts.put("state", "FRESH");
    facts.put("staleSince", since.toString());
    return new Notice(
        RECOVERED,
        deliveryId(RECOVERED, s.getSource(), since),
        "Advisory feed " + s.getSource() + " is fresh again",
        lines,
        facts,
        now);
  }

  /** {@code FEED_STALE|osv|<episode start>}: the same episode, the same id. */
  static String deliveryId(String kind, String source, Instant episode) {
    return kind + "|" + source + "|" + episode.toEpochMilli();
  }
}
