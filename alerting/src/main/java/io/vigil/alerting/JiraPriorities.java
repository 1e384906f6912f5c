package io.vigil.alerting;

import io.vigil.core.ssvc.SsvcOutcome;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Pure: the Jira priority of an exposure from a Jira channel's {@code priorities} map, whose keys
 * are severity ratings or SSVC outcomes. The outcome decides first when keyed, then KEV, then the
 * severity (the defaults CRITICAL→Highest, HIGH→High, MEDIUM→Medium, LOW→Low when no severity is
 * keyed).
 */
final class JiraPriorities {
  private static final Map<String, String> DEFAULTS =
      Map.of("CRITICAL", "Highest", "HIGH", "High", "MEDIUM", "Medium", "LOW", "Low");

  private JiraPriorities() {}

  /** True for a key {@code priorities} may have: a severity rating or an SSVC outcome. */
  static boolean isKey(String k) {
    return Severities.RATINGS.contains(k.toUpperCase(Locale.ROOT))
        || SsvcOutcome.parse(k).isPresent();
  }

  /**
   * @param priorities the channel's map (null: none configured)
   * @param kevPriority the priority of a KEV-listed exposure
   * @return the priority name, or null to leave Jira's default
   */
  static String priorityFor(
      Map<String, String> priorities,
      String kevPriority,
      String severity,
      boolean kev,
      SsvcOutcome ssvc) {
    if (ssvc != null && priorities != null) {
      for (var e : priorities.entrySet()) {
        if (SsvcOutcome.parse(e.getKey()).orElse(null) == ssvc) {
          return e.getValue();
        }
      }
    }
    if (kev) {
      return kevPriority;
    }
    Map<String, String> m = upper(priorities == null ? Map.of() : priorities);
    m.keySet().retainAll(Severities.RATINGS);
    if (m.isEmpty()) { // no severity keyed (none, or only SSVC outcomes): the defaults
      m = DEFAULTS;
    }
    String rating = Severities.normalize(severity);
    return rating == null ? null : m.get(rating);
  }

  private static Map<String, String> upper(Map<String, String> m) {
    Map<String, String> out = new LinkedHashMap<>();
    m.forEach((k, v) -> out.put(k.toUpperCase(Locale.ROOT), v));
    return out;
  }
}
