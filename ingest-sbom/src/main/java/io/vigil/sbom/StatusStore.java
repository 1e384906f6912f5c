package io.vigil.sbom;

import io.vigil.events.v1.SbomStatus;
import io.vigil.platform.http.HttpError;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the global status store ({@code sbom-status-store}, every instance has all of it) of the
 * current Kafka Streams client, and gives a status its JSON form.
 */
public final class StatusStore {
  private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private final Supplier<KafkaStreams> streams;

  StatusStore(Supplier<KafkaStreams> streams) {
    this.streams = streams;
  }

  /** The status of a submission, or null (also for a string that cannot be a token). */
  public SbomStatus lookup(String token) {
    if (token == null || !TOKEN.matcher(token).matches()) {
      return null;
    }
    return store().get(token);
  }

  /** Every status in the store (in key order), for a full pass such as an index rebuild. */
  public KeyValueIterator<String, SbomStatus> all() {
    return store().all();
  }

  private ReadOnlyKeyValueStore<String, SbomStatus> store() {
    KafkaStreams ks = streams.get();
    try {
      return ks.store(
          StoreQueryParameters.fromNameAndType(
              SbomIngestTopology.STATUS_STORE, QueryableStoreTypes.keyValueStore()));
    } catch (InvalidStateStoreException e) {
      throw new HttpError(
          503, "unavailable", "the status store is not ready yet (" + ks.state() + ")");
    }
  }

  /** The JSON form of a status (as GET /api/v1/sbom/{token} answers). */
  public static Map<String, Object> json(SbomStatus s) {
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", s.getSubmissionId());
    out.put("project", s.getProject());
    out.put("version", s.getProjectVersion());
    out.put("projectId", s.getProjectId());
    out.put("state", s.getState().name());
    out.put("format", s.getFormat());
    out.put("specVersion", s.getSpecVersion());
    out.put("components", s.getComponents());
    out.put("componentsWithoutPurl", s.getComponentsWithoutPurl());
    out.put("added", s.getAdded());
    out.put("removed", s.getRemoved());
    out.put("unchanged", s.getUnchanged());
    out.put("initialInventory", s.getInitialInventory());
    out.put("violationCount", s.getViolationCount());
    out.put("violations", s.getViolations());
    out.put("warnings", s.getWarnings());
    out.put("submittedBy", s.getSubmittedBy());
    out.put("receivedAt", s.getReceivedAt().toString());
    out.put("updatedAt", s.getUpdatedAt().toString());
    return out;
  }
}
