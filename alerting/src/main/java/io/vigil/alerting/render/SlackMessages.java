package io.vigil.alerting.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Vulnerability;
import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.risk.MaliciousPackages;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pure: an alert → a Slack message (Block Kit with a plain-text fallback), the same body for an
 * incoming webhook and {@code chat.postMessage}. Within Slack's limits: at most 50 blocks, a header
 * of 150 characters, sections of 3000.
 */
public final class SlackMessages {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final int SECTION_MAX = 2900;
  private static final int MAX_BLOCKS = 48;

  private SlackMessages() {}

  /** The message body: {@code {"text": …, "blocks": […]}}. */
  public static ObjectNode message(AlertView view, int maxListed) {
    ObjectNode msg = JSON.createObjectNode();
    msg.put("text", Mrkdwn.text(AlertText.text(view, maxListed)));
    ArrayNode blocks = msg.putArray("blocks");
    if (view.alert().kind() == Alert.Kind.INVENTORY) {
      inventory(view, maxListed, blocks);
    } else if (view.alert().kind() == Alert.Kind.RESOLUTIONS) {
      resolutions(view, maxListed, blocks);
    } else if (view.alert().kind() == Alert.Kind.OVERDUE) {
      overdue(view, maxListed, blocks);
    } else {
      digest(view, maxListed, blocks);
    }
    String console = view.console().mrkdwn(view);
    if (console != null && blocks.size() < 50) {
      context(blocks, console);
    }
    return msg;
  }

  /** The replacement of a vulnerability's first message once no project is exposed any more. */
  public static ObjectNode resolvedParent(AlertView view) {
    return resolvedParent(view.vulnerability(), view.alert().deliveryId());
  }

  /** The replacement of the first message about {@code v} (the thread's parent). */
  public static ObjectNode resolvedParent(Vulnerability v, String deliveryId) {
    ObjectNode msg = JSON.createObjectNode();
    msg.put("text", Mrkdwn.text("Resolved everywhere: " + v.idWithAliases()));
    ArrayNode blocks = msg.putArray("blocks");
    header(blocks, "Resolved: " + v.id() + (v.summary() == null ? "" : ": " + v.summary()));
    section(
        blocks,
        ":white_check_mark: No project is exposed to "
            + Mrkdwn.bold(v.idWithAliases())
            + " any longer. The thread has the history.");
    links(blocks, v, deliveryId);
    return msg;
  }

  /** The per-team summary of overdue exposures: one section per exposure, most urgent first. */
  private static void overdue(AlertView view, int maxListed, ArrayNode blocks) {
    header(blocks, AlertText.overdueHeading(view));
    List<Group> gs = view.withChange(Change.OVERDUE);
    int shown = Math.min(Math.min(maxListed, gs.size()), MAX_BLOCKS - 4);
    for (Group g : gs.subList(0, shown)) {
      section(blocks, ":alarm_clock: " + Mrkdwn.text(AlertText.overdueItem(g)));
    }
    if (gs.size() > shown) {
      section(blocks, "… and " + (gs.size() - shown) + " more");
    }
  }

