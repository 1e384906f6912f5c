package io.vigil.alerting.render;

import io.vigil.alerting.engine.Change;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Link;
import io.vigil.alerting.render.AlertView.Vulnerability;
import io.vigil.alerting.render.RichText.Run;
import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.risk.MaliciousPackages;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure: what a Jira issue of one (project, vulnerability) says — its summary, description, labels
 * (with the stable Vigil label the issue is found by), and the comments that follow it.
 */
public final class JiraContent {
  /** Every Vigil issue carries this label, plus its stable key label. */
  public static final String LABEL = "vigil";

  private JiraContent() {}

  /**
   * The stable label of a (vulnerability, project): {@code vigil-} + 20 hex digits of a SHA-256.
   * Independent of the channel name and of the advisory alias, so renames and aliases never
   * duplicate an issue.
   */
  public static String stableLabel(String vulnerabilityId, String projectId) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256")
              .digest((vulnerabilityId + '\u001F' + projectId).getBytes(StandardCharsets.UTF_8));
      return "vigil-" + HexFormat.of().formatHex(h, 0, 10);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The JQL that finds the issue of a (vulnerability, project) in a Jira project. */
  public static String jql(String jiraProject, String stableLabel) {
    return "project = \""
        + jiraProject.replace("\"", "\\\"")
        + "\" AND labels = \""
        + stableLabel
        + "\" ORDER BY created ASC";
  }

  /** Labels of a new issue: {@code vigil}, the stable label, the vulnerability id, configured. */
  public static List<String> labels(Group g, List<String> configured) {
    Set<String> out = new LinkedHashSet<>();
    out.add(LABEL);
    out.add(stableLabel(g.vulnerability().id(), g.projectId()));
    out.add(g.vulnerability().id().replaceAll("[^A-Za-z0-9._-]", "_"));
    out.addAll(configured);
    return List.copyOf(out);
  }

  /** {@code CVE-2021-44228 in demo-shop: pkg:…@2.14.1 (upgrade to 2.15.0)}, at most 255. */
  public static String summary(Group g) {
    StringBuilder b =
        new StringBuilder(g.vulnerability().id())
            .append(" in ")
            .append(g.projectLabel())
            .append(": ");
    List<Component> cs = g.components();
    if (cs.isEmpty()) {
      b.append("affected component");
    } else {
      b.append(cs.get(0).component());
      if (cs.size() > 1) {
        b.append(" and ").append(cs.size() - 1).append(" more");
      }
      if (cs.get(0).smallestFix() != null) {
        b.append(" (upgrade to ").append(cs.get(0).smallestFix()).append(')');
      }
    }
    return b.length() <= 255 ? b.toString() : b.substring(0, 254) + "…";
  }

  /** The description of a new issue. */
  public static RichText description(Group g, String stableLabel) {
    Vulnerability v = g.vulnerability();
    RichText t = new RichText();
    t.paragraph(
        Run.bold("Vigil"),
        Run.plain(" found that "),
        Run.bold(g.projectLabel()),
        Run.plain(" ships a component affected by "),
        Run.link(v.id(), Links.page(v.id())),
        Run.plain(v.aliases().isEmpty() ? "." : " (" + String.join(", ", v.aliases()) + ")."));
    if (g.malicious()) {
      t.paragraph(Run.bold("Malicious package: "), Run.plain(MaliciousPackages.ADVICE));
    }
    if (v.summary() != null) {
      t.paragraph(Run.plain(v.summary()));
    }
    List<List<Run>> facts = new ArrayList<>(facts(v));
    if (g.ssvcExplained() != null) {
      facts.add(0, List.of(Run.bold("SSVC: "), Run.plain(g.ssvcExplained())));
    }
    t.bullets(facts);
    t.heading("Affected components");
    t.bullets(components(g.components(), true));
    t.paragraph(links(v));
    t.rule();
    t.paragraph(
        Run.plain("Managed by Vigil. The label "),
        Run.code(stableLabel),
        Run.plain(
            " identifies this issue for its (project, vulnerability); keep it, or Vigil opens a new"
                + " one."));
    return t;
  }

