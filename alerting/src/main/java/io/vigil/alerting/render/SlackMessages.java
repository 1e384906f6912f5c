package io.vigil.alerting.render;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Link;
import io.vigil.alerting.render.AlertView.Vulnerability;
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
    msg.put("text", escape(AlertText.text(view, maxListed)));
    ArrayNode blocks = msg.putArray("blocks");
    if (view.alert().kind() == Alert.Kind.INVENTORY) {
      inventory(view, maxListed, blocks);
    } else {
      digest(view, maxListed, blocks);
    }
    return msg;
  }

  /** The replacement of a vulnerability's first message once no project is exposed any more. */
  public static ObjectNode resolvedParent(AlertView view) {
    Vulnerability v = view.vulnerability();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("text", escape("Resolved everywhere: " + v.idWithAliases()));
    ArrayNode blocks = msg.putArray("blocks");
    header(blocks, "Resolved: " + v.id() + (v.summary() == null ? "" : ": " + v.summary()));
    section(
        blocks,
        ":white_check_mark: No project is exposed to *"
            + escape(v.idWithAliases())
            + "* any longer. The thread has the history.");
    links(blocks, v, view.alert().deliveryId());
    return msg;
  }

  private static void digest(AlertView view, int maxListed, ArrayNode blocks) {
    Vulnerability v = view.vulnerability();
    boolean onlyResolved = view.groups().stream().allMatch(g -> g.change() == Change.RESOLVED);
    header(
        blocks,
        (onlyResolved ? "Resolved: " : "")
            + v.id()
            + (v.summary() == null ? "" : ": " + v.summary()));
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
                    ? " (" + escape(AlertText.escalation(v, gs.get(0))) + ")"
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
      b.append(": ").append(escape(AlertText.escalation(v, g)));
    }
    b.append("*\n*Project:* ").append(escape(g.projectLabel()));
    if (g.components().size() == 1) {
      Component c = g.components().get(0);
      b.append(g.change() == Change.RESOLVED ? "\n*No longer ships:* `" : "\n*Component:* `")
          .append(escape(c.component()))
          .append('`');
      if (c.version() != null && !c.component().contains("@" + c.version())) {
        b.append(" (version ").append(escape(c.version())).append(')');
      }
      if (g.change() != Change.RESOLVED && c.smallestFix() != null) {
        b.append("\n*Fix:* upgrade to *").append(escape(c.smallestFix())).append('*');
      }
    } else {
      b.append(g.change() == Change.RESOLVED ? "\n*No longer ships:*" : "\n*Components:*");
      for (Component c : g.components()) {
        b.append("\n• ").append(componentText(c, g.change() != Change.RESOLVED));
      }
    }
    return b.toString();
  }

  private static String projectLine(Group g) {
    return "*"
        + escape(g.projectLabel())
        + "* — "
        + g.components().stream()
            .map(c -> componentText(c, g.change() != Change.RESOLVED))
            .collect(Collectors.joining(", "));
  }

  private static String componentText(Component c, boolean withFix) {
    String s = "`" + escape(c.component()) + "`";
    return withFix && c.smallestFix() != null
        ? s + " → upgrade to *" + escape(c.smallestFix()) + "*"
        : s;
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
            + escape(view.project())
            + "\n"
            + escape(AlertText.inventoryCounts(view))
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
      b.append("<")
          .append(v.links().get(0).url())
          .append("|")
          .append(escape(v.id()))
          .append("> ")
          .append(escape(v.severityLabel()));
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
    ObjectNode ctx = blocks.addObject().put("type", "context");
    ctx.putArray("elements")
        .addObject()
        .put("type", "mrkdwn")
        .put("text", "Vigil · delivery " + view.alert().deliveryId());
  }

  /** Severity, KEV, EPSS, aliases. */
  static String facts(Vulnerability v) {
    StringBuilder b = new StringBuilder("*Severity:* ").append(escape(v.severityLabel()));
    if (v.vector() != null) {
      b.append(" · `").append(escape(v.vector())).append('`');
    }
    if (v.kev() != null) {
      b.append("\n*KEV:* :rotating_light: known exploited (CISA KEV)");
      b.append(", added ").append(v.kev().getDateAdded());
      if (v.kev().getDueDate() != null) {
        b.append(", *due ").append(v.kev().getDueDate()).append('*');
      }
      if (v.kev().getKnownRansomwareCampaignUse() != null) {
        b.append(", ransomware use: ").append(escape(v.kev().getKnownRansomwareCampaignUse()));
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
      b.append("\n*Aliases:* ").append(escape(String.join(", ", v.aliases())));
    }
    return b.toString();
  }

  private static void links(ArrayNode blocks, Vulnerability v, String deliveryId) {
    String text =
        v.links().stream()
                .map(l -> "<" + l.url() + "|" + escape(l.title()) + ">")
                .collect(Collectors.joining(" · "))
            + " · Vigil delivery "
            + deliveryId;
    ObjectNode ctx = blocks.addObject().put("type", "context");
    ctx.putArray("elements").addObject().put("type", "mrkdwn").put("text", text);
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

  /** Slack's three control characters in text. */
  public static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }

  /** The first link of a vulnerability (its advisory page). */
  static Link primary(Vulnerability v) {
    return v.links().get(0);
  }
}
