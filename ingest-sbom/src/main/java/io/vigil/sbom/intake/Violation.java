package io.vigil.sbom.intake;

/**
 * One way a document breaks its schema or Vigil's rules.
 *
 * @param path where: a JSON path ({@code $.components[3].purl}), an XML line and column, a
 *     tag-value line, or {@code $} for the whole document
 * @param message what is wrong
 */
public record Violation(String path, String message) {
  /** Longest value quoted in a message (longer ones are cut, with their length). */
  static final int QUOTE_CHARS = 120;

  /** Longest path or message kept (a message from a library may quote a whole value). */
  static final int MAX_CHARS = 600;

  public Violation {
    path = bounded(path);
    message = bounded(message);
  }

  @Override
  public String toString() {
    return path + ": " + message;
  }

  /**
   * A value as a message shows it: quoted, control characters written as {@code \u001f}, and cut
   * after {@link #QUOTE_CHARS} characters (with the full length), so that a message is always
   * printable and short whatever the document contains.
   */
  public static String quote(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder("'");
    int n = Math.min(value.length(), QUOTE_CHARS);
    escape(value, n, b);
    b.append('\'');
    if (value.length() > n) {
      b.append("... (").append(value.length()).append(" characters)");
    }
    return b.toString();
  }

  /** As {@link #quote}, without the quotes: for a library's message that may quote a value. */
  public static String printable(String value) {
    if (value == null) {
      return "null";
    }
    StringBuilder b = new StringBuilder();
    int n = Math.min(value.length(), QUOTE_CHARS);
    escape(value, n, b);
    if (value.length() > n) {
      b.append("... (").append(value.length()).append(" characters)");
    }
    return b.toString();
  }

  private static String bounded(String s) {
    if (s == null) {
      return null;
    }
    boolean clean = s.length() <= MAX_CHARS && s.chars().noneMatch(Character::isISOControl);
    if (clean) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    escape(s, Math.min(s.length(), MAX_CHARS), b);
    if (s.length() > MAX_CHARS) {
      b.append("... (cut at ").append(MAX_CHARS).append(" characters)");
    }
    return b.toString();
  }

  private static void escape(String s, int n, StringBuilder b) {
    for (int i = 0; i < n; i++) {
      char c = s.charAt(i);
      if (Character.isISOControl(c)) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
  }
}
