package io.vigil.core.feeds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vigil.core.feeds.FeedFreshness.Observation;
import io.vigil.core.feeds.FeedFreshness.State;
import io.vigil.core.feeds.FeedFreshness.Verdict;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FeedFreshnessTest {
  private static final Instant NOW = Instant.parse("2026-08-14T12:00:00Z");
  private static final Duration HOUR = Duration.ofHours(1);

  @Test
  void shouldBeFreshWithinTwiceTheCadenceAndStaleJustBeyondIt() {
    Verdict atTwice =
        FeedFreshness.evaluate(
            new Observation(
                NOW.minus(HOUR.multipliedBy(2)), null, NOW.minus(HOUR.multipliedBy(2)), HOUR, HOUR),
            NOW);
    Verdict beyond =
        FeedFreshness.evaluate(
            new Observation(
                NOW.minusSeconds(60),
                null,
                NOW.minus(HOUR.multipliedBy(2)).minusSeconds(1),
                HOUR,
                HOUR),
            NOW);

    assertThat(atTwice.state()).isEqualTo(State.FRESH);
    assertThat(atTwice.reasons()).isEmpty();
    assertThat(atTwice.sinceSuccess()).isEqualTo(Duration.ofHours(2));
    assertThat(beyond.state()).isEqualTo(State.STALE);
    assertThat(beyond.reasons())
        .containsExactly("newest record 2h old, the feed publishes about every 1h");
  }

  @Test
  void shouldCallAStalledFeedStaleEvenThoughEveryFetchSucceeds() {
    // osv.dev in August 2026: fetches fine every hour, nothing newer than 8 hours
    Verdict v =
        FeedFreshness.evaluate(
            new Observation(
                NOW.minusSeconds(300), null, NOW.minus(Duration.ofHours(8)), HOUR, HOUR),
            NOW);

    assertThat(v.state()).isEqualTo(State.STALE);
    assertThat(v.reasons())
        .containsExactly("newest record 8h old, the feed publishes about every 1h");
    assertThat(v.sinceNewestRecord()).isEqualTo(Duration.ofHours(8));
  }

  @Test
  void shouldCallASourceWhoseFetchesFailStaleAfterTwiceItsRunInterval() {
    Verdict v =
        FeedFreshness.evaluate(
            new Observation(
                NOW.minus(Duration.ofMinutes(150)),
                NOW.minusSeconds(30),
                null,
                Duration.ofDays(1),
                HOUR),
            NOW);

    assertThat(v.state()).isEqualTo(State.STALE);
    assertThat(v.reasons()).containsExactly("last successful update 2h 30m ago, runs every 1h");
  }

  @Test
  void shouldNeverCallASourceRunOnceStaleForItsLastSuccessOnly() {
    Verdict v =
        FeedFreshness.evaluate(
            new Observation(NOW.minus(Duration.ofDays(30)), null, null, HOUR, null), NOW);

    assertThat(v.state()).isEqualTo(State.FRESH);
  }

  @Test
  void shouldBeUnknownBeforeAnythingHappenedAndStaleWhenItNeverSucceeded() {
    assertThat(FeedFreshness.evaluate(new Observation(null, null, null, HOUR, HOUR), NOW).state())
        .isEqualTo(State.UNKNOWN);
    Verdict failed =
        FeedFreshness.evaluate(new Observation(null, NOW.minusSeconds(90), null, HOUR, HOUR), NOW);
    assertThat(failed.state()).isEqualTo(State.STALE);
    assertThat(failed.reasons()).containsExactly("has never succeeded (last failure 1m ago)");
  }

  @Test
  void shouldWriteDurationsForPeopleAndRefuseANonPositiveCadence() {
    assertThat(FeedFreshness.human(Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(FeedFreshness.human(Duration.ofMinutes(12))).isEqualTo("12m");
    assertThat(FeedFreshness.human(Duration.ofMinutes(545))).isEqualTo("9h 5m");
    assertThat(FeedFreshness.human(Duration.ofHours(76))).isEqualTo("3d 4h");
    assertThat(FeedFreshness.human(Duration.ofDays(2))).isEqualTo("2d");
    assertThatThrownBy(() -> new Observation(null, null, null, Duration.ZERO, null))
        .hasMessageContaining("expectedCadence");
  }
}
