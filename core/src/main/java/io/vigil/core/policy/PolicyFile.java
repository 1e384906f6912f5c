package io.vigil.core.policy;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.CycloneDxJustification;
import io.vigil.core.triage.Justification;
import io.vigil.core.triage.Response;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy file (YAML, or JSON) into rules, checking its structure; {@link Policy#compile}
 * then checks the conditions. Every problem is reported with its file position.
 *
 * <pre>
 * rules:
 *   - name: optional-deps-outside-kev       # unique; becomes the decision's sourceRef
 *     description: optional scope is not shipped
 *     priority: 100                         # higher first (default 0); ties in file order
 *     condition: component.scope == "optional" &amp;&amp; !vuln.kev
 *     analysis:
 *       state: not_affected                 # in_triage, exploitable, false_positive, not_affected, resolved
 *       justification: vulnerable_code_not_in_execute_path   # one of the five, or one of CycloneDX's nine
 *       responses: [will_not_fix]
 *       detail: optional dependencies are excluded from the product image
 *       comment: agreed with the security team, 2026-03
 *     validFrom: 2026-01-01T00:00:00Z      # optional, inclusive
 *     validUntil: 2026-07-01T00:00:00Z     # optional, exclusive; decisions expire with it
 * </pre>
 *
 * Unknown keys are errors, as everywhere in Vigil's configuration.
 */
public final class PolicyFile {
  private static final YAMLFactory YAML = new YAMLFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(YAML);
  private static final Set<String> RULE_KEYS =
      Set.of("name", "description", "priority", "condition", "analysis", "validFrom", "validUntil");
  private static final Set<String> ANALYSIS_KEYS =
      Set.of("state", "justification", "responses", "detail", "comment");

  private PolicyFile() {}

  /**
   * Reads the rules of a policy file.
   *
   * @param text the file's content
   * @param fileName the name used in messages
   * @throws PolicyException listing every structural problem
   */
  public static List<PolicyRule> read(String text, String fileName) throws PolicyException {
    JsonNode root;
    Map<String, JsonLocation> locations = new HashMap<>();
    try {
      root = MAPPER.readTree(text);
      collectLocations(text, locations);
    } catch (IOException e) {
      String where = fileName;
      if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
          && j.getLocation() != null) {
        where = fileName + ":" + j.getLocation().getLineNr() + ":" + j.getLocation().getColumnNr();
      }
      throw new PolicyException(
          List.of(new PolicyProblem(where, null, "not YAML: " + firstLine(e.getMessage()))));
    }
    Reader r = new Reader(fileName, text, locations);
    List<PolicyRule> rules = r.rules(root);
    if (!r.problems.isEmpty()) {
      throw new PolicyException(r.problems);
    }
    return rules;
  }

  private static void collectLocations(String text, Map<String, JsonLocation> out)
      throws IOException {
    try (JsonParser p = YAML.createParser(text)) {
      JsonToken t;
      while ((t = p.nextToken()) != null) {
        if (t == JsonToken.FIELD_NAME) {
          continue;
        }
        out.putIfAbsent(p.getParsingContext().pathAsPointer().toString(), p.currentTokenLocation());
        if (t.isStructStart()) {
          // the pointer of a container start is its own path already
          continue;
        }
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  private static final class Reader {
    final String file;
    final String[] lines;
    final Map<String, JsonLocation> locations;
    final List<PolicyProblem> problems = new ArrayList<>();

    Reader(String file, String text, Map<String, JsonLocation> locations) {
      this.file = file;
      this.lines = text.split("\r?\n", -1);
      this.locations = locations;
    }

    List<PolicyRule> rules(JsonNode root) {
      List<PolicyRule> out = new ArrayList<>();
      if (root == null || !root.isObject()) {
        problems.add(new PolicyProblem(file, null, "a policy file is a map with a 'rules' list"));
        return out;
      }
      unknownKeys(root, Set.of("rules"), "", null);
      JsonNode rules = root.get("rules");
      if (rules == null || !rules.isArray()) {
        problems.add(new PolicyProblem(where("/rules", file), null, "'rules' must be a list"));
        return out;
      }
      Set<String> names = new HashSet<>();
      for (int i = 0; i < rules.size(); i++) {
        PolicyRule rule = rule(rules.get(i), "/rules/" + i, names);
        if (rule != null) {
          out.add(rule);
        }
      }
      return out;
    }

    private PolicyRule rule(JsonNode n, String path, Set<String> names) {
      int before = problems.size();
      if (!n.isObject()) {
        problems.add(new PolicyProblem(where(path, path), null, "a rule is a map"));
        return null;
      }
      String name = text(n, "name", path, null, true);
      if (name != null && !names.add(name)) {
        problems.add(new PolicyProblem(where(path + "/name", path), name, "duplicate rule name"));
      }
      unknownKeys(n, RULE_KEYS, path, name);
      String description = text(n, "description", path, name, false);
      int priority = 0;
      JsonNode p = n.get("priority");
      if (p != null) {
        if (p.canConvertToInt() && p.isIntegralNumber()) {
          priority = p.intValue();
        } else {
          problems.add(
              new PolicyProblem(
                  where(path + "/priority", path), name, "priority must be an integer"));
        }
      }
      String condition = text(n, "condition", path, name, true);
      RuleAnalysis analysis = analysis(n.get("analysis"), path + "/analysis", name);
      Instant from = instant(n, "validFrom", path, name);
      Instant until = instant(n, "validUntil", path, name);
      if (from != null && until != null && !until.isAfter(from)) {
        problems.add(
            new PolicyProblem(
                where(path + "/validUntil", path), name, "validUntil must be after validFrom"));
      }
      if (problems.size() > before) {
        return null;
      }
      return new PolicyRule(
          name,
          description,
          priority,
          condition,
          analysis,
          from,
          until,
          conditionPosition(path + "/condition", condition));
    }

    private RuleAnalysis analysis(JsonNode n, String path, String rule) {
      if (n == null || !n.isObject()) {
        problems.add(
            new PolicyProblem(
                where(path, path.substring(0, path.lastIndexOf('/'))),
                rule,
                "'analysis' must be a map with at least 'state'"));
        return null;
      }
      unknownKeys(n, ANALYSIS_KEYS, path, rule);
      AnalysisState state = null;
      String s = text(n, "state", path, rule, true);
      if (s != null) {
        try {
          state = AnalysisState.parse(s);
        } catch (IllegalArgumentException e) {
          problems.add(new PolicyProblem(where(path + "/state", path), rule, e.getMessage()));
        }
      }
      Justification justification = null;
      CycloneDxJustification cdx = null;
      String j = text(n, "justification", path, rule, false);
      if (j != null) {
        justification = Justification.fromLabel(j).orElse(null);
        cdx = CycloneDxJustification.fromLabel(j).orElse(null);
        if (justification == null && cdx == null) {
          problems.add(
              new PolicyProblem(
                  where(path + "/justification", path),
                  rule,
                  "unknown justification '"
                      + j
                      + "' (one of component_not_present, vulnerable_code_not_present,"
                      + " vulnerable_code_not_in_execute_path,"
                      + " vulnerable_code_cannot_be_controlled_by_adversary,"
                      + " inline_mitigations_already_exist, or a CycloneDX justification)"));
        }
      }
      List<Response> responses = new ArrayList<>();
      JsonNode rs = n.get("responses");
      if (rs != null) {
        if (!rs.isArray()) {
          problems.add(
              new PolicyProblem(
                  where(path + "/responses", path), rule, "responses must be a list"));
        } else {
          for (int i = 0; i < rs.size(); i++) {
            String v = rs.get(i).asText();
            Response.fromLabel(v)
                .ifPresentOrElse(
                    responses::add,
                    () ->
                        problems.add(
                            new PolicyProblem(
                                where(path + "/responses", path),
                                rule,
                                "unknown response '"
                                    + v
                                    + "' (can_not_fix, will_not_fix, update, rollback,"
                                    + " workaround_available)")));
          }
        }
      }
      String detail = text(n, "detail", path, rule, false);
      String comment = text(n, "comment", path, rule, false);
      if (state == null) {
        return null;
      }
      return new RuleAnalysis(state, justification, cdx, responses, detail, comment);
    }

    private Instant instant(JsonNode n, String key, String path, String rule) {
      String v = text(n, key, path, rule, false);
      if (v == null) {
        return null;
      }
      try {
        return Instant.parse(v);
      } catch (DateTimeParseException e) {
        problems.add(
            new PolicyProblem(
                where(path + "/" + key, path),
                rule,
                key + " '" + v + "' is not an instant like 2026-07-01T00:00:00Z"));
        return null;
      }
    }

    private String text(JsonNode n, String key, String path, String rule, boolean required) {
      JsonNode v = n.get(key);
      if (v == null || v.isNull()) {
        if (required) {
          problems.add(new PolicyProblem(where(path, path), rule, "'" + key + "' is required"));
        }
        return null;
      }
      if (!v.isValueNode() || v.asText().isBlank()) {
        problems.add(
            new PolicyProblem(
                where(path + "/" + key, path), rule, "'" + key + "' must be a non-empty string"));
        return null;
      }
      return v.asText();
    }

    private void unknownKeys(JsonNode n, Set<String> known, String path, String rule) {
      for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!known.contains(k)) {
          problems.add(
              new PolicyProblem(
                  where(path + "/" + k, path.isEmpty() ? file : path),
                  rule,
                  "unknown key '"
                      + k
                      + "' (known: "
                      + String.join(", ", new java.util.TreeSet<>(known))
                      + ")"));
        }
      }
    }

    private String where(String pointer, String fallback) {
      JsonLocation l = locations.get(pointer);
      return l == null ? file + " " + fallback : file + ":" + l.getLineNr() + ":" + l.getColumnNr();
    }

    /**
     * Where the first character of the condition's text is, when that can be known exactly: a
     * single-line plain or quoted scalar, or a literal block ({@code |}); otherwise where the
     * scalar starts.
     */
    private SourcePosition conditionPosition(String pointer, String condition) {
      JsonLocation l = locations.get(pointer);
      if (l == null) {
        return new SourcePosition(file, 1, 1, false);
      }
      int line = l.getLineNr();
      int col = l.getColumnNr();
      String src = line - 1 < lines.length ? lines[line - 1] : "";
      char first = col - 1 < src.length() ? src.charAt(col - 1) : ' ';
      if (first == '|' && line < lines.length) {
        String next = lines[line];
        int indent = 0;
        while (indent < next.length() && next.charAt(indent) == ' ') {
          indent++;
        }
        return new SourcePosition(file, line + 1, indent + 1, true);
      }
      boolean singleLine =
          condition.indexOf('\n') < 0 && src.length() >= col - 1 + condition.length();
      if (first == '"' || first == '\'') {
        return new SourcePosition(file, line, col + 1, singleLine);
      }
      return new SourcePosition(file, line, col, singleLine && first != '>');
    }
  }
}
