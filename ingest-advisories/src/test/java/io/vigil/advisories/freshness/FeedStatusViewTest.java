package io.vigil.advisories.freshness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.events.v1.FeedState;
import io.vigil.events.v1.FeedStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FeedStatusViewTest {
  private static final Instant CHECKED = Instant.parse("2026-08-14T04:00:00Z");

  /** As published at 04:00: fresh, last success 04:00, newest record 03:30, hourly. */
  private static final FeedStatus OSV =
      FeedStatus.newBuilder()
          .setSource("osv")
          .setState(FeedState.FRESH)
          .setLastSuccessAt(CHECKED)
          .setNewestRecordAt(CHECKED.minus(Duration.ofMinutes(30)))
          .setExpectedCadenceSeconds(3600)
          .setRunIntervalSeconds(3600L)
          .setCheckedAt(CHECKED)
          .build();

  @Test
  void shouldJudgeAStatusAgainAtTheReadersTimeSoAWriterThatStoppedStillTurnsStale() {
    Instant later = CHECKED.plus(Duration.ofHours(8));

    assertThat(FeedStatusView.line(OSV, CHECKED.plusSeconds(60)))
        .isEqualTo("osv    FRESH   last success 1m ago, newest record 31m old (expected every 1h)");
    assertThat(FeedStatusView.line(OSV, later))
        .isEqualTo(
            "osv    STALE   last success 8h ago, newest record 8h 30m old (expected every 1h):"
                + " last successful update 8h ago, runs every 1h; newest record 8h 30m old, the"
                + " feed publishes about every 1h");
    Map<String, Object> json = FeedStatusView.json(List.of(OSV), later);
    @SuppressWarnings("unchecked")
    Map<String, Object> osv = ((List<Map<String, Object>>) json.get("sources")).get(0);
    assertThat(osv)
        .containsEntry("state", "STALE")
        .containsEntry("sinceSuccessSeconds", 8 * 3600L)
        .containsEntry("sinceNewestRecordSeconds", 8 * 3600L + 1800)
        .containsEntry("checkedAt", CHECKED.toString());
  }

  @Test
  void shouldShowTheLastErrorOnlyWhileItIsNewerThanTheLastSuccess() {
    FeedStatus failing =
        FeedStatus.newBuilder(OSV)
            .setLastFailureAt(CHECKED.plusSeconds(10))
            .setLastError("HTTP 503")
            .build();
    FeedStatus recovered =
        FeedStatus.newBuilder(failing).setLastSuccessAt(CHECKED.plusSeconds(20)).build();

    assertThat(FeedStatusView.line(failing, CHECKED.plusSeconds(30)))
        .endsWith("[last error: HTTP 503]");
    assertThat(FeedStatusView.line(recovered, CHECKED.plusSeconds(30))).doesNotContain("HTTP 503");
  }

  @Test
  void shouldKeepUrlsInErrorsWithoutQueriesOrCredentials() {
    assertThat(
            FreshnessTracker.withoutQueries(
                "GET https://user:pw@feeds.example.com/kev.json?token=abc failed: HTTP 403"))
        .isEqualTo("GET https://feeds.example.com/kev.json?… failed: HTTP 403");
    assertThat(FreshnessTracker.withoutQueries(null)).isNull();
  }

  @Test
  void shouldTakeTheDefaultCadencesAndRefuseAnUnknownSourceOrAZeroCadence() {
    FeedFreshnessConfig c = new FeedFreshnessConfig(Map.of("osv", Duration.ofMinutes(30)), null);

    assertThat(c.cadenceOf("osv")).isEqualTo(Duration.ofMinutes(30));
    assertThat(c.cadenceOf("kev")).isEqualTo(Duration.ofDays(7));
    assertThat(c.checkEvery()).isEqualTo(Duration.ofMinutes(1));
    assertThatThrownBy(() -> new FeedFreshnessConfig(Map.of("rss", Duration.ofHours(1)), null))
        .hasMessageContaining("feedFreshness.cadence.rss: unknown source kind");
    assertThatThrownBy(() -> new FeedFreshnessConfig(Map.of("osv", Duration.ZERO), null))
        .hasMessageContaining("must be a positive duration");
  }
}
