package io.vigil.alerting.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny document model (paragraphs, headings, bullet lists of inline runs) with two renderings:
 * Atlassian Document Format for Jira Cloud REST v3 (text nodes are literal), and wiki markup for
 * Server/Data Center v2, where what users, SBOMs and feeds wrote is backslash-escaped so that a
 * name with {@code *}, {@code _}, {@code {}, {@code [} or {@code |} shows as written.
 */
public final class RichText {
  /**
   * A run of text, optionally bold, code or a link; a verbatim run (a comment's idempotence marker,
   * searched for as written) is not escaped in wiki markup.
   */
  public record Run(String text, boolean bold, boolean code, String href, boolean verbatim) {
    public static Run plain(String t) {
      return new Run(t, false, false, null, false);
    }

    public static Run bold(String t) {
      return new Run(t, true, false, null, false);
    }

    public static Run code(String t) {
      return new Run(t, false, true, null, false);
    }

    public static Run link(String t, String href) {
      return new Run(t, false, false, href, false);
    }

    public static Run verbatim(String t) {
      return new Run(t, false, false, null, true);
    }
  }

  /** A block of the document. */
  public sealed interface Block permits Paragraph, Heading, Bullets, Rule {}

  public record Paragraph(List<Run> runs) implements Block {}

  public record Heading(String text) implements Block {}

  public record Bullets(List<List<Run>> items) implements Block {}

  public record Rule() implements Block {}

  private final List<Block> blocks = new ArrayList<>();

  public RichText paragraph(Run... runs) {
    blocks.add(new Paragraph(List.of(runs)));
    return this;
  }

  public RichText paragraph(List<Run> runs) {
    blocks.add(new Paragraph(List.copyOf(runs)));
    return this;
  }

  public RichText heading(String text) {
    blocks.add(new Heading(text));
    return this;
  }

  public RichText bullets(List<List<Run>> items) {
    if (!items.isEmpty()) {
      blocks.add(new Bullets(List.copyOf(items)));
    }
    return this;
  }

  public RichText rule() {
    blocks.add(new Rule());
    return this;
  }

  public List<Block> blocks() {
    return List.copyOf(blocks);
  }

  /** Atlassian Document Format ({@code {"type":"doc","version":1,"content":[…]}}). */
  public ObjectNode toAdf() {
    ObjectNode doc = SlackMessages.JSON.createObjectNode();
    doc.put("type", "doc");
    doc.put("version", 1);
    ArrayNode content = doc.putArray("content");
    for (Block b : blocks) {
      if (b instanceof Paragraph p) {
        runs(content.addObject().put("type", "paragraph").putArray("content"), p.runs());
      } else if (b instanceof Heading h) {
        ObjectNode n = content.addObject().put("type", "heading");
        n.putObject("attrs").put("level", 3);
        n.putArray("content").addObject().put("type", "text").put("text", h.text());
      } else if (b instanceof Bullets l) {
        ArrayNode items = content.addObject().put("type", "bulletList").putArray("content");
        for (List<Run> item : l.items()) {
          ArrayNode para =
              items
                  .addObject()
                  .put("type", "listItem")
                  .putArray("content")
                  .addObject()
                  .put("type", "paragraph")
                  .putArray("content");
          runs(para, item);
        }
      } else {
        content.addObject().put("type", "rule");
      }
    }
    return doc;
  }

  private static void runs(ArrayNode content, List<Run> runs) {
    for (Run r : runs) {
      if (r.text() == null || r.text().isEmpty()) {
        continue;
      }
      ObjectNode t = content.addObject().put("type", "text").put("text", r.text());
      if (r.bold() || r.code() || r.href() != null) {
        ArrayNode marks = t.putArray("marks");
        if (r.bold()) {
          marks.addObject().put("type", "strong");
        }
        if (r.code()) {
          marks.addObject().put("type", "code");
        }
        if (r.href() != null) {
          marks.addObject().put("type", "link").putObject("attrs").put("href", r.href());
        }
      }
    }
  }

  /** Jira wiki markup (Server/Data Center). */
  public String toWiki() {
    StringBuilder b = new StringBuilder();
    for (Block block : blocks) {
      if (b.length() > 0) {
        b.append("\n\n");
      }
      if (block instanceof Paragraph p) {
        b.append(wikiRuns(p.runs()));
      } else if (block instanceof Heading h) {
        b.append("h3. ").append(wikiText(h.text()));
      } else if (block instanceof Bullets l) {
        List<String> lines = new ArrayList<>();
        l.items().forEach(item -> lines.add("* " + wikiRuns(item)));
        b.append(String.join("\n", lines));
      } else {
        b.append("----");
      }
    }
    return b.toString();
  }

  /** Plain text (tests, logs). */
  public String toPlain() {
    StringBuilder b = new StringBuilder();
    for (Block block : blocks) {
      if (b.length() > 0) {
        b.append('\n');
      }
      if (block instanceof Paragraph p) {
        p.runs().forEach(r -> b.append(r.text()));
      } else if (block instanceof Heading h) {
        b.append(h.text());
      } else if (block instanceof Bullets l) {
        for (List<Run> item : l.items()) {
          b.append("- ");
          item.forEach(r -> b.append(r.text()));
          b.append('\n');
        }
      } else {
        b.append("---");
      }
    }
    return b.toString().strip();
  }

  private static String wikiRuns(List<Run> runs) {
    StringBuilder b = new StringBuilder();
    for (Run r : runs) {
      String t = r.text() == null ? "" : r.text();
      if (r.verbatim()) {
        b.append(t);
      } else if (r.href() != null) {
        b.append('[').append(wikiText(t)).append('|').append(wikiUrl(r.href())).append(']');
      } else if (r.code()) {
        b.append("{{").append(wikiText(t)).append("}}");
      } else if (r.bold()) {
        b.append('*').append(wikiText(t)).append('*');
      } else {
        b.append(wikiText(t));
      }
    }
    return b.toString();
  }

  /**
   * Text shown as written in Jira wiki markup: a backslash before {@code \ { } [ ] | !} always, and
   * before {@code * _ + ^ ~ ? -} (bold, italic, underline, super/subscript, citation,
   * strike-through) unless between two letters or digits, where Jira does not read them as markup
   * ({@code log4j-core} and {@code typing_extensions} stay as they are).
   */
  static String wikiText(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\', '{', '}', '[', ']', '|', '!' -> b.append('\\').append(c);
        case '*', '_', '+', '^', '~', '?', '-' -> {
          if (!intraword(s, i)) {
            b.append('\\');
          }
          b.append(c);
        }
        case '\n', '\r' -> b.append(' ');
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  /** A link target: the characters that end or split {@code [label|url]} percent-encoded. */
  static String wikiUrl(String url) {
    return url.replace("|", "%7C")
        .replace("]", "%5D")
        .replace("[", "%5B")
        .replace(" ", "%20")
        .replace("\n", "%0A");
  }

  private static boolean intraword(String s, int i) {
    return i > 0
        && i < s.length() - 1
        && Character.isLetterOrDigit(s.charAt(i - 1))
        && Character.isLetterOrDigit(s.charAt(i + 1));
  }
}
