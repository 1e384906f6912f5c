package io.vigil.sbom;

import io.vigil.events.v1.SbomSubmission;
import io.vigil.events.v1.SubmissionKind;
import io.vigil.sbom.intake.SbomIntake;
import io.vigil.sbom.intake.Violation;
import io.vigil.sbom.recovery.UnproducibleInputs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rejects a submission from within the processor: its REJECTED status and its dead letter ({@link
 * Rejections} makes both records), and the submission in its inventory's history.
 */
final class SubmissionRejections {
  private static final Logger log = LoggerFactory.getLogger(SubmissionRejections.class);

  private final IngestSbomConfig config;
  private final String deadLetterTopic;
  private final Rejections rejections;
  private final SubmissionProcessor.Outcomes outcomes;
  private final ProcessorContext<String, Object> context;
  private final SubmissionHistory history;

  SubmissionRejections(
      IngestSbomConfig config,
      String deadLetterTopic,
      Rejections rejections,
      SubmissionProcessor.Outcomes outcomes,
      ProcessorContext<String, Object> context,
      SubmissionHistory history) {
    this.config = config;
    this.deadLetterTopic = deadLetterTopic;
    this.rejections = rejections;
    this.outcomes = outcomes;
    this.context = context;
    this.history = history;
  }

  /** Rejects with the status and the dead letter (keeping the document as submitted). */
  void reject(
      List<SbomSubmission> parts,
      SbomIntake.Result result,
      List<Violation> violations,
      long timestamp) {
    reject(
        parts,
        result,
        violations,
        null,
        result != null && result.violationsTruncated(),
        timestamp,
        true,
        true);
  }

  /**
   * Rejects a VEX submission whose document is not valid VEX: the dead letter with each problem
   * ({@code path: message}) and the document as submitted; nothing of it is kept.
   */
  void rejectVex(List<SbomSubmission> parts, List<String> problems, long timestamp) {
    List<Violation> violations = new ArrayList<>(problems.size());
    for (String p : problems) {
      int colon = p.indexOf(": ");
      violations.add(
          colon < 0
              ? new Violation("$", p)
              : new Violation(p.substring(0, colon), p.substring(colon + 2)));
    }
    reject(
        parts,
        null,
        violations,
        "invalid VEX document (" + problems.size() + " problems); nothing was kept",
        false,
        timestamp,
        true,
        true);
  }

  /**
   * Rejects an input whose output the broker refused when it was processed before (that transaction
   * was aborted): the status REJECTED with the reason, and the dead letter unless the dead-letter
   * topic itself refused a record of this input.
   */
  void rejectUnproducible(
      List<SbomSubmission> parts, UnproducibleInputs.Failure failure, long timestamp) {
    boolean deadLetter = !failure.failedTopics().contains(deadLetterTopic);
    if (!deadLetter) {
      log.error(
          "SBOM {}: the dead-letter topic refused its dead letter ({}); rejected without one",
          parts.get(0).getSubmissionId(),
          failure.reason());
    }
    reject(
        parts,
        null,
        List.of(new Violation("$", failure.reason())),
        null,
        false,
        timestamp,
        true,
        deadLetter);
  }

  /**
   * Sends the REJECTED status and, unless {@code deadLetter} is false, the dead letter (with the
   * document as submitted when {@code keepDocument}). A VEX submission has no status and no place
   * in an inventory's history: its dead letter is its rejection.
   *
   * @param reason the dead letter's first line, or null for the intake's or the first violation
   */
  private void reject(
      List<SbomSubmission> parts,
      SbomIntake.Result result,
      List<Violation> violations,
      String reason,
      boolean truncated,
      long timestamp,
      boolean keepDocument,
      boolean deadLetter) {
    SbomSubmission head = parts.get(0);
    Submissions.Envelope e = Submissions.envelope(head);
    String projectId =
        e.project() == null || e.project().isBlank()
            ? null
            : config.projectId(e.project(), e.projectVersion());
    boolean vex = head.getKind() == SubmissionKind.VEX;
    if (reason == null) {
      reason = result != null ? result.reason() : "invalid submission: " + violations.get(0);
    }
    Rejections.Rejection r =
        rejections.of(
            e,
            projectId,
            result == null ? null : result.document(),
            violations,
            truncated,
            reason,
            source(),
            keepDocument ? Submissions.content(parts) : null,
            Instant.now());
    if (r.status() != null && !vex) {
      context.forward(
          new Record<String, Object>(e.submissionId(), r.status(), timestamp),
          SbomIngestTopology.STATUS_SINK);
    }
    if (deadLetter) {
      context.forward(
          new Record<String, Object>(e.project(), r.deadLetter(), timestamp),
          SbomIngestTopology.DLQ_SINK);
    }
    if (!vex && projectId != null && e.submissionId() != null && !e.submissionId().isBlank()) {
      history.remember(
          projectId, history.get(projectId), e.submissionId(), null, 0, false, timestamp);
    }
    log.warn(
        "{} {} for {} rejected ({} violations{}): {}",
        vex ? "VEX" : "SBOM",
        e.submissionId(),
        e.project(),
        violations.size(),
        deadLetter ? "; dead letter on " + deadLetterTopic : "",
        violations.get(0));
    if (r.status() != null && !vex) {
      outcomes.outcome(r.status(), head.getChannel());
    }
  }

  /** Where the record being processed came from (null in a punctuator). */
  Rejections.Source source() {
    RecordMetadata m = context.recordMetadata().orElse(null);
    return m == null ? null : new Rejections.Source(m.topic(), m.partition(), m.offset());
  }
}
