package io.vigil.sbom;

import io.vigil.core.sbom.SbomDocument;
import io.vigil.events.v1.DeadLetter;
import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.kafka.DeadLetters;
import io.vigil.sbom.intake.Violation;
import io.vigil.schemas.VigilService;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The records of a rejected submission: its REJECTED status and its dead letter (the reason, every
 * violation, where it came from and the document as submitted), each within the record limit
 * whatever the document: the lines are bounded ({@link Statuses#bounded}) and the raw document is
 * cut to what is left of the limit ({@code valueTruncated} says so). Pure.
 */
final class Rejections {
  /** Room kept for the rest of a dead letter (coordinates, error class, Avro overhead). */
  static final int ENVELOPE_BYTES = 64 * 1024;

  private final int maxRecordBytes;

  Rejections(int maxRecordBytes) {
    this.maxRecordBytes = maxRecordBytes;
  }

  /** A rejection's two records; the status is null when the submission has no id. */
  record Rejection(SbomStatus status, DeadLetter deadLetter) {}

  /** Where a rejected input came from (null topic: a punctuator, not a record). */
  record Source(String topic, int partition, long offset) {}

  /**
   * @param violations the violations (at most {@link io.vigil.sbom.intake.SbomIntake#MAX_REPORTED})
   * @param truncated true when more violations were found than listed
   * @param reason the one-line reason
   * @param raw the document as submitted (chunks concatenated), or null to keep none
   */
  Rejection of(
      Submissions.Envelope e,
      String projectId,
      SbomDocument document,
      List<Violation> violations,
      boolean truncated,
      String reason,
      Source source,
      byte[] raw,
      Instant now) {
    List<String> lines = new ArrayList<>(violations.size() + 1);
    violations.forEach(v -> lines.add(v.toString()));
    if (truncated) {
      lines.add(io.vigil.sbom.intake.SbomIntake.truncationNote());
    }
    SbomStatus status =
        e.submissionId() == null || e.submissionId().isBlank()
            ? null
            : Statuses.rejected(e, projectId, document, lines, violations.size(), now);
    List<String> kept = Statuses.bounded(lines, lines.size() + 1, Statuses.MAX_LINES_BYTES);
    String fullReason = reason + "\n" + String.join("\n", kept);
    int reasonBytes = fullReason.getBytes(StandardCharsets.UTF_8).length;
    int room = Math.max(0, maxRecordBytes - reasonBytes - ENVELOPE_BYTES);
    boolean cut = raw != null && raw.length > room;
    DeadLetter deadLetter =
        DeadLetters.builder(
                VigilService.INGEST_SBOM,
                "validate",
                fullReason,
                null,
                e.project() == null ? null : e.project().getBytes(StandardCharsets.UTF_8),
                null,
                now)
            .setValue(raw == null ? null : ByteBuffer.wrap(cut ? Arrays.copyOf(raw, room) : raw))
            .setValueTruncated(cut)
            .setSourceTopic(source == null ? null : source.topic())
            .setSourcePartition(source == null ? -1 : source.partition())
            .setSourceOffset(source == null ? -1 : source.offset())
            .build();
    return new Rejection(status, deadLetter);
  }
}
