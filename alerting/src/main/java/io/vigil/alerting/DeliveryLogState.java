package io.vigil.alerting;

import io.vigil.alerting.channel.Channel;
import io.vigil.alerting.delivery.KafkaDeliveryLog;
import io.vigil.alerting.engine.GroupState;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.platform.kafka.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads the compacted delivery log back: the groups' states for the engine and, for the records
 * that are a channel's own (Slack threads, Jira issue keys), hands them to that channel.
 */
final class DeliveryLogState {
  private DeliveryLogState() {}

  /**
   * What the log holds.
   *
   * @param groups the groups' states, for the engine
   * @param records every record by key (feed episodes are among them)
   */
  record Restored(List<GroupState> groups, Map<String, AlertDelivery> records) {}

  /**
   * @param channels the channels to restore their own records into; empty: groups only (a re-read
   *     after a rebalance)
   */
  static Restored read(KafkaSettings kafka, Map<String, Channel> channels) {
    Map<String, AlertDelivery> records = KafkaDeliveryLog.readAll(kafka, Duration.ofSeconds(60));
    List<GroupState> states = new ArrayList<>();
    for (AlertDelivery d : records.values()) {
      GroupState s = GroupState.fromRecord(d);
      if (s != null) {
        states.add(s);
      } else {
        Channel ch = channels.get(d.getChannel());
        if (ch != null) {
          ch.restore(d);
        }
      }
    }
    return new Restored(states, records);
  }
}