  private static void digest(AlertView view, int maxListed, ArrayNode blocks) {
    Vulnerability v = view.vulnerability();
    boolean onlyResolved = view.groups().stream().allMatch(g -> g.change() == Change.RESOLVED);
    boolean malicious =
        view.alert().kind() == Alert.Kind.MALICIOUS
            || view.groups().stream().anyMatch(Group::malicious);
    header(
        blocks,
        (onlyResolved ? "Resolved: " : malicious ? "Malicious package: " : "")
            + v.id()
            + (v.summary() == null ? "" : ": " + v.summary()));
    if (malicious && !onlyResolved) {
      section(blocks, ":skull: " + Mrkdwn.bold(Mrkdwn.text(MaliciousPackages.ADVICE)));
    }
    if (view.groups().size() == 1) {
      section(blocks, single(view.groups().get(0), v));
    } else {
      int listed = 0;
      for (Change c :
          List.of(Change.OPENED, Change.ESCALATED, Change.MORE_COMPONENTS, Change.RESOLVED)) {
        List<Group> gs = view.withChange(c);
        if (gs.isEmpty()) {
          continue;
        }
        List<String> lines = new ArrayList<>();
        lines.add(
            "*"
                + AlertText.heading(c)
                + (c == Change.ESCALATED
                    ? " (" + Mrkdwn.text(AlertText.escalation(v, gs.get(0))) + ")"
                    : "")
                + " in "
                + gs.size()
                + (gs.size() == 1 ? " project" : " projects")
                + ":*");
        int shown = 0;
        for (Group g : gs) {
          if (listed >= maxListed) {
            break;
          }
          lines.add("• " + projectLine(g));
          listed++;
          shown++;
        }
        if (shown < gs.size()) {
          lines.add("_… and " + (gs.size() - shown) + " more_");
        }
        chunked(blocks, lines);
      }
    }
    section(blocks, facts(v));
    links(blocks, v, view.alert().deliveryId());
  }

  private static String single(Group g, Vulnerability v) {
    StringBuilder b = new StringBuilder("*").append(AlertText.heading(g.change()));
    if (g.change() == Change.ESCALATED) {
      b.append(": ").append(Mrkdwn.text(AlertText.escalation(v, g)));
    }
    b.append("*\n*Project:* ").append(Mrkdwn.text(g.projectLabel()));
    if (g.ssvcExplained() != null && g.change() != Change.RESOLVED) {
      b.append("\n*SSVC:* ").append(Mrkdwn.text(g.ssvcExplained()));
    }
    if (g.components().size() == 1) {
      Component c = g.components().get(0);
      b.append(g.change() == Change.RESOLVED ? "\n*No longer ships:* " : "\n*Component:* ")
          .append(Mrkdwn.code(c.component()));
      if (c.version() != null && !c.component().contains("@" + c.version())) {
        b.append(" (version ").append(Mrkdwn.code(c.version())).append(')');
      }
      if (c.distro() != null) {
        b.append("\n*Distro:* ").append(Mrkdwn.text(c.distro()));
      }
      if (g.change() != Change.RESOLVED && c.pathLabel() != null) {
        b.append("\n*Path:* ").append(Mrkdwn.text(c.pathLabel()));
      }
      if (g.change() != Change.RESOLVED && c.smallestFix() != null) {
        b.append("\n*Fix:* upgrade to ")
            .append(Mrkdwn.bold(c.smallestFix()))
            .append(Mrkdwn.text(c.fixNote()));
        List<ForcedUpgrade> force = c.forcedUpgrades();
        if (!force.isEmpty()) {
          ForcedUpgrade f = force.get(0);
          b.append("\n*Force it* (")
              .append(Mrkdwn.text(f.tool()))
              .append(f.isCommand() ? "" : ", " + Mrkdwn.text(f.file()))
              .append("):\n```")
              .append(Mrkdwn.escape(f.text().replace("```", "ˋˋˋ").stripTrailing()))
              .append("```");
        }
      }
    } else {
      b.append(g.change() == Change.RESOLVED ? "\n*No longer ships:*" : "\n*Components:*");
      for (Component c : g.components()) {
        b.append("\n• ").append(componentText(c, g.change() != Change.RESOLVED));
      }
    }
    if (g.resolvedIn() != null) {
      b.append("\n*Since:* version ").append(Mrkdwn.bold(g.resolvedIn()));
    }
    return b.toString();
  }

  private static String projectLine(Group g) {
    return Mrkdwn.bold(g.projectLabel())
        + (g.resolvedIn() == null ? "" : " (since version " + Mrkdwn.text(g.resolvedIn()) + ")")
        + (g.ssvcLabel() == null || g.change() == Change.RESOLVED
            ? ""
            : " · SSVC " + Mrkdwn.text(g.ssvcLabel()))
        + " — "
        + g.components().stream()
            .map(c -> componentText(c, g.change() != Change.RESOLVED))
            .collect(Collectors.joining(", "));
  }

