package io.vigil.alerting.render;

import io.vigil.alerting.Severities;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Vulnerability;
import io.vigil.core.risk.MaliciousPackages;
import io.vigil.core.ssvc.SsvcOutcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Pure: the plain text of an alert (chat notification fallback, console, Jira summaries). */
public final class AlertText {
  /** Plain text is cut here (Slack's {@code text} is a notification, not the message). */
  public static final int MAX_TEXT = 3000;

  private AlertText() {}

  /** The whole plain text of an alert, one line per kind of change. */
  public static String text(AlertView view, int maxListed) {
    if (view.alert().kind() == Alert.Kind.INVENTORY) {
      return cut(inventory(view, maxListed));
    }
    if (view.alert().kind() == Alert.Kind.RESOLUTIONS) {
      return cut(resolutions(view, maxListed));
    }
    if (view.alert().kind() == Alert.Kind.OVERDUE) {
      return cut(overdue(view, maxListed));
    }
    Vulnerability v = view.vulnerability();
    List<String> lines = new ArrayList<>();
    if (view.alert().kind() == Alert.Kind.MALICIOUS
        || view.groups().stream().anyMatch(Group::malicious)) {
      lines.add("Malicious package: " + MaliciousPackages.ADVICE);
    }
    for (Change c :
        List.of(
            Change.OPENED,
            Change.ESCALATED,
            Change.OVERDUE,
            Change.MORE_COMPONENTS,
            Change.RESOLVED)) {
      List<Group> gs = view.withChange(c);
      if (!gs.isEmpty()) {
        lines.add(line(c, v, gs, maxListed));
      }
    }
    return cut(String.join("\n", lines));
  }

  /**
   * {@code New exposure: CVE-… (GHSA-…) [CRITICAL 10.0, KEV] — demo-shop ships …; upgrade to …}.
   */
  static String line(Change c, Vulnerability v, List<Group> gs, int maxListed) {
    StringBuilder b = new StringBuilder(heading(c)).append(": ").append(v.idWithAliases());
    b.append(" [").append(v.severityLabel());
    if (v.kev() != null) {
      b.append(", KEV");
    }
    if (gs.size() == 1 && gs.get(0).ssvcLabel() != null) {
      b.append(", SSVC ").append(gs.get(0).ssvcLabel());
    }
    if (c == Change.ESCALATED && gs.get(0).previous() != null) {
      b.append(", ").append(escalation(v, gs.get(0)));
    }
    b.append("] — ");
    if (gs.size() == 1) {
      Group g = gs.get(0);
      b.append(g.projectLabel()).append(' ').append(verb(c)).append(' ');
      if (c == Change.RESOLVED) {
        b.append(
            g.components().stream().map(Component::component).collect(Collectors.joining(", ")));
        b.append(g.sinceVersion());
      } else if (g.components().size() == 1) {
        Component only = g.components().get(0);
        b.append(only.label());
        if (only.pathLabel() != null) {
          b.append(" (").append(only.pathLabel()).append(')');
        }
        if (only.smallestFix() != null) {
          b.append("; upgrade to ").append(only.smallestFix()).append(only.fixNote());
        }
      } else {
        b.append(g.components().stream().map(Component::withFix).collect(Collectors.joining(", ")));
      }
      if (g.overdue() != null) {
        b.append("; ").append(g.overdue().label());
      }
      return b.toString();
    }
    b.append(gs.size()).append(" projects: ");
    List<String> items = new ArrayList<>();
    for (int i = 0; i < gs.size() && i < maxListed; i++) {
      Group g = gs.get(i);
      items.add(
          g.projectLabel()
              + g.sinceVersion()
              + " ("
              + g.components().stream()
                  .map(x -> c == Change.RESOLVED ? x.component() : x.withFix())
                  .collect(Collectors.joining(", "))
              + ")");
    }
    b.append(String.join(", ", items));
    if (gs.size() > maxListed) {
      b.append(" and ").append(gs.size() - maxListed).append(" more");
    }
    return b.toString();
  }

