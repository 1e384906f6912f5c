package io.vigil.alerting.digest;

import io.vigil.platform.config.ConfigException;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The weekly portfolio fix plan digest ({@code alerting.fixPlanDigest}; every key optional). The
 * correlator sends the partials ({@code correlator.fixPlanDigest.enabled}); alerting posts a week's
 * plan once every partition's partial has arrived, or {@code deadline} after the first one (saying
 * which partitions are missing).
 *
 * <pre>
 * alerting:
 *   fixPlanDigest:
 *     enabled: true          # default false: the digest is opt-in
 *     top: 10                # upgrades listed; default 10
 *     deadline: 6h           # after a week's first partial, post without the missing; default 6h
 *     perTeam: true          # also each team's plan to the channels of routes naming the team
 *     channels: [slack-sec]  # default: every channel that takes notices (all but Jira)
 * </pre>
 *
 * @param enabled whether alerting reads {@code vigil.fixplan.partials.v1} and posts; default false
 * @param top how many upgrades each plan lists; default 10
 * @param deadline how long after a week's first partial the plan is posted without the partitions
 *     still missing; default 6 hours
 * @param perTeam whether each team's plan also goes to the channels of the routes whose {@code
 *     teams} match the team; default true
 * @param channels the channels that get the whole portfolio's plan; default every configured
 *     channel that takes notices
 */
public record FixPlanDigestAlertsConfig(
    Boolean enabled, Integer top, Duration deadline, Boolean perTeam, List<String> channels) {
  public FixPlanDigestAlertsConfig {
    enabled = enabled != null && enabled;
    top = top == null ? 10 : top;
    if (top < 1 || top > 100) {
      throw new ConfigException("alerting.fixPlanDigest.top: must be 1-100");
    }
    deadline = deadline == null ? Duration.ofHours(6) : deadline;
    if (deadline.isNegative()) {
      throw new ConfigException("alerting.fixPlanDigest.deadline: must not be negative");
    }
    perTeam = perTeam == null || perTeam;
    channels = channels == null ? null : List.copyOf(channels);
  }

  public static FixPlanDigestAlertsConfig defaults() {
    return new FixPlanDigestAlertsConfig(null, null, null, null, null);
  }

  /** Checks that every channel named exists. */
  public void validate(Set<String> configuredChannels) {
    if (channels != null) {
      for (String c : channels) {
        if (!configuredChannels.contains(c)) {
          throw new ConfigException(
              "alerting.fixPlanDigest.channels: no channel named '" + c + "' is configured");
        }
      }
    }
  }
}
