package io.vigil.alerting.coverage;

import io.vigil.platform.config.ConfigException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The weekly SBOM coverage digest ({@code alerting.coverage}; every key optional).
 *
 * <pre>
 * alerting:
 *   coverage:
 *     enabled: true          # default false: the digest is opt-in
 *     day: MONDAY            # default MONDAY
 *     hourUtc: 8             # default 8 (08:00 UTC)
 *     staleAfter: 30d        # a project whose last SBOM is older is stale; default 30d
 *     top: 10                # projects listed per section; default 10
 *     channels: [slack-sec]  # default: every channel that takes notices (all but Jira)
 * </pre>
 *
 * @param enabled whether alerting reads {@code vigil.sbom.status.v1} and posts the digest; default
 *     false
 * @param day the day of the week it is posted; default MONDAY
 * @param hourUtc the hour (UTC) it is posted; default 8
 * @param staleAfter a project whose newest accepted SBOM is older than this is stale (its inventory
 *     is invisible risk); default 30 days
 * @param top how many projects each section names; default 10
 * @param channels the channels that get it; default every configured channel that takes notices
 */
public record CoverageAlertsConfig(
    Boolean enabled,
    DayOfWeek day,
    Integer hourUtc,
    Duration staleAfter,
    Integer top,
    List<String> channels) {
  public CoverageAlertsConfig {
    enabled = enabled != null && enabled;
    day = day == null ? DayOfWeek.MONDAY : day;
    hourUtc = hourUtc == null ? 8 : hourUtc;
    if (hourUtc < 0 || hourUtc > 23) {
      throw new ConfigException("alerting.coverage.hourUtc: must be 0-23");
    }
    staleAfter = staleAfter == null ? Duration.ofDays(30) : staleAfter;
    if (staleAfter.isNegative() || staleAfter.isZero()) {
      throw new ConfigException("alerting.coverage.staleAfter: must be a positive duration");
    }
    top = top == null ? 10 : top;
    if (top < 1) {
      throw new ConfigException("alerting.coverage.top: must be at least 1");
    }
    channels = channels == null ? null : List.copyOf(channels);
  }

  public static CoverageAlertsConfig defaults() {
    return new CoverageAlertsConfig(null, null, null, null, null, null);
  }

  /** Checks that every channel named exists. */
  public void validate(Set<String> configuredChannels) {
    if (channels != null) {
      for (String c : channels) {
        if (!configuredChannels.contains(c)) {
          throw new ConfigException(
              "alerting.coverage.channels: no channel named '" + c + "' is configured");
        }
      }
    }
  }
}
