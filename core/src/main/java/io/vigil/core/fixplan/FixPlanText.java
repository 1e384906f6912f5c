package io.vigil.core.fixplan;

import java.util.ArrayList;
import java.util.List;

/** Markdown pieces the fix plans share: tallies in words, escaped text and code spans. Pure. */
public final class FixPlanText {
  private FixPlanText() {}

  /** {@code 3 vulnerabilities (1 critical, 2 high; 1 in KEV)}. */
  public static String tally(Tally t) {
    return tally(t, "vulnerability", "vulnerabilities");
  }

  /** {@code 3 exposures (1 critical, 2 high; 1 in KEV)}. */
  public static String tally(Tally t, String one, String many) {
    List<String> parts = new ArrayList<>();
    add(parts, t.critical(), "critical");
    add(parts, t.high(), "high");
    add(parts, t.medium(), "medium");
    add(parts, t.low(), "low");
    add(parts, t.unknown(), "unrated");
    String s = t.total() + " " + (t.total() == 1 ? one : many);
    s += " (" + String.join(", ", parts);
    return s + (t.kev() > 0 ? "; " + t.kev() + " in KEV)" : ")");
  }

  private static void add(List<String> parts, int n, String label) {
    if (n > 0) {
      parts.add(n + " " + label);
    }
  }

  /** Text outside code: Markdown's special characters escaped. */
  public static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      if ("\\`*_[]<>#|".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c == '\n' || c == '\r' ? ' ' : c);
    }
    return b.toString();
  }

  /** Text inside a code span: no backtick, no line break. */
  public static String code(String s) {
    return s == null ? "" : s.replace('`', 'ˋ').replace('\n', ' ').replace('\r', ' ');
  }
}
