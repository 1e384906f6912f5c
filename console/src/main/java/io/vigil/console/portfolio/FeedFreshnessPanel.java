package io.vigil.console.portfolio;

import io.vigil.core.feeds.FeedFreshness;
import io.vigil.events.v1.FeedStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The Portfolio's feed-freshness panel: per advisory source, the time since its last successful
 * update and since its newest record, judged at the page's "now" with core's one rule ({@link
 * FeedFreshness}: a status whose writer stopped still turns stale). Stale sources first. Pure.
 *
 * @param rows stale first, then by source
 * @param stale how many sources are stale
 */
public record FeedFreshnessPanel(List<Row> rows, long stale) {

  /**
   * One source.
   *
   * @param sinceSuccess {@code 3h 5m}, or {@code never}
   * @param sinceNewestRecord {@code 2d 4h}, or {@code unknown}
   * @param reasons why it is stale (empty otherwise)
   */
  public record Row(
      String source,
      String state,
      String sinceSuccess,
      String sinceNewestRecord,
      String expectedEvery,
      List<String> reasons) {
    public boolean isStale() {
      return state.equals(FeedFreshness.State.STALE.name());
    }
  }

  public static FeedFreshnessPanel of(List<FeedStatus> statuses, Instant now) {
    List<Row> rows = new ArrayList<>();
    for (FeedStatus s : statuses) {
      Duration cadence = Duration.ofSeconds(Math.max(1, s.getExpectedCadenceSeconds()));
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
      rows.add(
          new Row(
              s.getSource(),
              v.state().name(),
              v.sinceSuccess() == null ? "never" : FeedFreshness.human(v.sinceSuccess()),
              v.sinceNewestRecord() == null
                  ? "unknown"
                  : FeedFreshness.human(v.sinceNewestRecord()),
              FeedFreshness.human(cadence),
              v.reasons()));
    }
    rows.sort(Comparator.comparing((Row r) -> !r.isStale()).thenComparing(Row::source));
    return new FeedFreshnessPanel(List.copyOf(rows), rows.stream().filter(Row::isStale).count());
  }
}
