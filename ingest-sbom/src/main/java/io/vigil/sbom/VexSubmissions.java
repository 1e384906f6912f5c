package io.vigil.sbom;

import io.vigil.core.triage.AnalysisChange;
import io.vigil.core.vex.InvalidVexException;
import io.vigil.events.v1.SbomSubmission;
import io.vigil.platform.triage.AnalysisAvro;
import io.vigil.sbom.triage.AnalysisChanges;
import io.vigil.sbom.triage.CurrentDecisions;
import io.vigil.sbom.triage.VexImports;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A VEX document that came on the submissions topic ({@code kind} VEX) becomes the project's
 * decisions exactly as the HTTP import makes them ({@link VexImports}: same parser, same product
 * matching), written as the triage API writes them ({@link AnalysisChanges}: a decision identical
 * to the current one is no change; each change is the decision on {@code vigil.analyses.v1} and its
 * {@code AnalysisChange} on the history topic), in the processor's transaction. An invalid document
 * keeps nothing and is dead-lettered with the path of each problem.
 *
 * <p>The decisions' author is the document's, else the submission's {@code submittedBy}, else
 * {@code anonymous (kafka)}; statements without a timestamp are decided at the submission's {@code
 * receivedAt}, and change ids derive from the submission, so a replay after a crash writes the same
 * records.
 */
final class VexSubmissions {
  private static final Logger log = LoggerFactory.getLogger(VexSubmissions.class);

  /** How long the processor waits for the instance to know the current decisions at start. */
  static final Duration DECISIONS_WAIT = Duration.ofSeconds(30);

  private final CurrentDecisions decisions;
  private final ProcessorContext<String, Object> context;
  private final SubmissionRejections rejections;

  VexSubmissions(
      CurrentDecisions decisions,
      ProcessorContext<String, Object> context,
      SubmissionRejections rejections) {
    this.decisions = decisions;
    this.context = context;
    this.rejections = rejections;
  }

  /** Imports the (decoded) document of a complete VEX submission. */
  void importDocument(List<SbomSubmission> parts, byte[] document, long timestamp) {
    Submissions.Envelope e = Submissions.envelope(parts.get(0));
    VexImports.Imported imported;
    try {
      imported =
          VexImports.read(
              document, e.project(), e.projectVersion(), author(e.submittedBy()), e.receivedAt());
    } catch (InvalidVexException ex) {
      rejections.rejectVex(parts, ex.problems(), timestamp);
      return;
    }
    awaitDecisions(e.submissionId());
    List<AnalysisChange> changes = AnalysisChanges.of(imported.result().analyses(), decisions::get);
    for (AnalysisChange c : changes) {
      context.forward(
          new Record<String, Object>(c.key(), AnalysisAvro.toAvro(c.analysis()), timestamp),
          SbomIngestTopology.ANALYSES_SINK);
      context.forward(
          new Record<String, Object>(
              c.key(), AnalysisAvro.toAvro(c, changeId(e.submissionId(), c.key())), timestamp),
          SbomIngestTopology.ANALYSIS_HISTORY_SINK);
    }
    log.info(
        "VEX {} for {}: {}",
        e.submissionId(),
        e.project() + (e.projectVersion() == null ? "" : "@" + e.projectVersion()),
        imported.summary(changes.size()));
  }

  /** Who imports: the submission's principal, else anonymous. */
  static String author(String submittedBy) {
    return submittedBy == null || submittedBy.isBlank() ? "anonymous (kafka)" : submittedBy;
  }

  /** The change id of a submission's change of {@code key}: the same on every replay. */
  static String changeId(String submissionId, String key) {
    return UUID.nameUUIDFromBytes((submissionId + "\0" + key).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  /**
   * Waits (bounded) until the current decisions are known, so each change names the one it replaces
   * and an identical decision writes nothing; after that, goes on with what is known.
   */
  private void awaitDecisions(String submissionId) {
    try {
      if (!decisions.awaitCaughtUp(DECISIONS_WAIT)) {
        log.warn(
            "VEX {}: the current decisions were not read within {}; importing anyway (the trail"
                + " may not name the decisions these replace)",
            submissionId,
            DECISIONS_WAIT);
      }
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new StreamsException("interrupted", ex);
    }
  }
}
