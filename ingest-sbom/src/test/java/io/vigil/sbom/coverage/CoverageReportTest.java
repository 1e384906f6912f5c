package io.vigil.sbom.coverage;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.SbomCoverage;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CoverageReportTest {
  private static final Instant NOW = Instant.parse("2026-06-30T12:00:00Z");

  @Test
  void shouldFlagProjectsWithoutAnSbomNewerThanTheLimitAndSumThePortfolio() {
    LastSboms sboms = new LastSboms();
    sboms.onStatus("t1", status("t1", "shop", "1.0", NOW.minus(Duration.ofDays(40)), 10, 5, 50));
    sboms.onStatus("t2", status("t2", "shop", "1.1", NOW.minus(Duration.ofDays(2)), 10, 1, 80));
    sboms.onStatus("t3", status("t3", "billing", "3", NOW.minus(Duration.ofDays(31)), 30, 0, 90));
    sboms.onStatus("t4", status("t4", "hidden", "1", NOW, 1, 0, 10));
    sboms.onStatus("t0", status("t0", "shop", "0.9", NOW.minus(Duration.ofDays(90)), 1, 1, 1));
    sboms.onStatus("t5", null); // a deletion changes nothing

    Map<String, Object> report =
        CoverageReport.json(sboms.all(), Duration.ofDays(30), NOW, p -> !p.equals("hidden"));

    assertThat(report)
        .containsEntry("projectCount", 2)
        .containsEntry("staleCount", 1)
        .containsEntry("meanScore", 85.0)
        .containsEntry("withoutPurlShare", 0.025) // (1 + 0) / (10 + 30)
        .containsEntry("staleAfter", "PT720H");
    @SuppressWarnings("unchecked")
    List<Map<String, Object>> projects = (List<Map<String, Object>>) report.get("projects");
    assertThat(projects).extracting(p -> p.get("project")).containsExactly("billing", "shop");
    assertThat(projects.get(0))
        .containsEntry("stale", true)
        .containsEntry("ageDays", 31.0)
        .containsEntry("score", 90);
    assertThat(projects.get(1))
        .as("the later SBOM of the project counts")
        .containsEntry("version", "1.1")
        .containsEntry("token", "t2")
        .containsEntry("stale", false)
        .containsEntry("withoutPurlShare", 0.1);
    @SuppressWarnings("unchecked")
    Map<String, Object> elements = (Map<String, Object>) projects.get(1).get("minimumElements");
    assertThat(elements)
        .containsEntry("supplier", 0.5)
        .containsEntry("dependency", 0.0)
        .containsEntry("author", true)
        .containsEntry("tool", false);
  }

  private static SbomStatus status(
      String token,
      String project,
      String version,
      Instant receivedAt,
      int components,
      int withoutPurl,
      int score) {
    return SbomStatus.newBuilder()
        .setSubmissionId(token)
        .setProject(project)
        .setProjectVersion(version)
        .setProjectId(project)
        .setState(SbomProcessingState.COMPLETED)
        .setComponents(components)
        .setComponentsWithoutPurl(withoutPurl)
        .setReceivedAt(receivedAt)
        .setUpdatedAt(receivedAt)
        .setCoverage(
            SbomCoverage.newBuilder()
                .setScore(score)
                .setComponents(components)
                .setComponentsWithoutPurl(withoutPurl)
                .setWithSupplier(components / 2)
                .setHasAuthor(true)
                .build())
        .build();
  }
}
