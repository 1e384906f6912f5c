package io.vigil.correlator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.correlator.history.DailyOpen;
import io.vigil.correlator.history.FixedExposure;
import io.vigil.correlator.history.OpenTrend;
import io.vigil.correlator.history.TimeToFix;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The pure folds behind the history routes: percentiles, buckets, and merging instances' partials.
 */
class HistoryFoldsTest {
  private static final long DAY = Duration.ofDays(1).toMillis();

  private static FixedExposure fix(String severity, boolean kev, double days) {
    return new FixedExposure(severity, kev, 0, Math.round(days * DAY));
  }

  @Test
  void shouldGiveNearestRankPercentilesAndBucketsPerSeverityAndKev() {
    TimeToFix t = new TimeToFix(Long.MIN_VALUE);
    for (int d = 1; d <= 10; d++) {
      t.add(fix("CRITICAL", d <= 3, d));
    }
    t.add(fix("LOW", false, 400));
    t.add(fix("moderate?", false, 0.5));
    JsonNode a = t.answer();

    JsonNode critical = a.path("bySeverity").get(0);
    assertThat(critical.path("fixed").asLong()).isEqualTo(10);
    assertThat(critical.path("median").asText()).isEqualTo("PT120H");
    assertThat(critical.path("p90").asText()).isEqualTo("PT216H");
    // (0,1d] 1, (1d,7d] 6, (7d,14d] 3
    assertThat(critical.path("histogram").findValues("count"))
        .extracting(JsonNode::asLong)
        .containsExactly(1L, 6L, 3L, 0L, 0L, 0L, 0L, 0L, 0L);
    JsonNode low = a.path("bySeverity").get(3);
    assertThat(low.path("histogram").get(8).path("upToDays").isNull()).isTrue();
    assertThat(low.path("histogram").get(8).path("count").asLong()).isEqualTo(1);
    assertThat(a.path("bySeverity").get(4).path("fixed").asLong())
        .as("an unknown rating counts as UNKNOWN")
        .isEqualTo(1);
    assertThat(a.path("byKev").get(0).path("fixed").asLong()).isEqualTo(3);
    assertThat(a.path("byKev").get(0).path("median").asText()).isEqualTo("PT48H");
    assertThat(a.path("byKev").get(1).path("fixed").asLong()).isEqualTo(9);
    assertThat(a.path("all").path("fixed").asLong()).isEqualTo(12);
  }

  @Test
  void shouldAnswerTheSameWhenTheFixesAreSplitOverInstances() {
    List<FixedExposure> fixes = new ArrayList<>();
    for (int i = 0; i < 101; i++) {
      fixes.add(fix(i % 3 == 0 ? "HIGH" : "MEDIUM", i % 7 == 0, (i * 37 % 101) / 3.0));
    }
    TimeToFix whole = new TimeToFix(Long.MIN_VALUE);
    fixes.forEach(whole::add);
    TimeToFix one = new TimeToFix(Long.MIN_VALUE);
    TimeToFix two = new TimeToFix(Long.MIN_VALUE);
    for (int i = 0; i < fixes.size(); i++) {
      (i % 2 == 0 ? one : two).add(fixes.get(i));
    }
    TimeToFix merged = new TimeToFix(Long.MIN_VALUE);
    merged.merge(one.partial());
    merged.merge(two.partial());
    assertThat(merged.answer()).isEqualTo(whole.answer());
  }

  @Test
  void shouldCountOnlyFixesSinceTheInstantAsked() {
    TimeToFix t = new TimeToFix(5 * DAY);
    t.add(fix("HIGH", false, 4));
    t.add(fix("HIGH", false, 6));
    assertThat(t.answer().path("all").path("fixed").asLong()).isEqualTo(1);
  }

  @Test
  void shouldSumPartitionsPerDayAndSayWhichDaysAreComplete() {
    LocalDate d1 = LocalDate.parse("2026-12-07");
    LocalDate d2 = d1.plusDays(1);
    OpenTrend one = new OpenTrend(d1, d2);
    one.add(d1, new DailyOpen(List.of(1L, 2L, 0L, 0L, 0L), 1, 0, 0));
    one.add(d2, new DailyOpen(List.of(1L, 1L, 0L, 0L, 0L), 1, 0, 0));
    one.add(d1.minusDays(1), new DailyOpen(List.of(9L, 9L, 9L, 9L, 9L), 9, 0, 0));
    OpenTrend two = new OpenTrend(d1, d2);
    two.add(d1, new DailyOpen(List.of(0L, 0L, 3L, 0L, 1L), 0, 2, 0));
    OpenTrend all = new OpenTrend(d1, d2);
    all.merge(one.partial());
    all.merge(two.partial());

    JsonNode a = all.answer(2);
    JsonNode first = a.path("days").get(0);
    assertThat(first.path("open").asLong()).isEqualTo(7);
    assertThat(first.path("bySeverity").path("MEDIUM").asLong()).isEqualTo(3);
    assertThat(first.path("suppressed").asLong()).isEqualTo(2);
    assertThat(first.path("complete").asBoolean()).isTrue();
    JsonNode second = a.path("days").get(1);
    assertThat(second.path("open").asLong()).isEqualTo(2);
    assertThat(second.path("partitionsReporting").asLong()).isEqualTo(1);
    assertThat(second.path("complete").asBoolean()).isFalse();
  }
}