  private static String componentText(Component c, boolean withFix) {
    String s =
        Mrkdwn.code(c.component())
            + (c.distro() == null ? "" : " (" + Mrkdwn.text(c.distro()) + ")");
    return withFix && c.smallestFix() != null
        ? s + " → upgrade to " + Mrkdwn.bold(c.smallestFix()) + Mrkdwn.text(c.fixNote())
        : s;
  }

  /**
   * One message for the exposures SBOM updates ended: per project and removed components the
   * vulnerabilities resolved, then the groups the same updates left exposed.
   */
  private static void resolutions(AlertView view, int maxListed, ArrayNode blocks) {
    List<ProjectResolutions> projects = ProjectResolutions.of(view);
    header(
        blocks,
        "Resolved: "
            + AlertText.resolvedCount(view, projects)
            + (projects.size() == 1 ? " in " + projects.get(0).projectLabel() : ""));
    int listed = 0;
    int total = 0;
    for (ProjectResolutions p : projects) {
      List<String> lines = new ArrayList<>();
      for (var e : p.byComponents().entrySet()) {
        lines.add(
            Mrkdwn.bold(p.projectLabel())
                + " no longer ships "
                + e.getKey().stream().map(Mrkdwn::code).collect(Collectors.joining(", "))
                + (p.resolvedIn() == null ? "" : " since version " + Mrkdwn.bold(p.resolvedIn()))
                + ":");
        for (Group g : e.getValue()) {
          total++;
          if (listed < maxListed) {
            lines.add("• " + vulnerabilityLine(g.vulnerability()));
            listed++;
          }
        }
      }
      chunked(blocks, lines);
    }
    List<String> still = new ArrayList<>();
    for (Group g : ProjectResolutions.stillExposed(view)) {
      total++;
      if (listed < maxListed) {
        still.add(
            "• "
                + vulnerabilityLine(g.vulnerability())
                + " — "
                + Mrkdwn.bold(g.projectLabel())
                + " ships "
                + g.components().stream()
                    .map(c -> componentText(c, true))
                    .collect(Collectors.joining(", ")));
        listed++;
      }
    }
    if (!still.isEmpty()) {
      still.add(0, "*Still exposed:*");
      chunked(blocks, still);
    }
    if (listed < total) {
      section(blocks, "_… and " + (total - listed) + " more_");
    }
    context(blocks, "Vigil · delivery " + view.alert().deliveryId());
  }

  /** {@code <nvd link|CVE-…> CRITICAL 10.0 *KEV* (GHSA-…)}. */
  private static String vulnerabilityLine(Vulnerability v) {
    StringBuilder b =
        new StringBuilder(Mrkdwn.link(Links.page(v.id()), v.id()))
            .append(' ')
            .append(Mrkdwn.text(v.severityLabel()));
    if (v.kev() != null) {
      b.append(" *KEV*");
    }
    if (!v.aliases().isEmpty()) {
      b.append(" (").append(Mrkdwn.text(String.join(", ", v.aliases()))).append(')');
    }
    return b.toString();
  }

