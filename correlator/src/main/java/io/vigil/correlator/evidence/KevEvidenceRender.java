package io.vigil.correlator.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** The Markdown and CSV forms of {@link KevEvidence#answer()} (JSON is the answer itself). Pure. */
public final class KevEvidenceRender {
  /** The CSV columns, one row per affected project component. */
  public static final List<String> COLUMNS =
      List.of(
          "vulnerability",
          "project",
          "projectVersion",
          "team",
          "purl",
          "version",
          "reach",
          "via",
          "firstSeenAt",
          "status",
          "decisionState",
          "decisionJustification",
          "decidedAt",
          "fixedAt",
          "upgradeTo",
          "dueAt",
          "withinDeadline",
          "resolvedAt");

  private KevEvidenceRender() {}

  public static String csv(JsonNode answer) {
    StringBuilder b = new StringBuilder(String.join(",", COLUMNS)).append("\r\n");
    String vuln = answer.path("vulnerability").asText();
    for (JsonNode r : answer.path("affected")) {
      List<String> cells = new ArrayList<>();
      cells.add(vuln);
      cells.add(text(r, "project"));
      cells.add(text(r, "projectVersion"));
      cells.add(text(r, "team"));
      cells.add(text(r, "purl"));
      cells.add(text(r, "version"));
      cells.add(text(r, "reach"));
      cells.add(join(r.path("via")));
      cells.add(text(r, "firstSeenAt"));
      cells.add(text(r, "status"));
      cells.add(text(r.path("decision"), "state"));
      cells.add(text(r.path("decision"), "justification"));
      cells.add(text(r.path("decision"), "decidedAt"));
      cells.add(text(r, "fixedAt"));
      cells.add(text(r, "upgradeTo"));
      cells.add(text(r, "dueAt"));
      cells.add(text(r, "withinDeadline"));
      cells.add(text(r, "resolvedAt"));
      b.append(String.join(",", cells.stream().map(KevEvidenceRender::cell).toList()))
          .append("\r\n");
    }
    return b.toString();
  }

  public static String markdown(JsonNode answer) {
    StringBuilder b = new StringBuilder();
    JsonNode s = answer.path("summary");
    JsonNode kev = answer.path("kev");
    b.append("# Evidence for ").append(md(answer.path("vulnerability").asText())).append("\n\n");
    if (kev.isObject()) {
      b.append("In CISA KEV since ")
          .append(kev.path("dateAdded").asText())
          .append(kev.hasNonNull("dueDate") ? ", due " + kev.path("dueDate").asText() : "")
          .append(
              kev.hasNonNull("knownRansomwareCampaignUse")
                  ? "; known ransomware use: " + md(kev.path("knownRansomwareCampaignUse").asText())
                  : "")
          .append(".\n");
    } else {
      b.append("Not listed in CISA KEV by the exposures found.\n");
    }
    b.append("As of ").append(answer.path("asOf").asText()).append(": ");
    b.append(s.path("products").asInt())
        .append(s.path("products").asInt() == 1 ? " product" : " products")
        .append(" affected (")
        .append(s.path("components").asInt())
        .append(" components): ")
        .append(s.path("open").asInt())
        .append(" open, ")
        .append(s.path("suppressed").asInt())
        .append(" decided not affected, ")
        .append(s.path("fixed").asInt())
        .append(" fixed; ")
        .append(s.path("late").asInt())
        .append(" past the due date. First seen ")
        .append(s.hasNonNull("firstSeenAt") ? s.path("firstSeenAt").asText() : "(unknown)")
        .append(".\n\n");
    if (answer.path("affected").isEmpty()) {
      return b.append("No product ships an affected component.\n").toString();
    }
    b.append("| Product | Version | Component | Reach | First seen | Status | Decided | Resolved |")
        .append(" Due | In time |\n");
    b.append("|---|---|---|---|---|---|---|---|---|---|\n");
    for (JsonNode r : answer.path("affected")) {
      b.append("| ")
          .append(md(text(r, "project")))
          .append(" | ")
          .append(md(text(r, "projectVersion")))
          .append(" | `")
          .append(text(r, "purl").replace('`', 'ˋ').replace("|", "\\|"))
          .append("` | ")
          .append(md(text(r, "reach")))
          .append(r.path("via").isEmpty() ? "" : " via " + md(join(r.path("via"))))
          .append(" | ")
          .append(text(r, "firstSeenAt"))
          .append(" | ")
          .append(text(r, "status"))
          .append(" | ")
          .append(
              r.path("decision").isObject()
                  ? md(text(r.path("decision"), "state"))
                      + " "
                      + text(r.path("decision"), "decidedAt")
                  : "")
          .append(" | ")
          .append(text(r, "resolvedAt"))
          .append(" | ")
          .append(text(r, "dueAt"))
          .append(" | ")
          .append(
              r.path("withinDeadline").isBoolean()
                  ? (r.path("withinDeadline").asBoolean() ? "yes" : "**no**")
                  : "?")
          .append(" |\n");
    }
    return b.toString();
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isMissingNode() || v.isNull() ? "" : v.asText();
  }

  private static String join(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(x -> out.add(x.asText()));
    return String.join(" ", out);
  }

  /**
   * RFC 4180: quoted when it holds a comma, quote or line break; a leading formula sign defused.
   */
  static String cell(String s) {
    String v = s;
    if (!v.isEmpty() && "=+-@".indexOf(v.charAt(0)) >= 0) {
      v = "'" + v;
    }
    if (v.contains(",") || v.contains("\"") || v.contains("\n") || v.contains("\r")) {
      return "\"" + v.replace("\"", "\"\"") + "\"";
    }
    return v;
  }

  private static String md(String s) {
    StringBuilder b = new StringBuilder();
    for (char c : s.toCharArray()) {
      if ("\\`*_[]<>#|".indexOf(c) >= 0) {
        b.append('\\');
      }
      b.append(c == '\n' || c == '\r' ? ' ' : c);
    }
    return b.toString();
  }
}
