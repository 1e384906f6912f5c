package io.vigil.alerting.render;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A message about the service's own inputs rather than an exposure (FEED_STALE, FEED_RECOVERED):
 * what chat and webhook channels post; Jira keeps no issue for it.
 *
 * @param kind {@code FEED_STALE} or {@code FEED_RECOVERED}
 * @param deliveryId deterministic id (same episode, same id): {@code X-Vigil-Delivery}
 * @param title one line: {@code Advisory feed osv is stale}
 * @param lines the details, plain text (the reasons, the last success, the last error)
 * @param facts the details as data, for the webhook payload
 * @param at when it was decided
 */
public record Notice(
    String kind,
    String deliveryId,
    String title,
    List<String> lines,
    Map<String, Object> facts,
    Instant at) {
  public Notice {
    lines = List.copyOf(lines);
    facts = Map.copyOf(facts);
  }
}