  /**
   * The per-team summary of exposures that went overdue: {@code Overdue: team-billing — 2 exposures
   * past their due date}, then per exposure {@code billing ships pkg:…@2.14.1 (via …):
   * CVE-2021-44228 [HIGH 8.0, KEV], overdue by 3 days (due …, KEV due date 2021-12-24); upgrade to
   * 2.15.0}, most urgent first.
   */
  static String overdue(AlertView view, int maxListed) {
    List<String> lines = new ArrayList<>();
    lines.add(overdueHeading(view));
    List<Group> gs = view.withChange(Change.OVERDUE);
    for (int i = 0; i < gs.size() && i < maxListed; i++) {
      lines.add("• " + overdueItem(gs.get(i)));
    }
    if (gs.size() > maxListed) {
      lines.add("… and " + (gs.size() - maxListed) + " more");
    }
    return String.join("\n", lines);
  }

  /** {@code Overdue: team-billing — 2 exposures past their due date}. */
  public static String overdueHeading(AlertView view) {
    String key = view.alert().batchKey();
    String team = key.startsWith("OVERDUE|") ? key.substring("OVERDUE|".length()) : "";
    int n = view.withChange(Change.OVERDUE).size();
    return "Overdue: "
        + (team.isEmpty() ? "projects without a team" : team)
        + " — "
        + n
        + (n == 1 ? " exposure" : " exposures")
        + " past the due date";
  }

  /** One overdue group: project, components, vulnerability, how late, the fix. */
  public static String overdueItem(Group g) {
    Vulnerability v = g.vulnerability();
    StringBuilder b = new StringBuilder(g.projectLabel()).append(" ships ");
    b.append(g.components().stream().map(Component::label).collect(Collectors.joining(", ")));
    b.append(": ").append(v.id()).append(" [").append(rating(v)).append("]");
    if (g.overdue() != null) {
      b.append(", ").append(g.overdue().label());
    }
    List<String> fixes =
        g.components().stream()
            .filter(c -> c.smallestFix() != null)
            .map(c -> c.smallestFix() + c.fixNote())
            .distinct()
            .toList();
    b.append(
        fixes.isEmpty() ? "; no fixed version known" : "; upgrade to " + String.join(", ", fixes));
    return b.toString();
  }

  /**
   * {@code Resolved: 5 vulnerabilities — demo-shop no longer ships pkg:…@2.14.1 since version 1.5.0
   * (CVE-2021-44228 [CRITICAL 10.0, KEV], …)}, then a {@code Still exposed:} line per group the
   * same update left exposed (it now ships another affected version).
   */
  static String resolutions(AlertView view, int maxListed) {
    List<ProjectResolutions> projects = ProjectResolutions.of(view);
    StringBuilder b =
        new StringBuilder("Resolved: ").append(resolvedCount(view, projects)).append(" — ");
    List<String> items = new ArrayList<>();
    int listed = 0;
    for (ProjectResolutions p : projects) {
      for (var e : p.byComponents().entrySet()) {
        if (listed++ >= maxListed) {
          break;
        }
        items.add(
            p.projectLabel()
                + " no longer ships "
                + String.join(", ", e.getKey())
                + p.since()
                + " ("
                + e.getValue().stream()
                    .map(g -> g.vulnerability().id() + " [" + rating(g.vulnerability()) + "]")
                    .collect(Collectors.joining(", "))
                + ")");
      }
    }
    b.append(String.join("; ", items));
    if (listed > maxListed) {
      b.append("; and more");
    }
    List<String> lines = new ArrayList<>(List.of(b.toString()));
    for (Group g : ProjectResolutions.stillExposed(view)) {
      lines.add(
          "Still exposed: "
              + g.vulnerability().idWithAliases()
              + " ["
              + rating(g.vulnerability())
              + "] — "
              + g.projectLabel()
              + " ships "
              + g.components().stream().map(Component::withFix).collect(Collectors.joining(", ")));
    }
    return String.join("\n", lines);
  }

  /** {@code 5 vulnerabilities} or {@code 7 vulnerabilities in 3 projects}. */
  static String resolvedCount(AlertView view, List<ProjectResolutions> projects) {
    long n =
        view.withChange(Change.RESOLVED).stream()
            .map(g -> g.vulnerability().id())
            .distinct()
            .count();
    return n
        + (n == 1 ? " vulnerability" : " vulnerabilities")
        + (projects.size() == 1 ? "" : " in " + projects.size() + " projects");
  }

  /** {@code CRITICAL 10.0, KEV}. */
  static String rating(Vulnerability v) {
    return v.severityLabel() + (v.kev() != null ? ", KEV" : "");
  }

