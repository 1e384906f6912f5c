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

  /** One line of {@link #lines}: its label, CSS class and a value per x (null: no data). */
  public record Series(String label, String cssClass, List<Long> values) {}

  /**
   * Lines over days (or any x labels), the y axis from 0 to the largest value; a point without data
   * breaks its line. The first and last x labels and the largest value are written on the axes, and
   * the {@code aria-label} says each series' first and last value.
   */
  public static String lines(String title, List<String> xLabels, List<Series> series) {
    int width = 560;
    int height = 220;
    int left = 48;
    int right = 12;
    int top = 12;
    int bottom = 28;
    long max = 0;
    for (Series s : series) {
      for (Long v : s.values()) {
        max = v == null ? max : Math.max(max, v);
      }
    }
    long yMax = Math.max(1, max);
    int n = xLabels.size();
    double step = n <= 1 ? 0 : (double) (width - left - right) / (n - 1);
    StringBuilder words = new StringBuilder(title);
    if (n > 0) {
      words.append(", ").append(xLabels.get(0)).append(" to ").append(xLabels.get(n - 1));
    }
    for (Series s : series) {
      words.append("; ").append(s.label()).append(' ').append(firstAndLast(s.values()));
    }
    StringBuilder out = new StringBuilder();
    out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" role=\"img\" width=\"")
        .append(width)
        .append("\" height=\"")
        .append(height)
        .append("\" viewBox=\"0 0 ")
        .append(width)
        .append(' ')
        .append(height)
        .append("\" aria-label=\"")
        .append(escape(words.toString()))
        .append("\"><title>")
        .append(escape(words.toString()))
        .append("</title>");
    int y0 = height - bottom;
    out.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
            left,
            y0,
            width - right,
            y0));
    out.append(
        String.format(
            Locale.ROOT,
            "<line class=\"axis\" x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\"/>",
            left,
            top,
            left,
            y0));
    out.append(
        String.format(
            Locale.ROOT,
            "<text class=\"chart-label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%,d</text>",
            left - 4,
            top + 10,
            yMax));
    out.append(
        String.format(
            Locale.ROOT,
            "<text class=\"chart-label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">0</text>",
            left - 4,
            y0));
    if (n > 0) {
      out.append(
          String.format(
              Locale.ROOT,
              "<text class=\"chart-label\" x=\"%d\" y=\"%d\">%s</text>",
              left,
              height - 8,
              escape(xLabels.get(0))));
      out.append(
          String.format(
              Locale.ROOT,
              "<text class=\"chart-label\" x=\"%d\" y=\"%d\" text-anchor=\"end\">%s</text>",
              width - right,
              height - 8,
              escape(xLabels.get(n - 1))));
    }
    for (Series s : series) {
      StringBuilder path = new StringBuilder();
      boolean pen = false;
      for (int i = 0; i < n && i < s.values().size(); i++) {
        Long v = s.values().get(i);
        if (v == null) {
          pen = false;
          continue;
        }
        double x = left + i * step;
        double y = y0 - (double) v * (y0 - top) / yMax;
        path.append(pen ? " L" : (path.length() == 0 ? "M" : " M"))
            .append(String.format(Locale.ROOT, "%.1f %.1f", x, y));
        out.append(
            String.format(
                Locale.ROOT,
                "<circle class=\"point %s\" cx=\"%.1f\" cy=\"%.1f\" r=\"2.5\"/>",
                escape(s.cssClass()),
                x,
                y));
        pen = true;
      }
      if (path.length() > 0) {
        out.append("<path class=\"line ")
            .append(escape(s.cssClass()))
            .append("\" d=\"")
            .append(path)
            .append("\"/>");
      }
    }
    return out.append("</svg>").toString();
  }

  private static String firstAndLast(List<Long> values) {
    Long first = values.stream().filter(v -> v != null).findFirst().orElse(null);
    Long last = null;
    for (Long v : values) {
      last = v == null ? last : v;
    }
    return first == null ? "no data" : "from " + first + " to " + last;
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
