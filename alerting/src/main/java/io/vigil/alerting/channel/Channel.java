package io.vigil.alerting.channel;

import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.render.AlertView;
import io.vigil.alerting.render.Notice;
import io.vigil.events.v1.AlertDelivery;

/** A configured alert destination. One instance per channel; its lanes may call it concurrently. */
public interface Channel {
  String name();

  /** slack, slack-api, jira, webhook, teams, console. */
  String type();

  /**
   * Delivers one alert (one attempt; the dispatcher retries).
   *
   * @throws DeliveryException classified failure, message free of secrets
   */
  Delivered deliver(Alert alert, AlertView view) throws DeliveryException, InterruptedException;

  /** True for the channels that post {@link Notice}s (chat and webhook channels; not Jira). */
  default boolean takesNotices() {
    return false;
  }

  /**
   * Posts a notice about the service's inputs (FEED_STALE); one attempt, the caller retries.
   *
   * @throws DeliveryException classified failure, message free of secrets
   */
  default Delivered notify(Notice notice) throws DeliveryException, InterruptedException {
    throw DeliveryException.permanent(
        DeliveryException.Reason.REJECTED, type() + " channels take no notices");
  }

  /** A vulnerability-level record read back from the delivery log (e.g. a Slack thread). */
  default void restore(AlertDelivery record) {}
}
