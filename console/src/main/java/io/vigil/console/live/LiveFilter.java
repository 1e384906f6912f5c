package io.vigil.console.live;

import java.util.Locale;
import java.util.Set;

/**
 * Which events a Live page shows: by severity and by type. Team (issue 17's project context) and
 * SSVC outcome join here when the events carry them; the page offers a filter only for data that
 * exists.
 */
public record LiveFilter(String severity, String type) {
  static final Set<String> SEVERITIES = Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");
  static final Set<String> TYPES = Set.of("NEW", "RESOLVED", "UPDATED");

  /** From the page's query parameters; anything unknown means "all". */
  public static LiveFilter of(String severity, String type) {
    String s = severity == null ? null : severity.toUpperCase(Locale.ROOT);
    String t = type == null ? null : type.toUpperCase(Locale.ROOT);
    return new LiveFilter(
        s != null && SEVERITIES.contains(s) ? s : null, t != null && TYPES.contains(t) ? t : null);
  }

  public boolean matches(LiveEvent e) {
    return (severity == null || severity.equalsIgnoreCase(e.severity()))
        && (type == null || type.equals(e.type()));
  }

  /** The query string that selects this filter ({@code ""} for none). */
  public String query() {
    StringBuilder q = new StringBuilder();
    if (severity != null) {
      q.append("severity=").append(severity);
    }
    if (type != null) {
      q.append(q.length() > 0 ? "&" : "").append("type=").append(type);
    }
    return q.toString();
  }
}
