package io.vigil.alerting.render;

/**
 * Pure: Slack mrkdwn that renders what users, SBOMs and feeds wrote literally.
 *
 * <ul>
 *   <li>{@code &}, {@code <}, {@code >} are Slack's control characters: HTML-escaped everywhere.
 *   <li>{@code *}, {@code _}, {@code ~} and {@code `} start bold, italic, strike and code; mrkdwn
 *       has no escape for them. Outside code spans {@link #text} replaces the ones that could
 *       format with look-alikes ({@code ∗ ˍ ∼ ˋ}); an {@code _} or {@code ~} between two letters or
 *       digits cannot open or close formatting in Slack and is kept, so {@code typing_extensions}
 *       and {@code 1.0~rc1} stay as written. Inside a code span ({@link #code}) only the backtick
 *       is replaced: Slack formats nothing else there.
 *   <li>A link {@code <url|label>} ends at the first {@code |} or {@code >}: {@link #url}
 *       percent-encodes both (and whitespace), and HTML-escapes {@code &} and {@code <}.
 * </ul>
 */
public final class Mrkdwn {
  private Mrkdwn() {}

  /** Slack's three control characters. */
  public static String escape(String s) {
    return s == null ? "" : s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Text shown as written outside a code span (bold is the caller's {@code *…*} around it). */
  public static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '*' -> b.append('\u2217');
        case '`' -> b.append('\u02CB');
        case '_' -> b.append(intraword(s, i) ? '_' : '\u02CD');
        case '~' -> b.append(intraword(s, i) ? '~' : '\u223C');
        default -> b.append(c);
      }
    }
    return escape(b.toString());
  }

  /** {@code *text*}. */
  public static String bold(String s) {
    return "*" + text(s) + "*";
  }

  /** An inline code span: {@code `…`}, the text as written but for a backtick (→ {@code ˋ}). */
  public static String code(String s) {
    String t = s == null ? "" : s.replace('`', '\u02CB').replace('\n', ' ');
    return "`" + escape(t) + "`";
  }

  /** {@code <url|label>}. */
  public static String link(String url, String label) {
    return "<" + url(url) + "|" + text(label) + ">";
  }

  /**
   * A URL as Slack's link syntax needs it: {@code |}, {@code >} and whitespace percent-encoded,
   * {@code &} and {@code <} HTML-escaped.
   */
  public static String url(String url) {
    StringBuilder b = new StringBuilder(url.length() + 8);
    for (int i = 0; i < url.length(); i++) {
      char c = url.charAt(i);
      switch (c) {
        case '|' -> b.append("%7C");
        case '>' -> b.append("%3E");
        case '&' -> b.append("&amp;");
        case '<' -> b.append("&lt;");
        case ' ' -> b.append("%20");
        case '\t' -> b.append("%09");
        case '\n' -> b.append("%0A");
        case '\r' -> b.append("%0D");
        default -> b.append(c);
      }
    }
    return b.toString();
  }

  private static boolean intraword(String s, int i) {
    return i > 0
        && i < s.length() - 1
        && Character.isLetterOrDigit(s.charAt(i - 1))
        && Character.isLetterOrDigit(s.charAt(i + 1));
  }
}
