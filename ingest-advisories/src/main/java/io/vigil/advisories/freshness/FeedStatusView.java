package io.vigil.advisories.freshness;

import io.vigil.core.feeds.FeedFreshness;
import io.vigil.events.v1.FeedStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Feed statuses for people and APIs, each re-judged at the reader's "now" with core's rule (a
 * status whose writer stopped still turns stale). Pure.
 */
public final class FeedStatusView {
  private FeedStatusView() {}

  /** The verdict of a published status at {@code now}. */
  public static FeedFreshness.Verdict judge(FeedStatus s, Instant now) {
    return FeedFreshness.evaluate(
        new FeedFreshness.Observation(
            s.getLastSuccessAt(),
            s.getLastFailureAt(),
            s.getNewestRecordAt(),
            Duration.ofSeconds(Math.max(1, s.getExpectedCadenceSeconds())),
            s.getRunIntervalSeconds() == null
                ? null
                : Duration.ofSeconds(s.getRunIntervalSeconds())),
        now);
  }

  /** {@code GET /api/v1/feeds}: {@code {"sources": [...]}}. */
  public static Map<String, Object> json(List<FeedStatus> statuses, Instant now) {
    List<Map<String, Object>> sources =
        statuses.stream()
            .map(
                s -> {
                  FeedFreshness.Verdict v = judge(s, now);
                  Map<String, Object> m = new LinkedHashMap<>();
                  m.put("source", s.getSource());
                  m.put("state", v.state().name());
                  m.put("reasons", v.reasons());
                  m.put("lastSuccessAt", text(s.getLastSuccessAt()));
                  m.put("sinceSuccessSeconds", seconds(v.sinceSuccess()));
                  m.put("newestRecordAt", text(s.getNewestRecordAt()));
                  m.put("sinceNewestRecordSeconds", seconds(v.sinceNewestRecord()));
                  m.put("expectedCadenceSeconds", s.getExpectedCadenceSeconds());
                  m.put("runIntervalSeconds", s.getRunIntervalSeconds());
                  m.put("lastFailureAt", text(s.getLastFailureAt()));
                  m.put("lastError", s.getLastError());
                  m.put("checkedAt", text(s.getCheckedAt()));
                  return m;
                })
            .toList();
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("generatedAt", now.toString());
    out.put("sources", sources);
    return out;
  }

  /** One line per source: {@code osv FRESH last success 12m ago, newest record 40m old}. */
  public static String line(FeedStatus s, Instant now) {
    FeedFreshness.Verdict v = judge(s, now);
    StringBuilder b =
        new StringBuilder(String.format("%-6s %-7s", s.getSource(), v.state().name()));
    b.append(
        v.sinceSuccess() == null
            ? " never succeeded"
            : " last success " + FeedFreshness.human(v.sinceSuccess()) + " ago");
    if (v.sinceNewestRecord() != null) {
      b.append(", newest record ")
          .append(FeedFreshness.human(v.sinceNewestRecord()))
          .append(" old");
    }
    b.append(" (expected every ")
        .append(FeedFreshness.human(Duration.ofSeconds(s.getExpectedCadenceSeconds())))
        .append(')');
    if (!v.reasons().isEmpty()) {
      b.append(": ").append(String.join("; ", v.reasons()));
    }
    if (s.getLastError() != null
        && s.getLastFailureAt() != null
        && (s.getLastSuccessAt() == null || s.getLastFailureAt().isAfter(s.getLastSuccessAt()))) {
      b.append(" [last error: ").append(s.getLastError()).append(']');
    }
    return b.toString();
  }

  private static String text(Instant t) {
    return t == null ? null : t.toString();
  }

  private static Long seconds(Duration d) {
    return d == null ? null : d.getSeconds();
  }
}
