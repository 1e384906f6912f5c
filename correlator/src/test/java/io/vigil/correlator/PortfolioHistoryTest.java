package io.vigil.correlator;

import static io.vigil.correlator.Fixtures.LOG4J;
import static io.vigil.correlator.RemediationClocksTest.component;
import static io.vigil.correlator.RemediationClocksTest.day;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.correlator.history.DailyOpen;
import io.vigil.correlator.history.FixedExposure;
import io.vigil.correlator.history.OpenTrend;
import io.vigil.correlator.history.TimeToFix;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.ComponentChange;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The portfolio's history in the topology (TopologyTestDriver, its wall clock fixed at {@link
 * CorrelatorDriver#T0} and moved by the test): fixes recorded from the emitted RESOLVED events the
 * same way on a replay, and the daily snapshot of open exposures by severity.
 */
class PortfolioHistoryTest {
  @TempDir Path first;
  @TempDir Path replay;

  private static <V> Map<String, V> rows(CorrelatorDriver d, String store) {
    KeyValueStore<String, V> s = d.store(store);
    Map<String, V> out = new TreeMap<>();
    try (KeyValueIterator<String, V> it = s.all()) {
      it.forEachRemaining(kv -> out.put(kv.key, kv.value));
    }
    return out;
  }

  private static CorrelatorDriver driver(Path dir) {
    return new CorrelatorDriver(dir, CorrelatorConfig.defaults(), Correlation.Probe.NONE);
  }

  @Test
  void shouldRecordEachFixFromItsResolvedEventAndTheSameRowsOnReplay() {
    Map<String, FixedExposure> fixes;
    List<ExposureEvent> events;
    try (CorrelatorDriver d = driver(first)) {
      events = RemediationClocksTest.month(d);
      fixes = rows(d, CorrelatorTopology.FIXED_EXPOSURES_STORE);
    }
    ExposureEvent resolved =
        events.stream().filter(e -> e.getType() == ExposureType.RESOLVED).findFirst().orElseThrow();

    // one fix (shop's upgrade on day 20), first seen when the advisory was published (day 0.5)
    assertThat(fixes).hasSize(1);
    FixedExposure fix = fixes.values().iterator().next();
    assertThat(fix)
        .isEqualTo(
            new FixedExposure("HIGH", true, day(0.5).toEpochMilli(), day(20).toEpochMilli()));
    assertThat(fixes.keySet().iterator().next()).startsWith(resolved.getExposureId());
    assertThat(Duration.ofSeconds(fix.seconds())).isEqualTo(Duration.ofHours(468));

    TimeToFix ttf = new TimeToFix(Long.MIN_VALUE);
    fixes.values().forEach(ttf::add);
    JsonNode answer = ttf.answer();
    assertThat(answer.path("all").path("fixed").asLong()).isEqualTo(1);
    JsonNode high = answer.path("bySeverity").get(1);
    assertThat(high.path("severity").asText()).isEqualTo("HIGH");
    assertThat(high.path("median").asText()).isEqualTo("PT468H");
    assertThat(high.path("histogram").get(3).path("upToDays").asLong()).isEqualTo(30);
    assertThat(high.path("histogram").get(3).path("count").asLong()).isEqualTo(1);
    assertThat(answer.path("byKev").get(0).path("fixed").asLong()).isEqualTo(1);
    assertThat(answer.path("byKev").get(1).path("fixed").asLong()).isZero();
    assertThat(answer.path("byKev").get(1).path("median").isNull()).isTrue();

    // a replay of the same inputs into an empty state writes the same rows (no wall-clock time)
    try (CorrelatorDriver d = driver(replay)) {
      RemediationClocksTest.month(d);
      assertThat(rows(d, CorrelatorTopology.FIXED_EXPOSURES_STORE)).isEqualTo(fixes);
    }
  }

  @Test
  void shouldCountOpenExposuresBySeverityEachDayWhenTheyChangeAndDropDaysPastTheKeep() {
    try (CorrelatorDriver d = driver(first)) {
      for (String p : List.of("shop", "billing")) {
        d.components.pipeInput(p, component(p, "2.14.1", ComponentChange.ADDED, day(0)));
      }
      Advisory log4shell =
          Fixtures.advisory("GHSA-jfh8-c2jp-5v3q", List.of("CVE-2021-44228"), day(0.5))
              .severity(10.0, "CRITICAL")
              .range(LOG4J, "2.13.0", "2.15.0")
              .build();
      d.publish(log4shell);
      d.driver.advanceWallClockTime(PortfolioHistoryProcessor.CHECK_EVERY);
      long firstCount = rows(d, CorrelatorTopology.OPEN_DAILY_STORE).size();
      DailyOpen counted =
          (DailyOpen) rows(d, CorrelatorTopology.OPEN_DAILY_STORE).get("2021-12-10");
      // nothing changed since: the next check does not count again
      d.driver.advanceWallClockTime(PortfolioHistoryProcessor.CHECK_EVERY);
      assertThat(rows(d, CorrelatorTopology.OPEN_DAILY_STORE).get("2021-12-10")).isEqualTo(counted);
      assertThat(firstCount).isEqualTo(1);
      d.kev.pipeInput("CVE-2021-44228", Fixtures.kev("CVE-2021-44228", EnrichmentChange.ADDED));
      d.driver.advanceWallClockTime(Duration.ofDays(1));
      d.components.pipeInput("shop", component("shop", "2.14.1", ComponentChange.REMOVED, day(2)));
      d.driver.advanceWallClockTime(Duration.ofDays(1));

      Map<String, DailyOpen> days = rows(d, CorrelatorTopology.OPEN_DAILY_STORE);
      // the driver's wall clock starts at 2021-12-10T10:00Z
      assertThat(days.keySet()).containsExactly("2021-12-10", "2021-12-11", "2021-12-12");
      assertThat(days.get("2021-12-10").bySeverity()).containsExactly(2L, 0L, 0L, 0L, 0L);
      assertThat(days.get("2021-12-10").kev()).isZero();
      assertThat(days.get("2021-12-11").kev()).isEqualTo(2);
      assertThat(days.get("2021-12-12").bySeverity()).containsExactly(1L, 0L, 0L, 0L, 0L);

      OpenTrend trend = new OpenTrend(LocalDate.parse("2021-12-09"), LocalDate.parse("2021-12-12"));
      days.forEach((day, counts) -> trend.add(LocalDate.parse(day), counts));
      JsonNode answer = trend.answer(1);
      assertThat(answer.path("days")).hasSize(4);
      assertThat(answer.path("days").get(0).path("open").isNull()).isTrue();
      assertThat(answer.path("days").get(1).path("bySeverity").path("CRITICAL").asLong())
          .isEqualTo(2);
      assertThat(answer.path("days").get(3).path("open").asLong()).isEqualTo(1);
      assertThat(answer.path("days").get(3).path("complete").asBoolean()).isTrue();

      // a year and more later (nothing changed, but the day has no count yet), only the days of
      // the last KEEP_DAYS remain
      d.driver.advanceWallClockTime(Duration.ofDays(PortfolioHistoryProcessor.KEEP_DAYS - 1));
      assertThat(rows(d, CorrelatorTopology.OPEN_DAILY_STORE).keySet())
          .containsExactly(
              "2021-12-12",
              LocalDate.parse("2021-12-12")
                  .plusDays(PortfolioHistoryProcessor.KEEP_DAYS - 1)
                  .toString());
    }
  }
}
