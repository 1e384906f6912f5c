package io.vigil.alerting.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Vulnerability;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: an alert → a Microsoft Teams message carrying an Adaptive Card (schema 1.4), the body both
 * a Workflows ("Post to a channel when a webhook request is received") webhook and a legacy
 * incoming webhook accept.
 *
 * <p>What users, SBOMs and feeds wrote (project names, purls, summaries) goes into {@code
 * RichTextBlock}s of {@code TextRun}s, which Teams shows as written: a {@code TextBlock} would read
 * {@code **}, {@code _} and {@code [..](..)} in a name as Markdown. Facts are Vigil's own words and
 * numbers; links are {@code Action.OpenUrl} buttons built from identifiers ({@link Links}).
 */
public final class TeamsCards {
  private TeamsCards() {}

  /** A run of text: plain, bold or monospace. */
  private record Run(String text, boolean bold, boolean mono) {
    static Run plain(String t) {
      return new Run(t, false, false);
    }

    static Run bold(String t) {
      return new Run(t, true, false);
    }

    static Run mono(String t) {
      return new Run(t, false, true);
    }
  }

  public static ObjectNode message(AlertView view, int maxListed) {
    ObjectNode msg = SlackMessages.JSON.createObjectNode();
    msg.put("type", "message");
    ObjectNode att = msg.putArray("attachments").addObject();
    att.put("contentType", "application/vnd.microsoft.card.adaptive");
    att.putNull("contentUrl");
    ObjectNode card = att.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    card.putObject("msteams").put("width", "Full");
    ArrayNode body = card.putArray("body");
    ArrayNode actions = card.putArray("actions");
    switch (view.alert().kind()) {
      case INVENTORY -> inventory(view, maxListed, body);
      case RESOLUTIONS -> resolutions(view, maxListed, body);
      case OVERDUE -> {
        title(body, AlertText.overdueHeading(view), "Warning");
        List<Group> gs = view.withChange(Change.OVERDUE);
        gs.subList(0, Math.min(maxListed, gs.size()))
            .forEach(g -> text(body, "• " + AlertText.overdueItem(g)));
        if (gs.size() > maxListed) {
          text(body, "… and " + (gs.size() - maxListed) + " more");
        }
      }
      default -> digest(view, maxListed, body, actions);
    }
    return msg;
  }

  private static void inventory(AlertView view, int maxListed, ArrayNode body) {
    title(body, "First SBOM of " + view.project(), "Attention");
    text(body, AlertText.inventoryCounts(view));
    for (Group g : view.groups().subList(0, Math.min(maxListed, view.groups().size()))) {
      Vulnerability v = g.vulnerability();
      List<Run> runs = new ArrayList<>();
      runs.add(Run.plain("• "));
      runs.add(Run.bold(v.id()));
      runs.add(Run.plain(" " + v.severityLabel()));
      if (v.kev() != null) {
        runs.add(Run.bold(" KEV"));
      }
      runs.add(Run.plain(": "));
      components(runs, g.components(), true);
      line(body, runs);
    }
    if (view.groups().size() > maxListed) {
      text(body, "… and " + (view.groups().size() - maxListed) + " more");
    }
  }

  private static void digest(AlertView view, int maxListed, ArrayNode body, ArrayNode actions) {
    Vulnerability v = view.vulnerability();
    boolean onlyResolved = view.groups().stream().allMatch(g -> g.change() == Change.RESOLVED);
    title(
        body,
        (onlyResolved ? "Resolved: " : "")
            + v.id()
            + (v.summary() == null ? "" : ": " + v.summary()),
        onlyResolved ? "Good" : "Attention");
    facts(body, v);
    int listed = 0;
    for (Change c :
        List.of(Change.OPENED, Change.ESCALATED, Change.MORE_COMPONENTS, Change.RESOLVED)) {
      List<Group> gs = view.withChange(c);
      if (gs.isEmpty()) {
        continue;
      }
      line(
          body,
          List.of(
              Run.bold(
                  AlertText.heading(c)
                      + " in "
                      + gs.size()
                      + (gs.size() == 1 ? " project" : " projects"))));
      for (Group g : gs) {
        if (listed++ >= maxListed) {
          text(body, "… and more");
          break;
        }
        List<Run> runs = new ArrayList<>();
        runs.add(Run.plain("• "));
        runs.add(Run.bold(g.projectLabel()));
        runs.add(Run.plain(": "));
        components(runs, g.components(), c != Change.RESOLVED);
        if (g.resolvedIn() != null) {
          runs.add(Run.plain(" (since version " + g.resolvedIn() + ")"));
        }
        line(body, runs);
      }
    }
    v.links()
        .forEach(
            l ->
                actions
                    .addObject()
                    .put("type", "Action.OpenUrl")
                    .put("title", l.title())
                    .put("url", l.url()));
  }