  private static void inventory(AlertView view, int maxListed, ArrayNode blocks) {
    header(
        blocks,
        "First SBOM of "
            + view.project()
            + ": "
            + view.groups().size()
            + (view.groups().size() == 1 ? " vulnerability" : " vulnerabilities"));
    section(
        blocks,
        "*Project:* "
            + Mrkdwn.text(view.project())
            + "\n"
            + Mrkdwn.text(AlertText.inventoryCounts(view))
            + "\n_One summary instead of one alert per exposure; later changes alert as usual._");
    List<String> lines = new ArrayList<>();
    int shown = 0;
    for (Group g : view.groups()) {
      if (shown >= maxListed) {
        break;
      }
      Vulnerability v = g.vulnerability();
      StringBuilder b = new StringBuilder("• ");
      if (v.kev() != null) {
        b.append(":rotating_light: ");
      }
      b.append(Mrkdwn.link(Links.page(v.id()), v.id()))
          .append(' ')
          .append(Mrkdwn.text(v.severityLabel()));
      if (v.kev() != null) {
        b.append(" *KEV*");
        if (v.kev().getDueDate() != null) {
          b.append(" (due ").append(v.kev().getDueDate()).append(')');
        }
      }
      b.append(" — ")
          .append(
              g.components().stream()
                  .map(c -> componentText(c, true))
                  .collect(Collectors.joining(", ")));
      lines.add(b.toString());
      shown++;
    }
    if (shown < view.groups().size()) {
      lines.add("_… and " + (view.groups().size() - shown) + " more_");
    }
    chunked(blocks, lines);
    context(blocks, "Vigil · delivery " + view.alert().deliveryId());
  }

  /** Severity, KEV, EPSS, aliases. */
  static String facts(Vulnerability v) {
    StringBuilder b = new StringBuilder("*Severity:* ").append(Mrkdwn.text(v.severityLabel()));
    if (v.vector() != null) {
      b.append(" · ").append(Mrkdwn.code(v.vector()));
    }
    if (v.kev() != null) {
      b.append("\n*KEV:* :rotating_light: known exploited (CISA KEV)");
      b.append(", added ").append(v.kev().getDateAdded());
      if (v.kev().getDueDate() != null) {
        b.append(", *due ").append(v.kev().getDueDate()).append('*');
      }
      if (v.kev().getKnownRansomwareCampaignUse() != null) {
        b.append(", ransomware use: ").append(Mrkdwn.text(v.kev().getKnownRansomwareCampaignUse()));
      }
    }
    if (v.epss() != null) {
      b.append("\n*EPSS:* ")
          .append(AlertText.percent(v.epss().getScore()))
          .append(" (percentile ")
          .append(AlertText.percent(v.epss().getPercentile()))
          .append(')');
    }
    if (!v.aliases().isEmpty()) {
      b.append("\n*Aliases:* ").append(Mrkdwn.text(String.join(", ", v.aliases())));
    }
    return b.toString();
  }

  private static void links(ArrayNode blocks, Vulnerability v, String deliveryId) {
    context(
        blocks,
        v.links().stream()
                .map(l -> Mrkdwn.link(l.url(), l.title()))
                .collect(Collectors.joining(" · "))
            + " · Vigil delivery "
            + deliveryId);
  }

  private static void context(ArrayNode blocks, String mrkdwn) {
    ObjectNode ctx = blocks.addObject().put("type", "context");
    ctx.putArray("elements").addObject().put("type", "mrkdwn").put("text", mrkdwn);
  }

  private static void header(ArrayNode blocks, String text) {
    ObjectNode h = blocks.addObject().put("type", "header");
    h.putObject("text")
        .put("type", "plain_text")
        .put("text", truncate(text, 150))
        .put("emoji", true);
  }

  private static void section(ArrayNode blocks, String mrkdwn) {
    if (blocks.size() >= MAX_BLOCKS) {
      return;
    }
    ObjectNode s = blocks.addObject().put("type", "section");
    s.putObject("text").put("type", "mrkdwn").put("text", truncate(mrkdwn, 3000));
  }

  /** Lines packed into sections of at most ~2900 characters. */
  private static void chunked(ArrayNode blocks, List<String> lines) {
    StringBuilder cur = new StringBuilder();
    for (String l : lines) {
      if (cur.length() > 0 && cur.length() + 1 + l.length() > SECTION_MAX) {
        section(blocks, cur.toString());
        cur.setLength(0);
      }
      if (cur.length() > 0) {
        cur.append('\n');
      }
      cur.append(l);
    }
    if (cur.length() > 0) {
      section(blocks, cur.toString());
    }
  }

  static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
