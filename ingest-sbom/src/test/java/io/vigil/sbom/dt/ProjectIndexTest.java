package io.vigil.sbom.dt;

import static org.assertj.core.api.Assertions.assertThat;

import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProjectIndexTest {
  private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

  private static SbomStatus status(
      String token, String project, String version, SbomProcessingState state, int second) {
    return SbomStatus.newBuilder()
        .setSubmissionId(token)
        .setProject(project)
        .setProjectVersion(version)
        .setProjectId(project)
        .setState(state)
        .setFormat("CYCLONEDX_JSON")
        .setSpecVersion("1.5")
        .setComponents(7)
        .setReceivedAt(T0.plusSeconds(second))
        .setUpdatedAt(T0.plusSeconds(second + 1))
        .build();
  }

  @Test
  void shouldKnowAProjectAsSoonAsItsUploadIsAcceptedAndItsBomImportWhenProcessed() {
    ProjectIndex index = new ProjectIndex();

    index.onStatus("t1", status("t1", "shop", "1.0", SbomProcessingState.PROCESSING, 0));
    ProjectIndex.View pending = index.get("shop", "1.0").orElseThrow();
    index.onStatus("t1", status("t1", "shop", "1.0", SbomProcessingState.COMPLETED, 0));
    ProjectIndex.View done = index.get("shop", "1.0").orElseThrow();

    assertThat(pending.active()).isTrue();
    assertThat(pending.project().lastBomImport()).isNull();
    assertThat(done.project().lastBomImport()).isEqualTo(T0.plusSeconds(1));
    assertThat(done.project().lastBomImportFormat()).isEqualTo("CycloneDX 1.5");
    assertThat(done.project().components()).isEqualTo(7);
    assertThat(done.latest()).isTrue();
    assertThat(done.uuid()).isEqualTo(ProjectUuids.project("shop", "1.0"));
  }

  @Test
  void shouldMakeAReplacedVersionInactiveAndTheNewOneLatestWhateverTheOrderOfStatuses() {
    List<SbomStatus> statuses =
        List.of(
            status("t1", "shop", "1.0", SbomProcessingState.COMPLETED, 0),
            status("t2", "shop", "1.1", SbomProcessingState.COMPLETED, 10),
            status("t3", "other", null, SbomProcessingState.REJECTED, 20));
    ProjectIndex inOrder = new ProjectIndex();
    statuses.forEach(s -> inOrder.onStatus(s.getSubmissionId(), s));
    ProjectIndex reversed = new ProjectIndex();
    for (int i = statuses.size() - 1; i >= 0; i--) {
      reversed.onStatus(statuses.get(i).getSubmissionId(), statuses.get(i));
    }
    reversed.onStatus("t1", null); // an old status deleted from the history: the project stays

    for (ProjectIndex index : List.of(inOrder, reversed)) {
      assertThat(index.byName("shop"))
          .extracting(
              v -> v.project().version() + " active=" + v.active() + " latest=" + v.latest())
          .containsExactly("1.0 active=false latest=false", "1.1 active=true latest=true");
      assertThat(index.all())
          .extracting(v -> v.project().name())
          .containsExactly("other", "shop", "shop");
    }
  }
}
