package io.vigil.sbom.coverage;

import io.vigil.events.v1.SbomProcessingState;
import io.vigil.events.v1.SbomStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each project's last accepted SBOM, from the submission statuses (the global status store, every
 * instance): when it came, what it declared, its coverage. Projects by name (any version); the
 * later {@code receivedAt} wins, then the larger token. Fed by every status change and rebuilt from
 * the store when Kafka Streams is running. A status the topic later deletes (the history limit)
 * stays here until a restart: the project did have that SBOM.
 */
public final class LastSboms {
  private static final Comparator<SbomStatus> LATER =
      Comparator.comparing(SbomStatus::getReceivedAt).thenComparing(SbomStatus::getSubmissionId);

  private final Map<String, SbomStatus> latest = new ConcurrentHashMap<>();

  /** A status was written (or deleted: null). Only COMPLETED ones count. */
  public void onStatus(String token, SbomStatus status) {
    if (status == null || status.getState() != SbomProcessingState.COMPLETED) {
      return;
    }
    latest.merge(status.getProject(), status, (a, b) -> LATER.compare(a, b) >= 0 ? a : b);
  }

  /** The project's last accepted SBOM's status, or null. */
  public SbomStatus latest(String project) {
    return latest.get(project);
  }

  /** Every project's, by project name. */
  public List<SbomStatus> all() {
    List<SbomStatus> out = new ArrayList<>(latest.values());
    out.sort(Comparator.comparing(SbomStatus::getProject));
    return out;
  }

  public int size() {
    return latest.size();
  }
}
