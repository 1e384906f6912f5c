package io.vigil.alerting;

import io.vigil.core.ssvc.SsvcOutcome;
import io.vigil.platform.config.ConfigException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One routing rule ({@code alerting.routes[i]}): exposures that match every condition given go to
 * {@code channels}. An exposure goes to a channel when any route naming it matches. Absent
 * conditions match everything.
 *
 * @param channels channel names (required)
 * @param projects globs on the project name or id ({@code *} any run of characters, {@code ?} one);
 *     any when absent
 * @param ecosystems OSV ecosystems of the component ({@code Maven}, {@code npm}, {@code PyPI},
 *     {@code Debian}), compared by OSV's rule: same base (case-insensitive), releases compared only
 *     when both state one ({@code Debian} matches {@code Debian:12}); the component's ecosystem is
 *     the matching engine's for its purl; any when absent
 * @param minSeverity LOW, MEDIUM, HIGH or CRITICAL: the advisory's rating must be at least this. An
 *     advisory without a rating passes (an unscored zero-day is not silenced); add {@code kevOnly}
 *     or {@code minEpss} to narrow further
 * @param kevOnly only vulnerabilities in CISA KEV
 * @param minEpss only vulnerabilities whose EPSS score is at least this (0..1)
 * @param types NEW, RESOLVED, UPDATED (escalations); all when absent
 * @param ssvc SSVC outcomes the exposure's decision must be one of ({@code ACT}, {@code ATTEND},
 *     {@code TRACK*} or {@code TRACK_STAR}, {@code TRACK}); an exposure without a decision (from a
 *     correlator that predates it) does not match a route with this condition; any when absent
 * @param minSsvc the exposure's SSVC outcome must be at least this (Track &lt; Track* &lt; Attend
 *     &lt; Act); as {@code ssvc} for an exposure without a decision
 * @param teams globs on the project's team (its context); a project without a team does not match;
 *     any when absent
 * @param owners globs on the project's owner (its context), as {@code teams}
 */
public record RouteConfig(
    List<String> channels,
    List<String> projects,
    List<String> ecosystems,
    String minSeverity,
    Boolean kevOnly,
    Double minEpss,
    List<String> types,
    List<String> ssvc,
    String minSsvc,
    List<String> teams,
    List<String> owners) {

  private static final Set<String> TYPES = Set.of("NEW", "RESOLVED", "UPDATED", "OVERDUE");

  /** The conditions without SSVC or project context. */
  public RouteConfig(
      List<String> channels,
      List<String> projects,
      List<String> ecosystems,
      String minSeverity,
      Boolean kevOnly,
      Double minEpss,
      List<String> types) {
    this(
        channels,
        projects,
        ecosystems,
        minSeverity,
        kevOnly,
        minEpss,
        types,
        null,
        null,
        null,
        null);
  }

  public RouteConfig {
    ssvc = ssvc == null ? List.of() : List.copyOf(ssvc);
    teams = teams == null ? List.of() : List.copyOf(teams);
    owners = owners == null ? List.of() : List.copyOf(owners);
    channels = channels == null ? List.of() : List.copyOf(channels);
    projects = projects == null ? List.of() : List.copyOf(projects);
    ecosystems = ecosystems == null ? List.of() : List.copyOf(ecosystems);
    types =
        types == null
            ? List.of()
            : types.stream().map(t -> t.trim().toUpperCase(Locale.ROOT)).toList();
    minSeverity = minSeverity == null ? null : minSeverity.trim().toUpperCase(Locale.ROOT);
  }

  /** Everything to these channels. */
  public static RouteConfig everything(List<String> channels) {
    return new RouteConfig(channels, null, null, null, null, null, null);
  }

  void validate(String where, Set<String> knownChannels) {
    if (channels.isEmpty()) {
      throw new ConfigException(where + ".channels: required (at least one channel name)");
    }
    for (String c : channels) {
      if (!knownChannels.contains(c)) {
        throw new ConfigException(
            where + ".channels: no channel named '" + c + "' (configured: " + knownChannels + ")");
      }
    }
    if (minSeverity != null && Severities.rank(minSeverity) < 1) {
      throw new ConfigException(
          where + ".minSeverity: must be LOW, MEDIUM, HIGH or CRITICAL, got '" + minSeverity + "'");
    }
    if (minEpss != null && (minEpss < 0 || minEpss > 1)) {
      throw new ConfigException(where + ".minEpss: must be between 0 and 1");
    }
    for (String o : ssvc) {
      if (SsvcOutcome.parse(o).isEmpty()) {
        throw new ConfigException(
            where + ".ssvc: '" + o + "' is not an SSVC outcome (ACT, ATTEND, TRACK*, TRACK)");
      }
    }
    if (minSsvc != null && SsvcOutcome.parse(minSsvc).isEmpty()) {
      throw new ConfigException(
          where
              + ".minSsvc: '"
              + minSsvc
              + "' is not an SSVC outcome (ACT, ATTEND, TRACK*, TRACK)");
    }
    for (String t : types) {
      if (!TYPES.contains(t)) {
        throw new ConfigException(
            where + ".types: '" + t + "' is not an event type (NEW, RESOLVED, UPDATED, OVERDUE)");
      }
    }
  }
}
