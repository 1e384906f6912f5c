package io.vigil.alerting.engine;

import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeliveryStatus;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What alerting knows about one (channel, vulnerability, project) group: which exposures are open
 * (exposure id → component), what the target calls it (Jira issue key), the delivery status of its
 * last alert, and the exposures-topic offset of the last event applied (a restart or replay skips
 * events at or below it). Immutable; persisted as an {@link AlertDelivery} in the compacted
 * delivery log.
 */
public record GroupState(
    GroupKey key,
    String channelType,
    String project,
    Map<String, String> open,
    String externalId,
    DeliveryStatus status,
    int attempts,
    String lastError,
    Integer sourcePartition,
    Long sourceOffset,
    Instant firstTriggeredAt,
    Instant updatedAt,
    Change lastChange) {

  public GroupState {
    open = Collections.unmodifiableMap(new LinkedHashMap<>(open));
  }

  /** A group nothing is known of yet. */
  public static GroupState empty(GroupKey key, String channelType) {
    return new GroupState(
        key,
        channelType,
        null,
        Map.of(),
        null,
        DeliveryStatus.PENDING,
        0,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  public boolean isOpen() {
    return !open.isEmpty();
  }

  /** The distinct components currently exposed. */
  public Set<String> components() {
    return new LinkedHashSet<>(open.values());
  }

  /** True when the event at this position was already applied (a restart or replay). */
  public boolean hasApplied(int partition, long offset) {
    return sourcePartition != null
        && sourcePartition == partition
        && sourceOffset != null
        && sourceOffset >= offset;
  }

  /** The state after one exposure event. */
  public GroupState apply(ExposureEvent e, int partition, long offset, Instant now) {
    Map<String, String> next = new LinkedHashMap<>(open);
    if (e.getType() == ExposureType.RESOLVED || e.getType() == ExposureType.SUPPRESSED) {
      // a suppressed exposure (triage: not affected, false positive) no longer counts as open;
      // UNSUPPRESSED opens it again like NEW
      next.remove(e.getExposureId());
    } else {
      next.put(e.getExposureId(), componentLabel(e));
    }
    Instant first = firstTriggeredAt;
    if (!isOpen() && !next.isEmpty()) {
      first = e.getTriggeredAt();
    }
    return new GroupState(
        key,
        channelType,
        e.getProject(),
        next,
        externalId,
        status,
        attempts,
        lastError,
        partition,
        offset,
        first,
        now,
        lastChange);
  }

  public GroupState withDelivery(
      DeliveryStatus s,
      int attemptCount,
      String error,
      String external,
      Change change,
      Instant at) {
    return new GroupState(
        key,
        channelType,
        project,
        open,
        external != null ? external : externalId,
        s,
        attemptCount,
        error,
        sourcePartition,
        sourceOffset,
        firstTriggeredAt,
        at,
        change);
  }

  public GroupState withExternalId(String external) {
    return new GroupState(
        key,
        channelType,
        project,
        open,
        external,
        status,
        attempts,
        lastError,
        sourcePartition,
        sourceOffset,
        firstTriggeredAt,
        updatedAt,
        lastChange);
  }

  /** How a component is shown and tracked: its purl as in the SBOM, else group/name@version. */
  public static String componentLabel(ExposureEvent e) {
    var c = e.getComponent();
    if (c.getPurl() != null) {
      return c.getPurl();
    }
    String name = c.getGroup() == null ? c.getName() : c.getGroup() + "/" + c.getName();
    return c.getVersion() == null ? name : name + "@" + c.getVersion();
  }

  /** The delivery-log record of this state. */
  public AlertDelivery toRecord(String vulnerabilityId) {
    List<String> ids = new ArrayList<>(open.keySet());
    List<String> comps = new ArrayList<>(open.values());
    return AlertDelivery.newBuilder()
        .setAlertKey(key.alertKey())
        .setChannel(key.channel())
        .setChannelType(channelType)
        .setStatus(status)
        .setAttempts(attempts)
        .setLastError(lastError)
        .setExternalId(externalId)
        .setExposureIds(ids)
        .setComponents(comps)
        .setVulnerabilityId(vulnerabilityId)
        .setProjectId(key.projectId())
        .setSourcePartition(sourcePartition)
        .setSourceOffset(sourceOffset)
        .setFirstTriggeredAt(firstTriggeredAt)
        .setUpdatedAt(updatedAt == null ? Instant.EPOCH : updatedAt)
        .setLastChange(lastChange == null ? null : lastChange.name())
        .build();
  }

  /** Back from a delivery-log record (null when it is not a group record). */
  public static GroupState fromRecord(AlertDelivery d) {
    GroupKey k = GroupKey.parse(d.getAlertKey());
    if (k == null || d.getProjectId() == null) {
      return null;
    }
    Map<String, String> open = new LinkedHashMap<>();
    List<String> ids = d.getExposureIds();
    List<String> comps = d.getComponents();
    for (int i = 0; i < ids.size(); i++) {
      open.put(ids.get(i), i < comps.size() ? comps.get(i) : ids.get(i));
    }
    return new GroupState(
        k,
        d.getChannelType(),
        null,
        open,
        d.getExternalId(),
        d.getStatus(),
        d.getAttempts(),
        d.getLastError(),
        d.getSourcePartition(),
        d.getSourceOffset(),
        d.getFirstTriggeredAt(),
        d.getUpdatedAt(),
        d.getLastChange() == null ? null : Change.valueOf(d.getLastChange()));
  }
}
