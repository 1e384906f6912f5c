package io.vigil.alerting.channel;

import io.vigil.alerting.delivery.DeliveryLog;
import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.render.Notice;
import io.vigil.events.v1.AlertDelivery;
import io.vigil.events.v1.DeliveryStatus;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A weekly message (the coverage digest, the fix plan digest): posted once per ISO week across
 * restarts. The week posted is recorded in the delivery log under {@code <prefix><week>}, and
 * {@link #posted} reads the weeks back on start.
 */
public final class WeeklyNotices {
  private static final Logger log = LoggerFactory.getLogger(WeeklyNotices.class);

  private WeeklyNotices() {}

  /** One notice and the channels it goes to. */
  public record Post(Notice notice, List<Channel> targets) {}

  /** Adds the weeks recorded under {@code prefix} in the delivery log to {@code posted}. */
  public static void posted(Map<String, AlertDelivery> records, String prefix, Set<String> posted) {
    records.keySet().stream()
        .filter(k -> k.startsWith(prefix))
        .forEach(k -> posted.add(k.substring(prefix.length())));
  }

  /**
   * Sends the week's notices ({@link NoticeSender#send}), then records the week as posted.
   *
   * @param prefix the delivery-log key prefix ({@code ~coverage|})
   * @param slotAt the week's slot (the record's first trigger)
   */
  public static void send(
      String week,
      List<Post> posts,
      String prefix,
      Instant slotAt,
      DeliveryLog deliveryLog,
      Clock clock,
      Sleeper sleeper) {
    try {
      for (Post p : posts) {
        NoticeSender.send(p.notice(), p.targets(), sleeper);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return;
    }
    Notice first = posts.get(0).notice();
    try {
      deliveryLog.write(
          List.of(
              AlertDelivery.newBuilder()
                  .setAlertKey(prefix + week)
                  .setChannel(prefix.substring(0, prefix.length() - 1))
                  .setChannelType("notice")
                  .setStatus(DeliveryStatus.SENT)
                  .setAttempts(1)
                  .setExternalId(first.deliveryId())
                  .setUpdatedAt(clock.instant())
                  .setFirstTriggeredAt(slotAt)
                  .setLastChange(first.kind())
                  .build()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      log.warn("alerting: could not record {} {}: {}", first.kind(), week, e.toString());
    }
  }
}
