package io.vigil.alerting.channel;

import io.vigil.alerting.engine.GroupKey;
import io.vigil.events.v1.AlertDelivery;
import java.util.List;
import java.util.Map;

/**
 * A successful delivery.
 *
 * @param externalIds the target's id per group (Jira issue key)
 * @param messageId the target's id of the message (Slack {@code channel:ts}), or null
 * @param extraRecords further delivery-log records (a Slack thread's parent message)
 */
public record Delivered(
    Map<GroupKey, String> externalIds, String messageId, List<AlertDelivery> extraRecords) {

  public Delivered {
    externalIds = Map.copyOf(externalIds);
    extraRecords = List.copyOf(extraRecords);
  }

  public static Delivered of() {
    return new Delivered(Map.of(), null, List.of());
  }

  public static Delivered message(String id) {
    return new Delivered(Map.of(), id, List.of());
  }
}
