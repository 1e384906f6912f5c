package io.vigil.sbom;

import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Uploads waiting for their outcome: completed when the global status store (on this instance) sees
 * the submission's final status, whichever instance processed it.
 */
final class StatusWaiters implements SbomIngestTopology.StatusListener {
  private final Map<String, CompletableFuture<SbomStatus>> waiting = new ConcurrentHashMap<>();

  /** Registers before publishing, so the outcome cannot be missed. */
  CompletableFuture<SbomStatus> register(String submissionId) {
    return waiting.computeIfAbsent(submissionId, id -> new CompletableFuture<>());
  }

  void forget(String submissionId) {
    waiting.remove(submissionId);
  }

  int waiting() {
    return waiting.size();
  }

  @Override
  public void onStatus(String submissionId, SbomStatus status) {
    if (status == null || status.getState() == SbomProcessingState.PROCESSING) {
      return;
    }
    CompletableFuture<SbomStatus> f = waiting.remove(submissionId);
    if (f != null) {
      f.complete(status);
    }
  }
}
