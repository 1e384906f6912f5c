package io.vigil.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The CSV form of exposures (RFC 4180; cells that a spreadsheet would run as formulas are quoted as
 * text). Pure.
 */
final class Exports {
  static final List<String> COLUMNS =
      List.of(
          "project",
          "projectVersion",
          "purl",
          "version",
          "direct",
          "advisory",
          "vulnerability",
          "aliases",
          "severity",
          "score",
          "kev",
          "epss",
          "fixed",
          "smallestFix");

  private Exports() {}

  static String csv(List<JsonNode> items) {
    StringBuilder sb = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    for (JsonNode n : items) {
      List<String> cells = new ArrayList<>();
      for (String c : COLUMNS) {
        JsonNode v = n.path(c);
        String text;
        if (v.isArray()) {
          List<String> parts = new ArrayList<>();
          v.forEach(x -> parts.add(x.asText()));
          text = String.join(" ", parts);
        } else if (v.isMissingNode() || v.isNull()) {
          text = "";
        } else {
          text = v.asText();
        }
        cells.add(cell(text));
      }
      sb.append(String.join(",", cells)).append("\r\n");
    }
    return sb.toString();
  }

  static String cell(String s) {
    String t = s;
    if (!t.isEmpty() && "=+-@\t\r".indexOf(t.charAt(0)) >= 0) {
      t = "'" + t; // CSV injection: a spreadsheet shows it as text
    }
    if (t.contains(",")
        || t.contains("\"")
        || t.contains("\n")
        || t.contains("\r")
        || !t.equals(s)) {
      return "\"" + t.replace("\"", "\"\"") + "\"";
    }
    return t;
  }
}
