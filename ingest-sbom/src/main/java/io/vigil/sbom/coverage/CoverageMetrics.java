package io.vigil.sbom.coverage;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import java.time.Clock;
import java.time.Duration;

/**
 * Coverage metrics:
 *
 * <ul>
 *   <li>{@code vigil_sbom_coverage_score} (summary, 0–100): each accepted SBOM's minimum-elements
 *       score, counted by the instance that processed it;
 *   <li>{@code vigil_sbom_components_without_purl_ratio} (summary, 0–1): each accepted SBOM's share
 *       of components without a purl;
 *   <li>{@code vigil_projects_without_recent_sbom{days="7"|"30"|"90"}} (gauge): projects whose last
 *       accepted SBOM is older than that, from {@link LastSboms} (every instance reports the same
 *       portfolio);
 *   <li>{@code vigil_projects_with_sbom} (gauge): projects with an accepted SBOM.
 * </ul>
 */
public final class CoverageMetrics {
  private static final int[] DAYS = {7, 30, 90};

  private final DistributionSummary score;
  private final DistributionSummary withoutPurl;

  public CoverageMetrics(MeterRegistry registry, LastSboms sboms, Clock clock) {
    this.score =
        DistributionSummary.builder("vigil.sbom.coverage.score")
            .description("Minimum-elements score of each accepted SBOM (0-100)")
            .register(registry);
    this.withoutPurl =
        DistributionSummary.builder("vigil.sbom.components.without.purl.ratio")
            .description("Share of each accepted SBOM's components without a purl")
            .register(registry);
    for (int days : DAYS) {
      Duration limit = Duration.ofDays(days);
      Gauge.builder(
              "vigil.projects.without.recent.sbom",
              sboms,
              s ->
                  s.all().stream()
                      .filter(
                          st ->
                              Duration.between(st.getReceivedAt(), clock.instant()).compareTo(limit)
                                  > 0)
                      .count())
          .tag("days", Integer.toString(days))
          .description("Projects whose last accepted SBOM is older than this many days")
          .register(registry);
    }
    Gauge.builder("vigil.projects.with.sbom", sboms, LastSboms::size)
        .description("Projects with an accepted SBOM")
        .register(registry);
  }

  /** A submission was processed here (the processor's outcome). */
  public void outcome(SbomStatus status) {
    if (status.getState() != SbomProcessingState.COMPLETED) {
      return;
    }
    if (status.getCoverage() != null) {
      score.record(status.getCoverage().getScore());
    }
    if (status.getComponents() > 0) {
      withoutPurl.record((double) status.getComponentsWithoutPurl() / status.getComponents());
    }
  }
}
