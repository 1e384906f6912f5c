package io.vigil.alerting.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.engine.Alert;
import io.vigil.alerting.engine.Change;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Vulnerability;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Pure: an alert → a Microsoft Teams message carrying an Adaptive Card (schema 1.4), the body both
 * a Workflows ("Post to a channel when a webhook request is received") webhook and a legacy
 * incoming webhook accept.
 */
public final class TeamsCards {
  private TeamsCards() {}

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
    if (view.alert().kind() == Alert.Kind.INVENTORY) {
      text(body, "First SBOM of " + view.project(), true, "Medium", "Attention");
      text(body, AlertText.inventoryCounts(view), false, null, null);
      List<String> lines = new ArrayList<>();
      for (Group g : view.groups().subList(0, Math.min(maxListed, view.groups().size()))) {
        Vulnerability v = g.vulnerability();
        lines.add(
            "- **"
                + v.id()
                + "** "
                + v.severityLabel()
                + (v.kev() != null ? " **KEV**" : "")
                + ": "
                + g.components().stream()
                    .map(Component::withFix)
                    .collect(Collectors.joining(", ")));
      }
      if (view.groups().size() > maxListed) {
        lines.add("- … and " + (view.groups().size() - maxListed) + " more");
      }
      text(body, String.join("\n", lines), false, null, null);
      return msg;
    }
    Vulnerability v = view.vulnerability();
    boolean onlyResolved = view.groups().stream().allMatch(g -> g.change() == Change.RESOLVED);
    text(
        body,
        (onlyResolved ? "Resolved: " : "")
            + v.id()
            + (v.summary() == null ? "" : ": " + v.summary()),
        true,
        "Medium",
        onlyResolved ? "Good" : "Attention");
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
    int listed = 0;
    for (Change c :
        List.of(Change.OPENED, Change.ESCALATED, Change.MORE_COMPONENTS, Change.RESOLVED)) {
      List<Group> gs = view.withChange(c);
      if (gs.isEmpty()) {
        continue;
      }
      text(
          body,
          AlertText.heading(c) + " in " + gs.size() + (gs.size() == 1 ? " project" : " projects"),
          true,
          null,
          null);
      List<String> lines = new ArrayList<>();
      for (Group g : gs) {
        if (listed++ >= maxListed) {
          lines.add("- … and more");
          break;
        }
        lines.add(
            "- **"
                + g.projectLabel()
                + "**: "
                + g.components().stream()
                    .map(x -> c == Change.RESOLVED ? x.component() : x.withFix())
                    .collect(Collectors.joining(", ")));
      }
      text(body, String.join("\n", lines), false, null, null);
    }
    v.links()
        .forEach(
            l ->
                actions
                    .addObject()
                    .put("type", "Action.OpenUrl")
                    .put("title", l.title())
                    .put("url", l.url()));
    return msg;
  }

  private static void text(ArrayNode body, String text, boolean bold, String size, String color) {
    ObjectNode t = body.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
    if (bold) {
      t.put("weight", "Bolder");
    }
    if (size != null) {
      t.put("size", size);
    }
    if (color != null) {
      t.put("color", color);
    }
  }

  private static void fact(ArrayNode facts, String title, String value) {
    facts.addObject().put("title", title).put("value", value);
  }
}
