package io.vigil.console.live;

import io.vigil.console.query.QueryApiClient;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Which events a Live page shows: by severity, type (change), SSVC outcome ({@code
 * ExposureEvent.ssvc.outcome}) and team ({@code ExposureEvent.projectContext}: the project's team,
 * or its owner, compared without case). An event without the data a filter asks for does not match
 * it. Unknown values of the closed lists mean "all".
 */
public record LiveFilter(String severity, String type, String ssvc, String team) {
  static final Set<String> SEVERITIES = Set.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");

  /** The exposure event types, in the order the page lists them. */
  public static final List<String> TYPES =
      List.of("NEW", "RESOLVED", "UPDATED", "SUPPRESSED", "UNSUPPRESSED", "OVERDUE");

  /** SSVC outcomes, least to most urgent (the Avro {@code SsvcOutcome} symbols). */
  public static final List<String> SSVC = List.of("TRACK", "TRACK_STAR", "ATTEND", "ACT");

  /** No filter. */
  public static final LiveFilter ALL = new LiveFilter(null, null, null, null);

  /** From the page's query parameters. */
  public static LiveFilter of(String severity, String type, String ssvc, String team) {
    String s = upper(severity);
    String t = upper(type);
    String v = upper(ssvc);
    if ("TRACK*".equals(v)) {
      v = "TRACK_STAR";
    }
    String tm = team == null || team.isBlank() ? null : team.strip();
    return new LiveFilter(
        s != null && SEVERITIES.contains(s) ? s : null,
        t != null && TYPES.contains(t) ? t : null,
        v != null && SSVC.contains(v) ? v : null,
        tm != null && tm.length() <= 200 ? tm : null);
  }

  private static String upper(String v) {
    return v == null ? null : v.strip().toUpperCase(Locale.ROOT);
  }

  public boolean matches(LiveEvent e) {
    return (severity == null || severity.equalsIgnoreCase(e.severity()))
        && (type == null || type.equals(e.type()))
        && (ssvc == null || ssvc.equals(e.ssvc()))
        && (team == null || team.equalsIgnoreCase(e.team()) || team.equalsIgnoreCase(e.owner()));
  }

  /** The query string that selects this filter ({@code ""} for none). */
  public String query() {
    StringBuilder q = new StringBuilder();
    add(q, "severity", severity);
    add(q, "type", type);
    add(q, "ssvc", ssvc);
    add(q, "team", team);
    return q.toString();
  }

  private static void add(StringBuilder q, String name, String value) {
    if (value != null) {
      q.append(q.length() > 0 ? "&" : "")
          .append(name)
          .append('=')
          .append(QueryApiClient.enc(value));
    }
  }

  /** An SSVC outcome as CISA writes it: Track, Track*, Attend, Act. */
  public static String ssvcLabel(String outcome) {
    return switch (outcome) {
      case "TRACK" -> "Track";
      case "TRACK_STAR" -> "Track*";
      case "ATTEND" -> "Attend";
      case "ACT" -> "Act";
      default -> outcome;
    };
  }
}
