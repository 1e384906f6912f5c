package io.vigil.alerting.channel;

import io.vigil.alerting.delivery.Sleeper;
import io.vigil.alerting.render.Notice;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts a {@link Notice} (FEED_STALE, SYSTEMIC) to its channels: up to 5 attempts each, backing off
 * 2, 4, 8, 16 s on a retryable failure, then logged. Notices are rare, so they bypass the
 * dispatcher's lanes and rate limiter.
 */
public final class NoticeSender {
  private static final Logger log = LoggerFactory.getLogger(NoticeSender.class);
  private static final int ATTEMPTS = 5;

  private NoticeSender() {}

  /** The channels that get notices: those named (null: every one) that take notices. */
  public static List<Channel> targets(List<String> named, Map<String, Channel> channels) {
    List<Channel> out = new ArrayList<>();
    for (Channel c : channels.values()) {
      if ((named == null || named.contains(c.name())) && c.takesNotices()) {
        out.add(c);
      }
    }
    return out;
  }

  /**
   * @return how many channels took it
   * @throws InterruptedException when interrupted (a stop)
   */
  public static int send(Notice n, List<Channel> targets, Sleeper sleeper)
      throws InterruptedException {
    int sent = 0;
    for (Channel c : targets) {
      for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
        try {
          c.notify(n);
          sent++;
          break;
        } catch (DeliveryException e) {
          log.warn(
              "alerting: {} to channel {} failed (attempt {}): {}",
              n.kind(),
              c.name(),
              attempt,
              e.getMessage());
          if (!e.retryable() || attempt == ATTEMPTS) {
            break;
          }
          sleeper.sleep(Duration.ofSeconds(1L << attempt));
        } catch (RuntimeException e) {
          log.warn("alerting: {} to channel {} failed: {}", n.kind(), c.name(), e.toString());
          break;
        }
      }
    }
    return sent;
  }

  /** The one daemon thread a notice input posts on, so a slow channel never holds its loop. */
  public static java.util.concurrent.ExecutorService thread(String name) {
    return java.util.concurrent.Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, name);
          t.setDaemon(true);
          return t;
        });
  }
}
