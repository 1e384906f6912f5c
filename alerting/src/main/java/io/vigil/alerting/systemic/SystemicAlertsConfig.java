package io.vigil.alerting.systemic;

import io.vigil.platform.config.ConfigException;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * SYSTEMIC notices ({@code alerting.systemic}; every key optional).
 *
 * @param enabled whether alerting reads {@code vigil.systemic.v1}; default true
 * @param channels the channels that get them; default every channel that takes notices (all but
 *     Jira)
 */
public record SystemicAlertsConfig(Boolean enabled, List<String> channels) {
  public SystemicAlertsConfig {
    enabled = enabled == null || enabled;
    channels = channels == null ? null : List.copyOf(channels);
  }

  public static SystemicAlertsConfig defaults() {
    return new SystemicAlertsConfig(null, null);
  }

  /** Checks that every channel named exists. */
  public void validate(Set<String> configuredChannels) {
    if (channels != null) {
      for (String c : channels) {
        if (!configuredChannels.contains(c)) {
          throw new ConfigException(
              "alerting.systemic.channels: no channel named '"
                  + c
                  + "' (configured: "
                  + new TreeSet<>(configuredChannels)
                  + ")");
        }
      }
    }
  }
}
