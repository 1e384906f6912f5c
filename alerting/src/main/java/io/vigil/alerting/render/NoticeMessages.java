package io.vigil.alerting.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;

/** Pure: a {@link Notice} as plain text, Slack Block Kit, a Teams card and the webhook JSON. */
public final class NoticeMessages {
  private NoticeMessages() {}

  /** The console's text: the title, then one line per detail. */
  public static String text(Notice n) {
    StringBuilder b = new StringBuilder(n.title());
    n.lines().forEach(l -> b.append('\n').append("  ").append(l));
    return b.toString();
  }

  /** A Slack message: {@code text} (the notification line), a header and the details. */
  public static ObjectNode slack(Notice n) {
    ObjectNode msg = SlackMessages.JSON.createObjectNode();
    msg.put("text", SlackMessages.truncate(Mrkdwn.text(n.title()), 3000));
    ArrayNode blocks = msg.putArray("blocks");
    ObjectNode h = blocks.addObject().put("type", "header");
    h.putObject("text")
        .put("type", "plain_text")
        .put("text", SlackMessages.truncate(n.title(), 150))
        .put("emoji", true);
    if (!n.lines().isEmpty()) {
      StringBuilder s = new StringBuilder();
      for (String l : n.lines()) {
        s.append(s.length() == 0 ? "" : "\n").append("• ").append(Mrkdwn.text(l));
      }
      ObjectNode section = blocks.addObject().put("type", "section");
      section
          .putObject("text")
          .put("type", "mrkdwn")
          .put("text", SlackMessages.truncate(s.toString(), 3000));
    }
    return msg;
  }

  /** A Teams message with an Adaptive Card 1.4 (plain TextBlocks: notice text has no markup). */
  public static ObjectNode teams(Notice n) {
    ObjectNode msg = SlackMessages.JSON.createObjectNode();
    msg.put("type", "message");
    ObjectNode att = msg.putArray("attachments").addObject();
    att.put("contentType", "application/vnd.microsoft.card.adaptive");
    att.putNull("contentUrl");
    ObjectNode card = att.putObject("content");
    card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
    card.put("type", "AdaptiveCard");
    card.put("version", "1.4");
    ArrayNode body = card.putArray("body");
    body.addObject()
        .put("type", "TextBlock")
        .put("text", n.title())
        .put("weight", "Bolder")
        .put("size", "Medium")
        .put("wrap", true);
    for (String l : n.lines()) {
      body.addObject().put("type", "TextBlock").put("text", l).put("wrap", true);
    }
    return msg;
  }

  /** The webhook JSON: {@code {"version":1,"kind":"FEED_STALE","deliveryId":…,"facts":{…}}}. */
  public static ObjectNode webhook(Notice n, Instant now) {
    ObjectNode p = SlackMessages.JSON.createObjectNode();
    p.put("version", 1);
    p.put("kind", n.kind());
    p.put("deliveryId", n.deliveryId());
    p.put("sentAt", now.toString());
    p.put("title", n.title());
    ArrayNode lines = p.putArray("lines");
    n.lines().forEach(lines::add);
    p.set("facts", SlackMessages.JSON.valueToTree(n.facts()));
    return p;
  }
}
