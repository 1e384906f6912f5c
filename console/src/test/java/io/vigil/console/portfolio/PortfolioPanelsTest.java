package io.vigil.console.portfolio;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.events.v1.FeedState;
import io.vigil.events.v1.FeedStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The Portfolio's time-to-fix, trend and feed-freshness panels from their sources' answers. */
class PortfolioPanelsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Instant NOW = Instant.parse("2026-12-08T12:00:00Z");

  private static JsonNode json(String s) throws Exception {
    return JSON.readTree(s.replace('\'', '"'));
  }

  @Test
  void shouldShowTimeToFixInDaysPerSeverityAndKevWithADashWhereNothingWasFixed() throws Exception {
    TimeToFixPanel p =
        TimeToFixPanel.of(
            json(
                "{'bucketDays':[1,7],'all':{'fixed':3},'bySeverity':["
                    + "{'severity':'CRITICAL','fixed':3,'medianSeconds':43200,'p90Seconds':864000,"
                    + "'histogram':[{'upToDays':1,'count':2},{'upToDays':7,'count':0},"
                    + "{'upToDays':null,'count':1}]},"
                    + "{'severity':'HIGH','fixed':0,'medianSeconds':null,'p90Seconds':null,"
                    + "'histogram':[{'count':0},{'count':0},{'count':0}]}],"
                    + "'byKev':[{'kev':true,'fixed':1,'medianSeconds':86400,'p90Seconds':86400,"
                    + "'histogram':[]},{'kev':false,'fixed':2,'medianSeconds':null,"
                    + "'p90Seconds':null,'histogram':[]}]}"));

    assertThat(p.fixed()).isEqualTo(3);
    assertThat(p.bucketLabels()).containsExactly("≤ 1 d", "≤ 7 d", "> 7 d");
    assertThat(p.rows())
        .extracting(TimeToFixPanel.Row::label, TimeToFixPanel.Row::median, TimeToFixPanel.Row::p90)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("CRITICAL", "12.0 h", "10.0 d"),
            org.assertj.core.groups.Tuple.tuple("HIGH", "–", "–"),
            org.assertj.core.groups.Tuple.tuple("In KEV", "1.0 d", "1.0 d"),
            org.assertj.core.groups.Tuple.tuple("Not in KEV", "–", "–"));
    assertThat(p.rows().get(0).histogram()).containsExactly(2L, 0L, 1L);
    // the chart has a bar for each severity with fixes only, in hours (every median under 2 days)
    assertThat(p.chart()).contains("CRITICAL (hours) 12").doesNotContain("HIGH (hours)");
  }

  @Test
  void shouldDrawTheTrendWithAGapForADayWithoutCountsAndListTheDaysNewestFirst() throws Exception {
    TrendPanel p =
        TrendPanel.of(
            json(
                "{'severities':['CRITICAL','HIGH'],'days':["
                    + "{'day':'2026-12-05','open':2,'kev':0,'complete':true,"
                    + "'bySeverity':{'CRITICAL':2,'HIGH':0}},"
                    + "{'day':'2026-12-06','open':null,'complete':false},"
                    + "{'day':'2026-12-07','open':3,'kev':1,'complete':true,"
                    + "'bySeverity':{'CRITICAL':2,'HIGH':1}},"
                    + "{'day':'2026-12-08','open':4,'kev':1,'complete':false,"
                    + "'bySeverity':{'CRITICAL':2,'HIGH':2}}]}"));

    assertThat(p.withData()).isEqualTo(3);
    assertThat(p.newestFirst())
        .extracting(TrendPanel.Day::day)
        .containsExactly("2026-12-08", "2026-12-07", "2026-12-05");
    assertThat(p.newestFirst().get(0).bySeverity()).containsExactly(2L, 2L);
    assertThat(p.newestFirst().get(0).complete()).isFalse();
    // the total's line breaks at the missing day: two sub-paths
    assertThat(p.chart())
        .contains("All open from 2 to 4")
        .contains("HIGH from 0 to 2")
        .contains("2026-12-05 to 2026-12-08")
        .containsPattern("class=\"line total\" d=\"M[0-9. ]+ M[0-9. ]+ L[0-9. ]+\"");
  }

  @Test
  void shouldJudgeEachFeedAtThePagesNowAndListTheStaleFirst() {
    FeedStatus osv = status("osv", NOW.minusSeconds(300), NOW.minusSeconds(900), 3600L);
    FeedStatus nvd = status("nvd", NOW.minusSeconds(600), NOW.minus(Duration.ofDays(2)), 7200L);
    FeedStatus kev = status("kev", null, null, 86400L);

    FeedFreshnessPanel p = FeedFreshnessPanel.of(List.of(osv, nvd, kev), NOW);

    assertThat(p.stale()).isEqualTo(1);
    assertThat(p.rows())
        .extracting(FeedFreshnessPanel.Row::source, FeedFreshnessPanel.Row::state)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("nvd", "STALE"),
            org.assertj.core.groups.Tuple.tuple("kev", "UNKNOWN"),
            org.assertj.core.groups.Tuple.tuple("osv", "FRESH"));
    assertThat(p.rows().get(0).sinceNewestRecord()).isEqualTo("2d");
    assertThat(p.rows().get(0).reasons())
        .singleElement()
        .asString()
        .contains("newest record 2d old");
    assertThat(p.rows().get(1).sinceSuccess()).isEqualTo("never");
    assertThat(p.rows().get(1).sinceNewestRecord()).isEqualTo("unknown");
    assertThat(p.rows().get(2).sinceSuccess()).isEqualTo("5m");
  }

  private static FeedStatus status(String source, Instant success, Instant newest, long cadence) {
    return FeedStatus.newBuilder()
        .setSource(source)
        .setState(FeedState.FRESH) // as published: the panel judges again
        .setReasons(List.of())
        .setLastSuccessAt(success)
        .setNewestRecordAt(newest)
        .setExpectedCadenceSeconds(cadence)
        .setRunIntervalSeconds(900L)
        .setCheckedAt(NOW.minus(Duration.ofDays(5)))
        .build();
  }
}
