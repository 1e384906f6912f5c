package io.vigil.alerting.feeds;

import io.vigil.platform.config.ConfigException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * FEED_STALE alerts ({@code alerting.feeds}; every key optional).
 *
 * <pre>
 * alerting:
 *   feeds:
 *     enabled: true          # default true
 *     cadence: {osv: 1h, ghsa: 6h, nvd: 2h, kev: 7d, epss: 1d}   # the defaults (see below)
 *     checkEvery: 1m         # how often the last statuses are judged again at alerting's time
 *     recovery: true         # a note when a stale source is fresh again; default true
 *     channels: [slack-ops]  # default: every channel that takes notices (all but Jira)
 * </pre>
 *
 * @param enabled whether alerting reads {@code vigil.feeds.status.v1} at all; default true
 * @param cadence how often each source (osv, ghsa, nvd, kev, epss) is expected to publish something
 *     new; a source is stale when older than twice it. Defaults {@link #DEFAULT_CADENCE}, the same
 *     as ingest-advisories' {@code feedFreshness.cadence}; a source not listed here but with a
 *     status takes the cadence its status carries
 * @param checkEvery how often the last status of every source is judged again at alerting's own
 *     clock (so a source whose writer died turns stale too); default 1m
 * @param recovery send a FEED_RECOVERED note when a source that was announced stale is fresh again;
 *     default true
 * @param channels the channels that get feed notices; default every configured channel that takes
 *     notices (Slack, Slack API, webhook, Teams, console; not Jira)
 */
public record FeedAlertsConfig(
    Boolean enabled,
    Map<String, Duration> cadence,
    Duration checkEvery,
    Boolean recovery,
    List<String> channels) {

  /** The source kinds and their default cadence. */
  public static final Map<String, Duration> DEFAULT_CADENCE =
      Map.of(
          "osv", Duration.ofHours(1),
          "ghsa", Duration.ofHours(6),
          "nvd", Duration.ofHours(2),
          "kev", Duration.ofDays(7),
          "epss", Duration.ofDays(1));

  public FeedAlertsConfig {
    enabled = enabled == null || enabled;
    Map<String, Duration> all = new LinkedHashMap<>(DEFAULT_CADENCE);
    if (cadence != null) {
      for (var e : cadence.entrySet()) {
        if (!DEFAULT_CADENCE.containsKey(e.getKey())) {
          throw new ConfigException(
              "alerting.feeds.cadence."
                  + e.getKey()
                  + ": unknown source kind (known: "
                  + new TreeSet<>(DEFAULT_CADENCE.keySet())
                  + ")");
        }
        if (e.getValue() == null || e.getValue().isNegative() || e.getValue().isZero()) {
          throw new ConfigException(
              "alerting.feeds.cadence." + e.getKey() + ": must be a positive duration");
        }
        all.put(e.getKey(), e.getValue());
      }
    }
    cadence = Map.copyOf(all);
    checkEvery = checkEvery == null ? Duration.ofMinutes(1) : checkEvery;
    if (checkEvery.isNegative() || checkEvery.isZero()) {
      throw new ConfigException("alerting.feeds.checkEvery: must be a positive duration");
    }
    recovery = recovery == null || recovery;
    channels = channels == null ? null : List.copyOf(channels);
  }

  public static FeedAlertsConfig defaults() {
    return new FeedAlertsConfig(null, null, null, null, null);
  }

  /** Checks that every channel named exists. */
  public void validate(Set<String> configuredChannels) {
    if (channels != null) {
      for (String c : channels) {
        if (!configuredChannels.contains(c)) {
          throw new ConfigException(
              "alerting.feeds.channels: no channel named '"
                  + c
                  + "' (configured: "
                  + new TreeSet<>(configuredChannels)
                  + ")");
        }
      }
    }
  }

  /** The expected cadence of a source: configured, else default, else the status's. */
  public Duration cadenceOf(String source, Duration fromStatus) {
    Duration d = cadence.get(source);
    return d != null ? d : fromStatus;
  }
}
