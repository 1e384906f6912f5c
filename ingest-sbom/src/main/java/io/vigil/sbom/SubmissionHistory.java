package io.vigil.sbom;

import io.vigil.internal.v1.ProjectInventory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Each inventory's submissions in {@code sbom-projects-store}: how many were accepted, the last
 * one, and the tokens of the last {@code statusHistory} submissions; the statuses of older ones are
 * tombstoned, so the status topic does not grow with the number of uploads.
 */
final class SubmissionHistory {
  private final IngestSbomConfig config;
  private final ProcessorContext<String, Object> context;
  private final KeyValueStore<String, ProjectInventory> projects;

  SubmissionHistory(
      IngestSbomConfig config,
      ProcessorContext<String, Object> context,
      KeyValueStore<String, ProjectInventory> projects) {
    this.config = config;
    this.context = context;
    this.projects = projects;
  }

  /** The inventory's state, or null before its first submission. */
  ProjectInventory get(String projectId) {
    return projects.get(projectId);
  }

  /**
   * Records the submission in the inventory's state and deletes the statuses of submissions that
   * fall out of the history.
   */
  void remember(
      String projectId,
      ProjectInventory state,
      String submissionId,
      Instant receivedAt,
      int components,
      boolean accepted,
      long timestamp) {
    List<String> recent = new ArrayList<>(state == null ? List.of() : state.getRecentSubmissions());
    recent.remove(submissionId);
    recent.add(submissionId);
    while (recent.size() > config.statusHistory()) {
      String old = recent.remove(0);
      context.forward(
          new Record<String, Object>(old, null, timestamp), SbomIngestTopology.STATUS_SINK);
    }
    ProjectInventory.Builder next =
        state == null
            ? ProjectInventory.newBuilder()
                .setProjectId(projectId)
                .setComponents(0)
                .setSubmissions(0L)
                .setLastSubmissionId("")
                .setLastReceivedAt(Instant.EPOCH)
            : ProjectInventory.newBuilder(state);
    next.setRecentSubmissions(recent);
    if (accepted) {
      next.setComponents(components)
          .setSubmissions(next.getSubmissions() + 1)
          .setLastSubmissionId(submissionId)
          .setLastReceivedAt(receivedAt);
    }
    projects.put(projectId, next.build());
  }
}