  private static void resolutions(AlertView view, int maxListed, ArrayNode body) {
    List<ProjectResolutions> projects = ProjectResolutions.of(view);
    title(body, "Resolved: " + AlertText.resolvedCount(view, projects), "Good");
    int listed = 0;
    for (ProjectResolutions p : projects) {
      for (var e : p.byComponents().entrySet()) {
        List<Run> head = new ArrayList<>();
        head.add(Run.bold(p.projectLabel()));
        head.add(Run.plain(" no longer ships "));
        for (int i = 0; i < e.getKey().size(); i++) {
          head.add(Run.mono(e.getKey().get(i)));
          if (i < e.getKey().size() - 1) {
            head.add(Run.plain(", "));
          }
        }
        head.add(Run.plain(p.since() + ":"));
        line(body, head);
        for (Group g : e.getValue()) {
          if (listed++ < maxListed) {
            line(body, vulnerability(g.vulnerability()));
          }
        }
      }
    }
    List<Group> still = ProjectResolutions.stillExposed(view);
    if (!still.isEmpty()) {
      line(body, List.of(Run.bold("Still exposed")));
      for (Group g : still) {
        if (listed++ < maxListed) {
          List<Run> runs = vulnerability(g.vulnerability());
          runs.add(Run.plain(" — "));
          runs.add(Run.bold(g.projectLabel()));
          runs.add(Run.plain(" ships "));
          components(runs, g.components(), true);
          line(body, runs);
        }
      }
    }
    if (listed > maxListed) {
      text(body, "… and " + (listed - maxListed) + " more");
    }
  }

  /** {@code • CVE-… CRITICAL 10.0 KEV (GHSA-…)}. */
  private static List<Run> vulnerability(Vulnerability v) {
    List<Run> runs = new ArrayList<>();
    runs.add(Run.plain("• "));
    runs.add(Run.bold(v.id()));
    runs.add(Run.plain(" " + v.severityLabel()));
    if (v.kev() != null) {
      runs.add(Run.bold(" KEV"));
    }
    if (!v.aliases().isEmpty()) {
      runs.add(Run.plain(" (" + String.join(", ", v.aliases()) + ")"));
    }
    return runs;
  }

  private static void components(List<Run> runs, List<Component> cs, boolean withFix) {
    for (int i = 0; i < cs.size(); i++) {
      Component c = cs.get(i);
      if (i > 0) {
        runs.add(Run.plain(", "));
      }
      runs.add(Run.mono(c.component()));
      if (withFix && c.smallestFix() != null) {
        runs.add(Run.plain(" → upgrade to "));
        runs.add(Run.bold(c.smallestFix()));
        if (!c.fixNote().isEmpty()) {
          runs.add(Run.plain(c.fixNote()));
        }
      }
      if (withFix && c.pathLabel() != null) {
        runs.add(Run.plain(" (" + c.pathLabel() + ")"));
      }
    }
  }

  private static void facts(ArrayNode body, Vulnerability v) {
    ArrayNode facts = body.addObject().put("type", "FactSet").putArray("facts");
    fact(
        facts, "Severity", v.severityLabel() + (v.vector() == null ? "" : " (" + v.vector() + ")"));
    if (v.kev() != null) {
      fact(
          facts,
          "KEV",
          "known exploited, added "
              + v.kev().getDateAdded()
              + (v.kev().getDueDate() == null ? "" : ", due " + v.kev().getDueDate()));
    }
    if (v.epss() != null) {
      fact(
          facts,
          "EPSS",
          AlertText.percent(v.epss().getScore())
              + " (percentile "
              + AlertText.percent(v.epss().getPercentile())
              + ")");
    }
    if (!v.aliases().isEmpty()) {
      fact(facts, "Aliases", String.join(", ", v.aliases()));
    }
  }

  /** A title: one bold, medium-size run. */
  private static void title(ArrayNode body, String text, String color) {
    ObjectNode run = richText(body).addObject();
    run.put("type", "TextRun").put("text", text).put("weight", "Bolder").put("size", "Medium");
    run.put("color", color);
  }

  private static void text(ArrayNode body, String text) {
    line(body, List.of(Run.plain(text)));
  }

  /** One line: a RichTextBlock whose TextRuns Teams shows as written (no Markdown). */
  private static void line(ArrayNode body, List<Run> runs) {
    ArrayNode inlines = richText(body);
    for (Run r : runs) {
      ObjectNode run = inlines.addObject().put("type", "TextRun").put("text", r.text());
      if (r.bold()) {
        run.put("weight", "Bolder");
      }
      if (r.mono()) {
        run.put("fontType", "Monospace");
      }
    }
  }

  private static ArrayNode richText(ArrayNode body) {
    return body.addObject().put("type", "RichTextBlock").putArray("inlines");
  }

  private static void fact(ArrayNode facts, String title, String value) {
    facts.addObject().put("title", title).put("value", value);
  }
}
