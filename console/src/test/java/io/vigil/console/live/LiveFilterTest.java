package io.vigil.console.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveFilterTest {
  private static LiveEvent event(
      String type, String severity, String ssvc, String team, String owner) {
    return new LiveEvent(
        "e-" + type,
        type,
        "NEW_ADVISORY",
        "shop",
        "shop",
        "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1",
        "2.14.1",
        "GHSA-jfh8-c2jp-5v3q",
        "CVE-2021-44228",
        severity,
        false,
        null,
        List.of("2.15.0"),
        Instant.parse("2021-12-10T10:00:00Z"),
        ssvc,
        team,
        owner);
  }

  @Test
  void shouldShowOnlyTheEventsOfTheChosenSsvcOutcome() {
    LiveFilter act = LiveFilter.of(null, null, "act", null);

    assertThat(act.matches(event("NEW", "CRITICAL", "ACT", null, null))).isTrue();
    assertThat(act.matches(event("NEW", "CRITICAL", "ATTEND", null, null))).isFalse();
    assertThat(act.matches(event("NEW", "CRITICAL", null, null, null)))
        .as("an event without a decision does not match an SSVC filter")
        .isFalse();
    assertThat(LiveFilter.of(null, null, "Track*", null).ssvc()).isEqualTo("TRACK_STAR");
  }

  @Test
  void shouldMatchTheTeamOrTheOwnerOfTheProjectWithoutCase() {
    LiveFilter checkout = LiveFilter.of(null, null, null, " Checkout ");

    assertThat(checkout.matches(event("NEW", "HIGH", "ACT", "checkout", null))).isTrue();
    assertThat(checkout.matches(event("NEW", "HIGH", "ACT", null, "CHECKOUT"))).isTrue();
    assertThat(checkout.matches(event("NEW", "HIGH", "ACT", "payments", "alice"))).isFalse();
    assertThat(checkout.matches(event("NEW", "HIGH", "ACT", null, null))).isFalse();
  }

  @Test
  void shouldCombineEveryFilterAndWriteThemBackAsAQuery() {
    LiveFilter f = LiveFilter.of("critical", "suppressed", "ATTEND", "team a&b");

    assertThat(f.matches(event("SUPPRESSED", "CRITICAL", "ATTEND", "team a&b", null))).isTrue();
    assertThat(f.matches(event("NEW", "CRITICAL", "ATTEND", "team a&b", null))).isFalse();
    assertThat(f.query())
        .isEqualTo("severity=CRITICAL&type=SUPPRESSED&ssvc=ATTEND&team=team%20a%26b");
    assertThat(LiveFilter.of("bogus", "bogus", "bogus", " ").query()).isEmpty();
  }

  @Test
  void shouldCountSuppressedUnsuppressedAndOverdueEvents() {
    LiveCounters c =
        LiveCounters.ZERO
            .plus(event("OVERDUE", "CRITICAL", "ACT", null, null))
            .plus(event("NEW", "CRITICAL", "ACT", null, null))
            .plus(event("SUPPRESSED", "CRITICAL", "ACT", null, null))
            .plus(event("UNSUPPRESSED", "CRITICAL", "ACT", null, null))
            .plus(event("SUPPRESSED", "CRITICAL", "ACT", null, null));

    assertThat(c.events()).isEqualTo(5);
    assertThat(c.overdue()).isEqualTo(1);
    assertThat(LiveFilter.of(null, "overdue", null, null).type()).isEqualTo("OVERDUE");
    assertThat(c.suppressed()).isEqualTo(2);
    assertThat(c.unsuppressed()).isEqualTo(1);
    assertThat(c.newExposures()).isEqualTo(1);
  }
}
