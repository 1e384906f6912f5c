package io.vigil.console.view;

import java.util.List;
import java.util.Locale;

/**
 * Charts as server-side SVG (no JavaScript, no library): horizontal bars with their values written
 * beside them, a {@code <title>} and an {@code aria-label} that says the whole chart in words.
 * Pure.
 */
public final class Charts {
  private static final int WIDTH = 480;
  private static final int LABEL = 150;
  private static final int ROW = 26;

  private Charts() {}

  /** One bar: its label, value and CSS class (e.g. {@code sev-critical}). */
  public record Bar(String label, long value, String cssClass) {}

  /** Horizontal bars, longest = the largest value. */
  public static String bars(String title, List<Bar> bars) {
    long max = bars.stream().mapToLong(Bar::value).max().orElse(0);
    int height = Math.max(ROW, bars.size() * ROW) + 4;
    StringBuilder words = new StringBuilder(title).append(": ");
    for (int i = 0; i < bars.size(); i++) {
      words
          .append(i == 0 ? "" : ", ")
          .append(bars.get(i).label())
          .append(' ')
          .append(bars.get(i).value());
    }
    StringBuilder s = new StringBuilder();
    s.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"")
        .append(WIDTH)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(WIDTH)
        .append(' ')
        .append(height)
        .append("\" aria-label=\"")
        .append(escape(words.toString()))
        .append("\"><title>")
        .append(escape(words.toString()))
        .append("</title>");
    int barSpace = WIDTH - LABEL - 60;
    for (int i = 0; i < bars.size(); i++) {
      Bar b = bars.get(i);
      int y = i * ROW + 2;
      long w =
          max == 0
              ? 0
              : Math.max(b.value() > 0 ? 2 : 0, Math.round((double) b.value() * barSpace / max));
      s.append("<text class=\"chart-label\" x=\"")
          .append(LABEL - 8)
          .append("\" y=\"")
          .append(y + 17)
          .append("\" text-anchor=\"end\">")
          .append(escape(b.label()))
          .append("</text>");
      s.append("<rect class=\"bar ")
          .append(escape(b.cssClass()))
          .append("\" x=\"")
          .append(LABEL)
          .append("\" y=\"")
          .append(y + 3)
          .append("\" width=\"")
          .append(w)
          .append("\" height=\"")
          .append(ROW - 8)
          .append("\"/>");
      s.append("<text class=\"chart-value\" x=\"")
          .append(LABEL + w + 6)
          .append("\" y=\"")
          .append(y + 17)
          .append("\">")
          .append(String.format(Locale.ROOT, "%,d", b.value()))
          .append("</text>");
    }
    return s.append("</svg>").toString();
  }

  /** Text for SVG/HTML content and attributes. */
  static String escape(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** The CSS class of a severity rating. */
  public static String severityClass(String severity) {
    return "sev-" + (severity == null ? "unknown" : severity.toLowerCase(Locale.ROOT));
  }
}