  /** {@code First SBOM of demo-shop: 4 vulnerabilities (3 CRITICAL, 1 MEDIUM; 1 in KEV) — …}. */
  static String inventory(AlertView view, int maxListed) {
    StringBuilder b =
        new StringBuilder("First SBOM of ")
            .append(view.project())
            .append(": ")
            .append(inventoryCounts(view));
    b.append(" — ");
    List<String> items = new ArrayList<>();
    List<Group> gs = view.groups();
    for (int i = 0; i < gs.size() && i < maxListed; i++) {
      Group g = gs.get(i);
      Vulnerability v = g.vulnerability();
      items.add(
          v.idWithAliases()
              + " ["
              + v.severityLabel()
              + (v.kev() != null ? ", KEV" : "")
              + "] "
              + g.components().stream().map(Component::withFix).collect(Collectors.joining(", ")));
    }
    b.append(String.join("; ", items));
    if (gs.size() > maxListed) {
      b.append("; and ").append(gs.size() - maxListed).append(" more");
    }
    return b.toString();
  }

  /** {@code 4 vulnerabilities in 1 component (3 CRITICAL, 1 MEDIUM; 1 in KEV)}. */
  public static String inventoryCounts(AlertView view) {
    Map<Integer, Integer> bySeverity = new TreeMap<>((a, b) -> b - a);
    int kev = 0;
    java.util.Set<String> components = new java.util.LinkedHashSet<>();
    for (Group g : view.groups()) {
      bySeverity.merge(Severities.rank(g.vulnerability().severity()), 1, Integer::sum);
      if (g.vulnerability().kev() != null) {
        kev++;
      }
      g.components().forEach(c -> components.add(c.component()));
    }
    Map<String, Integer> named = new LinkedHashMap<>();
    bySeverity.forEach(
        (rank, n) -> named.put(rank < 0 ? "unrated" : Severities.RATINGS.get(rank), n));
    int n = view.groups().size();
    String counts =
        named.entrySet().stream()
            .map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    return n
        + (n == 1 ? " vulnerability" : " vulnerabilities")
        + " in "
        + components.size()
        + (components.size() == 1 ? " component" : " components")
        + " ("
        + counts
        + (kev > 0 ? "; " + kev + " in KEV" : "")
        + ")";
  }

  /** {@code SSVC Attend → Act, severity HIGH → CRITICAL, now in KEV, EPSS 0.12 → 0.94}. */
  public static String escalation(Vulnerability v, Group g) {
    var p = g.previous();
    List<String> parts = new ArrayList<>();
    if (p == null) {
      return "escalated";
    }
    if (g.ssvc() != null
        && p.getSsvcOutcome() != null
        && g.ssvc().getOutcome().ordinal() > p.getSsvcOutcome().ordinal()) {
      parts.add(
          "SSVC " + SsvcOutcome.valueOf(p.getSsvcOutcome().name()).label() + " → " + g.ssvcLabel());
    }
    if (Severities.rank(v.severity()) > Severities.rank(p.getSeverity())) {
      parts.add(
          "severity "
              + (p.getSeverity() == null ? "unknown" : p.getSeverity())
              + " → "
              + v.severity());
    }
    if (v.kev() != null && !p.getInKev()) {
      parts.add("now in KEV");
    }
    if (v.epss() != null && (p.getEpss() == null || v.epss().getScore() > p.getEpss())) {
      parts.add(
          "EPSS "
              + (p.getEpss() == null ? "unknown" : percent(p.getEpss()))
              + " → "
              + percent(v.epss().getScore()));
    }
    return parts.isEmpty() ? "escalated" : String.join(", ", parts);
  }

  public static String heading(Change c) {
    return switch (c) {
      case OPENED -> "New exposure";
      case MORE_COMPONENTS -> "More components exposed";
      case ESCALATED -> "Escalated";
      case RESOLVED -> "Resolved";
      case OVERDUE -> "Overdue";
      case NONE -> "No change";
    };
  }

  static String verb(Change c) {
    return c == Change.RESOLVED
        ? "no longer ships"
        : c == Change.MORE_COMPONENTS ? "now also ships" : "ships";
  }

  /** {@code 94.4%}. */
  public static String percent(double p) {
    return String.format(Locale.ROOT, "%.1f%%", p * 100);
  }

  static String cut(String s) {
    return s.length() <= MAX_TEXT ? s : s.substring(0, MAX_TEXT - 1) + "…";
  }
}
