package io.vigil.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;

/** Pure: an exposure event → a Slack message (Block Kit with a plain-text fallback). */
public final class SlackMessages {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SlackMessages() {}

  /** The one-line text (notification fallback and console output). */
  public static String text(ExposureEvent e) {
    var a = e.getAdvisory();
    String sev = a.getSeverity() == null ? "unknown severity" : a.getSeverity();
    String verb = e.getType() == ExposureType.RESOLVED ? "no longer ships" : "ships";
    String head =
        e.getType() == ExposureType.RESOLVED
            ? "Resolved"
            : e.getType() == ExposureType.UPDATED ? "Updated" : "New exposure";
    StringBuilder b = new StringBuilder().append(head).append(": ").append(a.getVulnerabilityId());
    if (!a.getId().equals(a.getVulnerabilityId())) {
      b.append(" (").append(a.getId()).append(")");
    }
    b.append(" [")
        .append(sev)
        .append(a.getScore() == null ? "" : " " + a.getScore())
        .append("] — ")
        .append(e.getProject())
        .append(" ")
        .append(verb)
        .append(" ")
        .append(e.getComponent().getPurl());
    if (e.getType() != ExposureType.RESOLVED && e.getSmallestFix() != null) {
      b.append("; upgrade to ").append(e.getSmallestFix());
    }
    return b.toString();
  }

  /** The webhook / chat.postMessage body. */
  public static ObjectNode message(ExposureEvent e) {
    var a = e.getAdvisory();
    ObjectNode msg = JSON.createObjectNode();
    msg.put("text", text(e));
    ArrayNode blocks = msg.putArray("blocks");
    ObjectNode header = blocks.addObject().put("type", "header");
    header
        .putObject("text")
        .put("type", "plain_text")
        .put(
            "text",
            truncate(
                a.getVulnerabilityId() + (a.getSummary() == null ? "" : ": " + a.getSummary()),
                150));
    StringBuilder fields =
        new StringBuilder()
            .append("*Project:* ")
            .append(e.getProject())
            .append("\n*Component:* `")
            .append(e.getComponent().getPurl())
            .append("`")
            .append("\n*Severity:* ")
            .append(a.getSeverity() == null ? "unknown" : a.getSeverity())
            .append(a.getScore() == null ? "" : " (" + a.getScore() + ")");
    if (e.getSmallestFix() != null) {
      fields.append("\n*Fix:* upgrade to ").append(e.getSmallestFix());
    }
    if (!a.getAliases().isEmpty()) {
      fields.append("\n*Aliases:* ").append(String.join(", ", a.getAliases()));
    }
    ObjectNode section = blocks.addObject().put("type", "section");
    section.putObject("text").put("type", "mrkdwn").put("text", fields.toString());
    if (a.getUrl() != null) {
      ObjectNode ctx = blocks.addObject().put("type", "context");
      ctx.putArray("elements")
          .addObject()
          .put("type", "mrkdwn")
          .put("text", "<" + a.getUrl() + "|" + a.getId() + ">");
    }
    return msg;
  }

  private static String truncate(String s, int n) {
    return s.length() <= n ? s : s.substring(0, n - 1) + "…";
  }
}
