package io.vigil.sbom;

import io.vigil.core.sbom.SbomDocument;
import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import io.vigil.sbom.coverage.Coverages;
import io.vigil.sbom.intake.SbomIntake;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the status records of submissions. Pure. The violation and warning lists of a status are
 * each cut at {@link SbomIntake#MAX_REPORTED} lines and {@link #MAX_LINES_BYTES} bytes (then a last
 * line says how many were left out), so a status record always fits the broker's limit.
 */
public final class Statuses {
  /** UTF-8 bytes of violation lines (and, separately, of warning lines) one status carries. */
  public static final int MAX_LINES_BYTES = 256 * 1024;

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

  /**
   * Not accepted.
   *
   * @param violationLines the violations as {@code path: message} lines (a last line may say that
   *     more were not listed)
   * @param violationCount how many violations were found (at most {@link SbomIntake#MAX_REPORTED})
   */
  public static SbomStatus rejected(
      Submissions.Envelope e,
      String projectId,
      SbomDocument document,
      List<String> violationLines,
      int violationCount,
      Instant now) {
    SbomStatus.Builder b =
        base(e.submissionId(), e.project(), e.projectVersion(), e.submittedBy())
            .setProjectId(projectId)
            .setState(SbomProcessingState.REJECTED)
            .setViolations(cap(violationLines))
            .setViolationCount(violationCount)
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

  /**
   * The lines of a status: at most {@link SbomIntake#MAX_REPORTED} and {@link #MAX_LINES_BYTES}.
   */
  static List<String> cap(List<String> lines) {
    return bounded(lines, SbomIntake.MAX_REPORTED + 1, MAX_LINES_BYTES);
  }

  /**
   * The first lines that fit {@code maxLines} and {@code maxBytes} (UTF-8); when some do not, the
   * last kept line says how many were left out.
   */
  static List<String> bounded(List<String> lines, int maxLines, int maxBytes) {
    List<String> out = new ArrayList<>(Math.min(lines.size(), maxLines));
    long bytes = 0;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      bytes += line.getBytes(StandardCharsets.UTF_8).length;
      boolean last = i == lines.size() - 1;
      boolean room =
          bytes <= maxBytes - 200 && (last ? out.size() < maxLines : out.size() < maxLines - 1);
      if (!room) {
        out.add((lines.size() - i) + " more lines not listed (status size limit)");
        return out;
      }
      out.add(line);
    }
    return out;
  }
}
