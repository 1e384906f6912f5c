package io.vigil.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.regex.JDKRegularExpressionFactory;
import com.networknt.schema.regex.RegularExpression;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The OSV schema ({@code osv-schema.json} as shipped, pinned by {@link #SCHEMA_SHA256}) compiled by
 * hand into a walk over the parsed record, for the valid path only: it answers "certainly valid" or
 * "not vouched for", never "invalid". {@link OsvValidator} asks it first and gives every record it
 * does not vouch for to networknt, which decides and words the reason; so a record is rejected only
 * when networknt rejects it, and the hand walk only has to be sound (never vouch for a record
 * networknt rejects). {@code OsvSchemaFastPathTest} checks it against networknt on every shared OSV
 * record and on mutants of them, one per keyword of the schema.
 *
 * <p>Same semantics as networknt 2.0.x on draft 2020-12: {@code required} means "key present" (a
 * JSON null counts), {@code type} is strict, {@code pattern} is an unanchored search with
 * networknt's own JDK regular expressions (its {@code $} handling included), {@code format} ({@code
 * date-time}, {@code uri}) is an annotation only (draft 2020-12's default vocabulary), and {@code
 * oneOf} over the four event kinds means exactly one of {@code introduced}, {@code fixed}, {@code
 * last_affected}, {@code limit} present as a string. Patterns and enums are read from the schema
 * itself; the structure is this class. When the schema resource changes (another hash), {@link
 * #forSchema} returns null and networknt validates every record until this class is updated.
 */
final class OsvSchemaFastPath {
  /** SHA-256 of the {@code osv-schema.json} this walk was written for (ossf/osv-schema 51b8156). */
  static final String SCHEMA_SHA256 =
      "7a511902b57297197b37298f6adaa2acb15f22b3f641bb9f547f19dcbe533ba8";

  private static final Set<String> TOP_LEVEL =
      Set.of(
          "schema_version",
          "id",
          "modified",
          "published",
          "withdrawn",
          "aliases",
          "related",
          "upstream",
          "summary",
          "details",
          "severity",
          "affected",
          "references",
          "credits",
          "database_specific");
  private static final int MAX_MEMO = 10_000;
  private static final String[] EVENT_KINDS = {"introduced", "fixed", "last_affected", "limit"};

  private final RegularExpression idPrefix;
  private final RegularExpression timestamp;
  private final RegularExpression ecosystem;
  private final RegularExpression gitCommit;
  private final Map<String, RegularExpression> scorePatterns;
  // exact shortcuts around the regular expressions (see matchesId, matches)
  private final Set<String> idPrefixesMatched = ConcurrentHashMap.newKeySet();
  private final Map<String, Boolean> ecosystems = new ConcurrentHashMap<>();
  private final Map<String, Boolean> vectors = new ConcurrentHashMap<>();
  private final Set<String> ubuntuScores;
  private final Set<String> severityTypes;
  private final Set<String> rangeTypes;
  private final Set<String> referenceTypes;
  private final Set<String> creditTypes;

  private OsvSchemaFastPath(JsonNode schema) {
    JsonNode defs = schema.path("$defs");
    JsonNode affectedItem = schema.at("/properties/affected/items/properties");
    JsonNode range = affectedItem.at("/ranges/items");
    JsonNode severityItem = defs.at("/severity/items");
    this.idPrefix = regex(defs.at("/prefix/pattern"));
    this.timestamp = regex(defs.at("/timestamp/pattern"));
    this.ecosystem = regex(defs.at("/ecosystemWithSuffix/pattern"));
    this.gitCommit =
        regex(
            range.at(
                "/allOf/1/then/properties/events/items/oneOf/0/properties/introduced/pattern"));
    this.scorePatterns =
        Map.of(
            "CVSS_V2", regex(severityItem.at("/allOf/0/then/properties/score/pattern")),
            "CVSS_V3", regex(severityItem.at("/allOf/1/then/properties/score/pattern")),
            "CVSS_V4", regex(severityItem.at("/allOf/2/then/properties/score/pattern")));
    this.ubuntuScores = strings(severityItem.at("/allOf/3/then/properties/score/enum"));
    this.severityTypes = strings(severityItem.at("/properties/type/enum"));
    this.rangeTypes = strings(range.at("/properties/type/enum"));
    this.referenceTypes = strings(schema.at("/properties/references/items/properties/type/enum"));
    this.creditTypes = strings(schema.at("/properties/credits/items/properties/type/enum"));
  }

  /** The walk for this schema, or null when the schema is not the one it was written for. */
  static OsvSchemaFastPath forSchema(JsonNode schema, String sha256) {
    if (!SCHEMA_SHA256.equals(sha256)) {
      return null;
    }
    return new OsvSchemaFastPath(schema);
  }

  /** True only when the record certainly satisfies the schema; false: ask networknt. */
  boolean certainlyValid(JsonNode r) {
    if (!r.isObject()) {
      return false;
    }
    for (Iterator<String> names = r.fieldNames(); names.hasNext(); ) {
      if (!TOP_LEVEL.contains(names.next())) {
        return false; // additionalProperties: false
      }
    }
    JsonNode id = r.get("id");
    if (id == null || !id.isTextual() || !matchesId(id.textValue())) {
      return false;
    }
    JsonNode modified = r.get("modified");
    if (modified == null || !isTimestamp(modified)) {
      return false;
    }
    if (!optional(r.get("published"), this::isTimestamp)
        || !optional(r.get("withdrawn"), this::isTimestamp)
        || !optional(r.get("schema_version"), JsonNode::isTextual)
        || !optional(r.get("summary"), JsonNode::isTextual)
        || !optional(r.get("details"), JsonNode::isTextual)
        || !optional(r.get("database_specific"), JsonNode::isObject)) {
      return false;
    }
    JsonNode aliases = r.get("aliases");
    if (aliases != null && !aliases.isNull() && !isStringArray(aliases)) {
      return false;
    }
    if (!optional(r.get("related"), OsvSchemaFastPath::isStringArray)
        || !optional(r.get("upstream"), OsvSchemaFastPath::isStringArray)
        || !optional(r.get("severity"), this::isSeverity)
        || !optional(r.get("references"), this::isReferences)
        || !optional(r.get("credits"), this::isCredits)) {
      return false;
    }
    // allOf: with a top-level severity, an affected entry's severity may only be null
    boolean topSeverity = r.has("severity");
    JsonNode affected = r.get("affected");
    if (affected == null || affected.isNull()) {
      return true;
    }
    if (!affected.isArray()) {
      return false;
    }
    for (JsonNode a : affected) {
      if (!isAffected(a, topSeverity)) {
        return false;
      }
    }
    return true;
  }

  private boolean isAffected(JsonNode a, boolean topSeverity) {
    if (!a.isObject()) {
      return false;
    }
    JsonNode pkg = a.get("package");
    if (pkg != null) {
      if (!pkg.isObject()) {
        return false;
      }
      JsonNode eco = pkg.get("ecosystem");
      JsonNode name = pkg.get("name");
      if (eco == null
          || !eco.isTextual()
          || !matches(ecosystem, ecosystems, eco.textValue())
          || name == null
          || !name.isTextual()
          || !optional(pkg.get("purl"), JsonNode::isTextual)) {
        return false;
      }
    }
    JsonNode severity = a.get("severity");
    if (severity != null && (topSeverity ? !severity.isNull() : !isSeverity(severity))) {
      return false;
    }
    if (!optional(a.get("versions"), OsvSchemaFastPath::isStringArray)
        || !optional(a.get("ecosystem_specific"), JsonNode::isObject)
        || !optional(a.get("database_specific"), JsonNode::isObject)) {
      return false;
    }
    JsonNode ranges = a.get("ranges");
    if (ranges == null) {
      return true;
    }
    if (!ranges.isArray()) {
      return false;
    }
    for (JsonNode range : ranges) {
      if (!isRange(range)) {
        return false;
      }
    }
    return true;
  }

  private boolean isRange(JsonNode range) {
    if (!range.isObject()) {
      return false;
    }
    JsonNode type = range.get("type");
    if (type == null || !type.isTextual() || !rangeTypes.contains(type.textValue())) {
      return false;
    }
    boolean git = "GIT".equals(type.textValue());
    JsonNode repo = range.get("repo");
    if (repo == null ? git : !repo.isTextual()) {
      return false; // GIT ranges require a repo; a repo is a string
    }
    if (!optional(range.get("database_specific"), JsonNode::isObject)) {
      return false;
    }
    JsonNode events = range.get("events");
    if (events == null || !events.isArray() || events.isEmpty()) {
      return false;
    }
    boolean introduced = false;
    boolean lastAffected = false;
    boolean fixed = false;
    for (JsonNode ev : events) {
      if (!ev.isObject()) {
        return false;
      }
      JsonNode only = null;
      for (String kind : EVENT_KINDS) {
        JsonNode v = ev.get(kind);
        if (v != null && v.isTextual()) {
          if (only != null) {
            return false; // oneOf: more than one kind
          }
          only = v;
        }
      }
      if (only == null || git && !isCommit(only.textValue())) {
        return false;
      }
      introduced |= ev.has("introduced");
      lastAffected |= ev.has("last_affected");
      fixed |= ev.has("fixed");
    }
    // contains an introduced event; last_affected and fixed are mutually exclusive
    return introduced && !(lastAffected && fixed);
  }

  private boolean isSeverity(JsonNode severity) {
    if (severity.isNull()) {
      return true;
    }
    if (!severity.isArray()) {
      return false;
    }
    for (JsonNode s : severity) {
      if (!s.isObject()) {
        return false;
      }
      JsonNode type = s.get("type");
      JsonNode score = s.get("score");
      if (type == null
          || !type.isTextual()
          || !severityTypes.contains(type.textValue())
          || score == null
          || !score.isTextual()) {
        return false;
      }
      RegularExpression pattern = scorePatterns.get(type.textValue());
      boolean ok =
          pattern != null
              ? matches(
                  pattern, vectors, type.textValue() + '\n' + score.textValue(), score.textValue())
              : "Ubuntu".equals(type.textValue()) && ubuntuScores.contains(score.textValue());
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  private boolean isReferences(JsonNode refs) {
    if (refs.isNull()) {
      return true;
    }
    if (!refs.isArray()) {
      return false;
    }
    for (JsonNode ref : refs) {
      JsonNode type = ref.get("type");
      JsonNode url = ref.get("url");
      if (!ref.isObject()
          || type == null
          || !type.isTextual()
          || !referenceTypes.contains(type.textValue())
          || url == null
          || !url.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private boolean isCredits(JsonNode credits) {
    if (!credits.isArray()) {
      return false;
    }
    for (JsonNode c : credits) {
      if (!c.isObject()) {
        return false;
      }
      JsonNode name = c.get("name");
      JsonNode type = c.get("type");
      if (name == null
          || !name.isTextual()
          || !optional(c.get("contact"), OsvSchemaFastPath::isStringArray)
          || type != null && !(type.isTextual() && creditTypes.contains(type.textValue()))) {
        return false;
      }
    }
    return true;
  }

  private boolean isTimestamp(JsonNode t) {
    return t.isTextual()
        && (startsWithTimestamp(t.textValue()) || timestamp.matches(t.textValue()));
  }

  // The shortcuts below only ever answer what the regular expression would, faster: a memo of a
  // pure function, or a match the expression certainly finds (it has no end anchor or lookahead,
  // so a match of a prefix at the start is a match of the whole string).

  /**
   * The timestamp pattern ({@code
   * [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?Z}, unanchored) certainly finds
   * a match when the string starts with one.
   */
  static boolean startsWithTimestamp(String s) {
    if (s.length() < 20
        || !digits(s, 0, 4)
        || s.charAt(4) != '-'
        || !digits(s, 5, 2)
        || s.charAt(7) != '-'
        || !digits(s, 8, 2)
        || s.charAt(10) != 'T'
        || !digits(s, 11, 2)
        || s.charAt(13) != ':'
        || !digits(s, 14, 2)
        || s.charAt(16) != ':'
        || !digits(s, 17, 2)) {
      return false;
    }
    if (s.charAt(19) == 'Z') {
      return true;
    }
    if (s.charAt(19) != '.') {
      return false;
    }
    int i = 20;
    while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
      i++;
    }
    return i > 20 && i < s.length() && s.charAt(i) == 'Z';
  }

  private static boolean digits(String s, int from, int len) {
    for (int i = from; i < from + len; i++) {
      if (s.charAt(i) < '0' || s.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }

  /** "0", 40 or 64 lower-case hex digits: what the GIT commit pattern accepts, else the pattern. */
  private boolean isCommit(String s) {
    if (s.equals("0") || (s.length() == 40 || s.length() == 64) && lowerHex(s)) {
      return true;
    }
    return gitCommit.matches(s);
  }

  private static boolean lowerHex(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
        return false;
      }
    }
    return true;
  }

  /**
   * The id prefix pattern is anchored at the start ({@code ^(x_|(GHSA|PYSEC|...)-)}): once it
   * matched an id's part up to its first {@code -} on its own, every id starting with that part
   * matches.
   */
  private boolean matchesId(String id) {
    int dash = id.indexOf('-');
    String head = dash < 0 ? null : id.substring(0, dash + 1);
    if (head != null && idPrefixesMatched.contains(head)) {
      return true;
    }
    if (!idPrefix.matches(id)) {
      return false;
    }
    if (head != null && idPrefixesMatched.size() < MAX_MEMO && idPrefix.matches(head)) {
      idPrefixesMatched.add(head);
    }
    return true;
  }

  private static boolean matches(RegularExpression re, Map<String, Boolean> memo, String value) {
    return matches(re, memo, value, value);
  }

  /** A bounded memo of {@code re.matches(value)} under {@code key}. */
  private static boolean matches(
      RegularExpression re, Map<String, Boolean> memo, String key, String value) {
    Boolean known = memo.get(key);
    if (known != null) {
      return known;
    }
    boolean m = re.matches(value);
    if (memo.size() < MAX_MEMO) {
      memo.put(key, m);
    }
    return m;
  }

  private static boolean isStringArray(JsonNode n) {
    if (!n.isArray()) {
      return false;
    }
    for (JsonNode s : n) {
      if (!s.isTextual()) {
        return false;
      }
    }
    return true;
  }

  private interface Check {
    boolean test(JsonNode n);
  }

  /** An optional property: absent, or present and passing. */
  private static boolean optional(JsonNode n, Check check) {
    return n == null || check.test(n);
  }

  private static RegularExpression regex(JsonNode pattern) {
    if (!pattern.isTextual()) {
      throw new IllegalStateException("osv-schema.json: a pattern is missing where expected");
    }
    return JDKRegularExpressionFactory.getInstance().getRegularExpression(pattern.textValue());
  }

  private static Set<String> strings(JsonNode arr) {
    if (!arr.isArray() || arr.isEmpty()) {
      throw new IllegalStateException("osv-schema.json: an enum is missing where expected");
    }
    Set<String> out = new HashSet<>();
    arr.forEach(n -> out.add(n.textValue()));
    return Set.copyOf(out);
  }
}