  /** A comment for a change on an existing issue, ending with its idempotence marker. */
  public static RichText comment(Group g, Change change, boolean reopened, String marker) {
    Vulnerability v = g.vulnerability();
    RichText t = new RichText();
    switch (change) {
      case MORE_COMPONENTS -> {
        t.paragraph(
            Run.bold("Vigil: "),
            Run.plain(
                "more components of " + g.projectLabel() + " are exposed to " + v.id() + ":"));
        t.bullets(components(g.components(), true));
      }
      case OVERDUE -> {
        t.paragraph(
            Run.bold("Vigil: "),
            Run.plain(
                g.projectLabel()
                    + " is "
                    + (g.overdue() == null ? "overdue" : g.overdue().label())
                    + " for "
                    + v.id()
                    + ":"));
        t.bullets(components(g.components(), true));
      }
      case ESCALATED -> {
        t.paragraph(
            Run.bold("Vigil: "),
            Run.plain(v.id() + " escalated: " + AlertText.escalation(v, g) + "."));
        t.bullets(facts(v));
      }
      case RESOLVED ->
          t.paragraph(
              Run.bold("Vigil: "),
              Run.plain(
                  g.projectLabel()
                      + " no longer ships a component affected by "
                      + v.id()
                      + " ("
                      + String.join(
                          ", ", g.components().stream().map(Component::component).toList())
                      + ")"
                      + g.sinceVersion()
                      + ". Resolving."));
      default -> {
        t.paragraph(
            Run.bold("Vigil: "),
            Run.plain(
                g.projectLabel() + " is exposed to " + v.id() + (reopened ? " again" : "") + ":"));
        t.bullets(components(g.components(), true));
      }
    }
    t.paragraph(Run.verbatim(markerText(marker)));
    return t;
  }

  /** The marker text a comment carries, to find it again. */
  public static String markerText(String marker) {
    return "[vigil:" + marker + "]";
  }

  static List<List<Run>> facts(Vulnerability v) {
    List<List<Run>> items = new ArrayList<>();
    items.add(
        List.of(
            Run.bold("Severity: "),
            Run.plain(v.severityLabel() + (v.vector() == null ? "" : " (" + v.vector() + ")"))));
    if (v.kev() != null) {
      items.add(
          List.of(
              Run.bold("CISA KEV: "),
              Run.plain(
                  "known exploited, added "
                      + v.kev().getDateAdded()
                      + (v.kev().getDueDate() == null ? "" : ", due " + v.kev().getDueDate())
                      + (v.kev().getKnownRansomwareCampaignUse() == null
                          ? ""
                          : ", ransomware use: " + v.kev().getKnownRansomwareCampaignUse()))));
    }
    if (v.epss() != null) {
      items.add(
          List.of(
              Run.bold("EPSS: "),
              Run.plain(
                  AlertText.percent(v.epss().getScore())
                      + " (percentile "
                      + AlertText.percent(v.epss().getPercentile())
                      + ")")));
    }
    if (!v.aliases().isEmpty()) {
      items.add(List.of(Run.bold("Aliases: "), Run.plain(String.join(", ", v.aliases()))));
    }
    return items;
  }

  static List<List<Run>> components(List<Component> cs, boolean withFix) {
    List<List<Run>> items = new ArrayList<>();
    for (Component c : cs) {
      List<Run> runs = new ArrayList<>();
      runs.add(Run.code(c.component()));
      if (c.version() != null && !c.component().contains("@" + c.version())) {
        runs.add(Run.plain(" (version " + c.version() + ")"));
      }
      if (c.distro() != null) {
        runs.add(Run.plain(" (" + c.distro() + ")"));
      }
      if (withFix && c.smallestFix() != null) {
        runs.add(Run.plain(" → upgrade to "));
        runs.add(Run.bold(c.smallestFix()));
        if (!c.fixNote().isEmpty()) {
          runs.add(Run.plain(c.fixNote()));
        }
      }
      if (withFix && c.pathLabel() != null) {
        runs.add(Run.plain("; " + c.pathLabel()));
      }
      if (withFix && !c.forcedUpgrades().isEmpty()) {
        ForcedUpgrade f = c.forcedUpgrades().get(0);
        if (f.isCommand()) {
          runs.add(Run.plain("; force it with "));
          runs.add(Run.code(f.text()));
        }
      }
      if (!c.fixedVersions().isEmpty()) {
        runs.add(Run.plain(" (fixed in " + String.join(", ", c.fixedVersions()) + ")"));
      }
      items.add(runs);
    }
    return items;
  }

  static List<Run> links(Vulnerability v) {
    List<Run> runs = new ArrayList<>();
    for (Link l : v.links()) {
      if (!runs.isEmpty()) {
        runs.add(Run.plain(" · "));
      }
      runs.add(Run.link(l.title(), l.url()));
    }
    return runs;
  }
}
