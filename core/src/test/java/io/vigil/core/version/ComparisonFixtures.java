package io.vigil.core.version;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads {@code A < B} / {@code A = B} / {@code A > B} fixture lines and checks them. */
final class ComparisonFixtures {
  private ComparisonFixtures() {}

  record Line(int number, String a, int expected, String b) {
    @Override
    public String toString() {
      return "line "
          + number
          + ": "
          + a
          + " "
          + (expected < 0 ? "<" : expected > 0 ? ">" : "=")
          + " "
          + b;
    }
  }

  static List<Line> read(InputStream in) throws IOException {
    List<Line> lines = new ArrayList<>();
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String s;
      int n = 0;
      while ((s = r.readLine()) != null) {
        n++;
        String t = s.strip();
        if (t.isEmpty() || t.startsWith("#") || t.startsWith("//")) {
          continue;
        }
        String[] parts = t.split(" ");
        if (parts.length != 3) {
          throw new IllegalArgumentException("line " + n + " is not 'A op B': " + s);
        }
        int op =
            switch (parts[1]) {
              case "<" -> -1;
              case "=" -> 0;
              case ">" -> 1;
              default ->
                  throw new IllegalArgumentException("line " + n + " has operator " + parts[1]);
            };
        lines.add(new Line(n, parts[0], op, parts[2]));
      }
    }
    return lines;
  }

  /** The lines the scheme disagrees with (each with what it answered). */
  static List<String> disagreements(VersionScheme scheme, List<Line> lines) {
    List<String> bad = new ArrayList<>();
    for (Line l : lines) {
      Comparison c = scheme.compare(l.a(), l.b());
      Comparison reverse = scheme.compare(l.b(), l.a());
      if (c.isError()) {
        bad.add(l + " -> " + c);
      } else if (c.order() != l.expected() || reverse.order() != -l.expected()) {
        bad.add(l + " -> got " + c + " (reverse " + reverse + ")");
      }
    }
    return bad;
  }
}
