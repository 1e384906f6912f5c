package io.vigil.alerting.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.alerting.render.Notice;
import io.vigil.core.schedule.WeeklySlot;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CoverageDigestTest {
  private static final Instant NOW = Instant.parse("2026-12-07T08:00:00Z"); // a Monday

  @Test
  void shouldNameStaleProjectsInvisibleComponentsAndLowScores() {
    List<ProjectSbom> projects =
        List.of(
            new ProjectSbom("shop", NOW.minus(Duration.ofDays(2)), 200, 0, 91),
            new ProjectSbom("billing", NOW.minus(Duration.ofDays(45)), 100, 40, 55),
            new ProjectSbom("legacy", NOW.minus(Duration.ofDays(400)), 50, 5, null),
            new ProjectSbom("agent", NOW.minus(Duration.ofDays(10)), 50, 25, 30));

    Notice n = CoverageDigest.of(projects, NOW, Duration.ofDays(30), 10, "2026-W50");

    assertThat(n.kind()).isEqualTo("COVERAGE_DIGEST");
    assertThat(n.deliveryId()).isEqualTo("coverage:2026-W50");
    // 70 of 400 components without a purl
    assertThat(n.title())
        .isEqualTo(
            "SBOM coverage, week 2026-W50: 2 of 4 projects stale, 17.5% of components without a"
                + " purl");
    assertThat(n.lines())
        .containsExactly(
            "4 projects with an SBOM; 2 stale (none newer than 30 days)",
            "  stale: legacy — last SBOM 400 days ago (2025-11-02)",
            "  stale: billing — last SBOM 45 days ago (2026-10-23)",
            "Components without a purl (invisible to matching): 70 of 400 (17.5%)",
            "  without purl: agent — 25 of 50 (50%)",
            "  without purl: billing — 40 of 100 (40%)",
            "  without purl: legacy — 5 of 50 (10%)",
            "Minimum elements (CISA/NTIA), median score 55/100 over 3 SBOMs; lowest:",
            "  score: agent — 30/100",
            "  score: billing — 55/100",
            "  score: shop — 91/100");
    assertThat(n.facts())
        .containsEntry("stale", List.of("legacy", "billing"))
        .containsEntry("componentsWithoutPurl", 70L)
        .containsEntry("medianScore", 55);
  }

  @Test
  void shouldListAtMostTopProjectsPerSection() {
    List<ProjectSbom> projects =
        List.of(
            new ProjectSbom("a", NOW.minus(Duration.ofDays(90)), 10, 1, 10),
            new ProjectSbom("b", NOW.minus(Duration.ofDays(80)), 10, 2, 20),
            new ProjectSbom("c", NOW.minus(Duration.ofDays(70)), 10, 3, 30));

    Notice n = CoverageDigest.of(projects, NOW, Duration.ofDays(30), 1, "2026-W50");

    assertThat(n.lines()).filteredOn(l -> l.startsWith("  ")).hasSize(3);
    assertThat(n.lines()).contains("  stale: a — last SBOM 90 days ago (2026-09-08)");
  }

  @Test
  void weeklySlotIsTheDayAndHourInUtcNamedByItsIsoWeek() {
    WeeklySlot monday8 = new WeeklySlot(DayOfWeek.MONDAY, 8);
    Instant tuesday = Instant.parse("2026-12-08T03:00:00Z");
    assertThat(monday8.latestAtOrBefore(tuesday)).isEqualTo(Instant.parse("2026-12-07T08:00:00Z"));
    assertThat(monday8.next(tuesday)).isEqualTo(Instant.parse("2026-12-14T08:00:00Z"));
    assertThat(monday8.latestAtOrBefore(NOW)).isEqualTo(NOW);
    assertThat(monday8.latestAtOrBefore(NOW.minusSeconds(1)))
        .isEqualTo(Instant.parse("2026-11-30T08:00:00Z"));
    assertThat(WeeklySlot.week(NOW)).isEqualTo("2026-W50");
    assertThat(WeeklySlot.week(Instant.parse("2027-01-01T08:00:00Z"))).isEqualTo("2026-W53");
  }

  @Test
  void aStartShortlyAfterAnUnpostedSlotPostsThatWeekOtherwiseTheNext() {
    WeeklySlot monday8 = new WeeklySlot(DayOfWeek.MONDAY, 8);
    Instant hourAfter = NOW.plus(Duration.ofHours(1));
    assertThat(CoverageWatch.firstSlot(monday8, hourAfter, Set.of())).isEqualTo(NOW);
    assertThat(CoverageWatch.firstSlot(monday8, hourAfter, Set.of("2026-W50")))
        .isEqualTo(NOW.plus(Duration.ofDays(7)));
    Instant dayAfter = NOW.plus(Duration.ofDays(1));
    assertThat(CoverageWatch.firstSlot(monday8, dayAfter, Set.of()))
        .isEqualTo(NOW.plus(Duration.ofDays(7)));
  }
}
