package io.vigil.sbom;

import io.vigil.core.sbom.SbomDocument;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.sbom.coverage.Coverages;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.intake.Violation;
import java.time.Instant;
import java.util.List;

/** Builds the status records of submissions. Pure. */
public final class Statuses {
  private Statuses() {}

  /** Accepted by the HTTP API and published; the processor has not finished yet. */
  public static SbomStatus processing(
      Submissions.Envelope e, String projectId, SbomIntake.Result pre, Instant now) {
    SbomStatus.Builder b =
        base(e.submissionId(), e.project(), e.projectVersion(), e.submittedBy())
            .setProjectId(projectId)
            .setState(SbomProcessingState.PROCESSING)
            .setReceivedAt(e.receivedAt())
            .setUpdatedAt(now);
    if (pre != null && pre.document() != null) {
      int[] counts = ComponentEvents.counts(pre.document(), pre.invalidPurls());
      b.setFormat(pre.document().format().name())
          .setSpecVersion(pre.document().specVersion())
          .setComponents(counts[0])
          .setComponentsWithoutPurl(counts[1]);
      b.setWarnings(cap(pre.warnings()));
      b.setViolationCount(pre.violations().size());
    }
    return b.build();
  }

  /** Parsed, diffed and published. */
  public static SbomStatus completed(
      Submissions.Envelope e,
      String projectId,
      SbomIntake.Result result,
      InventoryDiff.Diff diff,
      List<ComponentEvents.Item> items,
      boolean initialInventory,
      Instant now) {
    SbomStatus.Builder b =
        base(e.submissionId(), e.project(), e.projectVersion(), e.submittedBy())
            .setProjectId(projectId)
            .setState(SbomProcessingState.COMPLETED)
            .setAdded(diff.added().size())
            .setRemoved(diff.removed().size())
            .setUnchanged(diff.unchanged().size())
            .setInitialInventory(initialInventory)
            .setViolationCount(result.violations().size())
            .setWarnings(cap(result.warnings()))
            .setReceivedAt(e.receivedAt())
            .setUpdatedAt(now)
            .setCoverage(Coverages.of(result.document()));
    document(b, result.document(), items);
    return b.build();
  }

  /** Not accepted: every violation (at most {@link SbomIntake#MAX_REPORTED}). */
  public static SbomStatus rejected(
      Submissions.Envelope e,
      String projectId,
      SbomDocument document,
      List<Violation> violations,
      Instant now) {
    SbomStatus.Builder b =
        base(e.submissionId(), e.project(), e.projectVersion(), e.submittedBy())
            .setProjectId(projectId)
            .setState(SbomProcessingState.REJECTED)
            .setViolations(cap(violations.stream().map(Violation::toString).toList()))
            .setViolationCount(violations.size())
            .setReceivedAt(e.receivedAt())
            .setUpdatedAt(now);
    if (document != null) {
      document(b, document, ComponentEvents.items(document));
    }
    return b.build();
  }

  private static SbomStatus.Builder base(
      String submissionId, String project, String version, String submittedBy) {
    return SbomStatus.newBuilder()
        .setSubmissionId(submissionId)
        .setProject(project)
        .setProjectVersion(version)
        .setSubmittedBy(submittedBy);
  }

  private static void document(
      SbomStatus.Builder b, SbomDocument doc, List<ComponentEvents.Item> items) {
    b.setFormat(doc.format().name())
        .setSpecVersion(doc.specVersion())
        .setComponents(items.size())
        .setComponentsWithoutPurl(withoutPurl(items));
  }

  /** Distinct components without a purl, or with one that does not parse. */
  public static int withoutPurl(List<ComponentEvents.Item> items) {
    int n = 0;
    for (ComponentEvents.Item i : items) {
      if (!i.validPurl()) {
        n++;
      }
    }
    return n;
  }

  static List<String> cap(List<String> lines) {
    return lines.size() <= SbomIntake.MAX_REPORTED
        ? lines
        : lines.subList(0, SbomIntake.MAX_REPORTED);
  }
}
