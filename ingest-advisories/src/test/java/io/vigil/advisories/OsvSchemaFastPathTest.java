package io.vigil.advisories;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.osv.OsvSalvage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Differential test of the hand-compiled OSV schema walk ({@link OsvSchemaFastPath}) against
 * networknt (the reference): the same verdict on every shared OSV record (the invalid PYSEC ones
 * included) and on mutants that break (or keep) each keyword of the schema, so the fast path never
 * vouches for a record networknt rejects and is taken for every record networknt accepts.
 */
class OsvSchemaFastPathTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
  private static final List<String> FIXTURES =
      List.of(
          "osv/GHSA-jfh8-c2jp-5v3q.json",
          "osv/GHSA-29mw-wpgm-hmr9.json",
          "osv/GHSA-j3f7-7rmc-6wqj.json",
          "osv/GO-2020-0005.json",
          "osv/GO-2022-0617.json",
          "osv/SUSE-SU-2023_3313-1.json",
          "osv/PYSEC-2021-371.json");

  private final OsvValidator validator = new OsvValidator();
  private final OsvSchemaFastPath fast = fastPath();

  private static OsvSchemaFastPath fastPath() {
    try {
      byte[] schema = Fixtures.bytes("io/vigil/advisories/osv-schema.json");
      return OsvSchemaFastPath.forSchema(JSON.readTree(schema), OsvNormalizer.sha256(schema));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** What networknt says: true when valid. */
  private boolean reference(JsonNode record) {
    return validator.schemaViolations(record) == null;
  }

  @Test
  void shouldBeOnWhenTheShippedSchemaIsTheOneItWasWrittenFor() {
    assertThat(fast).isNotNull();
    assertThat(validator.hasFastPath()).isTrue();
  }

  @Test
  void shouldBeOffWhenTheSchemaChanges() throws Exception {
    JsonNode schema = JSON.readTree("{\"type\":\"object\"}");

    assertThat(OsvSchemaFastPath.forSchema(schema, OsvNormalizer.sha256(new byte[] {1}))).isNull();
  }

  @Test
  void shouldAgreeWithNetworkntWhenGivenTheFixtureRecords() throws Exception {
    for (String r : FIXTURES) {
      JsonNode tree = OsvNormalizer.parse(Fixtures.bytes(r));

      assertThat(fast.certainlyValid(tree)).as(r).isEqualTo(reference(tree));
    }
    assertThat(fast.certainlyValid(OsvNormalizer.parse(Fixtures.bytes("osv/PYSEC-2021-371.json"))))
        .isFalse();
  }

  @Test
  void shouldAgreeWithNetworkntWhenGivenEverySharedOsvRecord() throws Exception {
    List<JsonNode> records = sharedRecords();
    List<String> invalid = new ArrayList<>();
    List<String> disagreements = new ArrayList<>();
    for (JsonNode tree : records) {
      boolean expected = reference(tree);
      if (!expected) {
        invalid.add(tree.path("id").asText());
      }
      if (fast.certainlyValid(tree) != expected) {
        disagreements.add(tree.path("id").asText() + " (networknt: " + expected + ")");
      }
    }

    assertThat(records).hasSize(11773);
    assertThat(disagreements).isEmpty();
    assertThat(invalid).hasSize(8).contains("PYSEC-2019-155", "PYSEC-2021-371");
  }

  @Test
  void shouldAgreeWithNetworkntWhenEachKeywordIsBrokenOrKeptInFixtureRecords() throws Exception {
    List<JsonNode> bases = new ArrayList<>();
    bases.add(minimalRecord());
    for (String r : FIXTURES) {
      bases.add(OsvNormalizer.parse(Fixtures.bytes(r)));
    }

    assertAgreementOnMutants(bases);
  }

  @Test
  void shouldAgreeWithNetworkntWhenEachKeywordIsBrokenOrKeptInSharedRecords() throws Exception {
    List<JsonNode> records = sharedRecords();
    List<JsonNode> sample = new ArrayList<>();
    for (int i = 0; i < records.size(); i += 97) {
      sample.add(records.get(i));
    }

    assertAgreementOnMutants(sample);
  }

  /**
   * The mutants the schema accepts although Vigil cannot read a value in them (its timestamp
   * pattern is unanchored and {@code format} is not asserted; an event's {@code oneOf} lets a
   * non-string beside the one string kind through): salvage drops or refuses exactly those values.
   */
  private static final Set<String> SCHEMA_VALID_BUT_UNREADABLE =
      Set.of(
          "modified impossible date",
          "modified time inside text",
          "event with a second kind not a string",
          "introduced key beside a string kind",
          "last_affected key (number) with fixed");

  @Test
  void shouldUseEveryRecordTheSchemaAcceptsWholeWhenGivenTheSharedRecordsAndEveryMutant()
      throws Exception {
    // the coherence of the fast path with the rule that decides what is published (OsvSalvage):
    // a record the fast path vouches for (= networknt accepts) is never cut
    List<JsonNode> bases = new ArrayList<>(sharedRecords());
    bases.add(minimalRecord());
    for (String r : FIXTURES) {
      bases.add(OsvNormalizer.parse(Fixtures.bytes(r)));
    }
    List<String> cut = new ArrayList<>();
    int checked = 0;
    for (int i = 0; i < bases.size(); i++) {
      JsonNode base = bases.get(i);
      if (reference(base)) {
        checked++;
        OsvSalvage.Result s = OsvSalvage.salvage(base);
        if (!s.usable() || !s.dropped().isEmpty()) {
          cut.add(base.path("id").asText() + ": " + s.unusable() + " " + s.dropped());
        }
      }
      if (i % 97 != 0 && i < bases.size() - FIXTURES.size() - 1) {
        continue; // mutants of a sample of the shared records, and of every fixture
      }
      for (var m : mutations().entrySet()) {
        ObjectNode mutant = base.deepCopy();
        m.getValue().accept(mutant);
        if (!reference(mutant)) {
          continue;
        }
        checked++;
        OsvSalvage.Result s = OsvSalvage.salvage(mutant);
        boolean whole = s.usable() && s.dropped().isEmpty();
        if (whole == SCHEMA_VALID_BUT_UNREADABLE.contains(m.getKey())) {
          cut.add(
              base.path("id").asText()
                  + " / "
                  + m.getKey()
                  + ": "
                  + (whole ? "used whole" : s.unusable() + " " + s.dropped()));
        }
      }
    }

    assertThat(cut).isEmpty();
    assertThat(checked).isGreaterThan(11_000);
  }

  private void assertAgreementOnMutants(List<JsonNode> bases) {
    Map<String, Consumer<ObjectNode>> mutations = mutations();
    List<String> disagreements = new ArrayList<>();
    int validMutants = 0;
    int invalidMutants = 0;
    for (JsonNode base : bases) {
      for (var m : mutations.entrySet()) {
        ObjectNode mutant = base.deepCopy();
        m.getValue().accept(mutant);
        boolean expected = reference(mutant);
        if (expected) {
          validMutants++;
        } else {
          invalidMutants++;
        }
        if (fast.certainlyValid(mutant) != expected) {
          disagreements.add(
              base.path("id").asText() + " / " + m.getKey() + " (networknt: " + expected + ")");
        }
      }
    }

    assertThat(disagreements).isEmpty();
    assertThat(validMutants).as("mutants networknt accepts").isGreaterThan(bases.size() * 10);
    assertThat(invalidMutants).as("mutants networknt rejects").isGreaterThan(bases.size() * 40);
  }

  /** A small valid record with every optional part, so each mutation has something to act on. */
  private static JsonNode minimalRecord() throws Exception {
    return JSON.readTree(
        """
        {"schema_version": "1.6.0", "id": "GHSA-aaaa-bbbb-cccc", "modified": "2024-01-02T03:04:05Z",
         "published": "2024-01-01T00:00:00.123Z", "aliases": ["CVE-2024-1"], "related": [],
         "summary": "s", "details": "d",
         "affected": [{"package": {"ecosystem": "npm", "name": "left-pad", "purl": "pkg:npm/left-pad"},
           "ranges": [{"type": "SEMVER", "events": [{"introduced": "0"}, {"fixed": "1.0.1"}]},
                      {"type": "GIT", "repo": "https://example.org/r.git",
                       "events": [{"introduced": "0"}, {"limit": "%s"}]}],
           "versions": ["1.0.0"], "ecosystem_specific": {}, "database_specific": {}}],
         "references": [{"type": "WEB", "url": "https://example.org/a"}],
         "credits": [{"name": "n", "contact": ["c"], "type": "FINDER"}],
         "database_specific": {"severity": "HIGH"}}
        """
            .formatted("a".repeat(40)));
  }

  /** Named edits, each breaking (or keeping, to pin the boundary) one keyword of the schema. */
  private static Map<String, Consumer<ObjectNode>> mutations() {
    Map<String, Consumer<ObjectNode>> m = new LinkedHashMap<>();
    // top level: additionalProperties, required, types, patterns (unanchored search), formats
    m.put("unknown top-level property", r -> r.put("unknown", 1));
    m.put("no id", r -> r.remove("id"));
    m.put("numeric id", r -> r.put("id", 5));
    m.put("id with an unknown prefix", r -> r.put("id", "BOGUS-2024-1"));
    m.put("id with the x_ prefix", r -> r.put("id", "x_anything"));
    m.put("id prefix not at the start", r -> r.put("id", " GHSA-1"));
    m.put("no modified", r -> r.remove("modified"));
    m.put("modified not a time", r -> r.put("modified", "yesterday"));
    m.put("modified null", r -> r.putNull("modified"));
    m.put("modified impossible date", r -> r.put("modified", "2023-13-45T99:99:99Z"));
    m.put("modified time inside text", r -> r.put("modified", "at 2023-01-01T00:00:00Z or so"));
    m.put("modified with an offset", r -> r.put("modified", "2023-01-01T00:00:00+01:00"));
    m.put("modified Go placeholder", r -> r.put("modified", "0001-01-01T00:00:00Z"));
    m.put("published number", r -> r.put("published", 5));
    m.put("withdrawn null", r -> r.putNull("withdrawn"));
    m.put("withdrawn valid", r -> r.put("withdrawn", "2030-01-01T00:00:00Z"));
    m.put("schema_version number", r -> r.put("schema_version", 1));
    m.put("summary null", r -> r.putNull("summary"));
    m.put("details number", r -> r.put("details", 3));
    m.put("aliases null", r -> r.putNull("aliases"));
    m.put("aliases string", r -> r.put("aliases", "CVE-1"));
    m.put("aliases with a number", r -> r.set("aliases", arr(NODES.numberNode(1))));
    m.put("related null", r -> r.putNull("related"));
    m.put("related with null", r -> r.set("related", arr(NODES.nullNode())));
    m.put("upstream string", r -> r.put("upstream", "x"));
    m.put("upstream list", r -> r.set("upstream", arr(NODES.textNode("CVE-1"))));
    m.put("database_specific array", r -> r.set("database_specific", arr()));
    // severity ($defs/severity): array or null, items, enum, per-type score patterns
    m.put("severity null", r -> r.putNull("severity"));
    m.put("severity object", r -> r.set("severity", NODES.objectNode()));
    m.put("severity empty item", r -> r.set("severity", arr(NODES.objectNode())));
    m.put("severity unknown type", r -> r.set("severity", arr(sev("CVSS_V9", "x"))));
    m.put("severity v3 ok", r -> r.set("severity", arr(sev("CVSS_V3", V3))));
    m.put("severity v3 garbage", r -> r.set("severity", arr(sev("CVSS_V3", "garbage"))));
    m.put("severity v3 vector in text", r -> r.set("severity", arr(sev("CVSS_V3", "x " + V3))));
    m.put("severity v3 given a v2 vector", r -> r.set("severity", arr(sev("CVSS_V3", V2))));
    m.put("severity v2 ok", r -> r.set("severity", arr(sev("CVSS_V2", V2))));
    m.put("severity v4 ok", r -> r.set("severity", arr(sev("CVSS_V4", V4))));
    m.put("severity v4 bad", r -> r.set("severity", arr(sev("CVSS_V4", V4 + "/ZZ:Q"))));
    m.put("severity ubuntu ok", r -> r.set("severity", arr(sev("Ubuntu", "medium"))));
    m.put("severity ubuntu upper", r -> r.set("severity", arr(sev("Ubuntu", "MEDIUM"))));
    m.put(
        "severity no score",
        r -> r.set("severity", arr(NODES.objectNode().put("type", "CVSS_V3"))));
    m.put(
        "severity numeric score",
        r -> r.set("severity", arr(NODES.objectNode().put("type", "CVSS_V3").put("score", 9.8))));
    m.put(
        "severity on both levels",
        r -> {
          r.set("severity", arr(sev("CVSS_V3", V3)));
          affected(r).set("severity", arr(sev("CVSS_V3", V3)));
        });
    m.put(
        "severity on top, null in affected",
        r -> {
          r.set("severity", arr(sev("CVSS_V3", V3)));
          affected(r).putNull("severity");
        });
    m.put(
        "severity only in affected",
        r -> {
          r.remove("severity");
          affected(r).set("severity", arr(sev("CVSS_V3", V3)));
        });
    m.put(
        "severity only in affected, bad",
        r -> {
          r.remove("severity");
          affected(r).set("severity", arr(sev("CVSS_V2", V3)));
        });
    // affected: array or null, items object, package, versions, *_specific
    m.put("affected null", r -> r.putNull("affected"));
    m.put("affected object", r -> r.set("affected", NODES.objectNode()));
    m.put("affected with a string", r -> r.set("affected", arr(NODES.textNode("x"))));
    m.put("affected without package", r -> affected(r).remove("package"));
    m.put("package string", r -> affected(r).put("package", "npm/x"));
    m.put("package without name", r -> pkg(r).remove("name"));
    m.put("package without ecosystem", r -> pkg(r).remove("ecosystem"));
    m.put("unknown ecosystem", r -> pkg(r).put("ecosystem", "NotAnEcosystem"));
    m.put("ecosystem with suffix", r -> pkg(r).put("ecosystem", "Debian:11"));
    m.put("ecosystem with empty suffix", r -> pkg(r).put("ecosystem", "Debian:"));
    m.put("ecosystem with a newline", r -> pkg(r).put("ecosystem", "Go\n"));
    m.put("ecosystem lower-case", r -> pkg(r).put("ecosystem", "pypi"));
    m.put("package purl number", r -> pkg(r).put("purl", 1));
    m.put("package extra property", r -> pkg(r).put("extra", 1));
    m.put("versions with a number", r -> affected(r).set("versions", arr(NODES.numberNode(1))));
    m.put("versions null", r -> affected(r).putNull("versions"));
    m.put("ecosystem_specific array", r -> affected(r).set("ecosystem_specific", arr()));
    m.put("affected database_specific null", r -> affected(r).putNull("database_specific"));
    // ranges: type enum, repo, events (minItems, contains introduced, oneOf kinds), GIT rules
    m.put("ranges object", r -> affected(r).set("ranges", NODES.objectNode()));
    m.put("range string", r -> affected(r).set("ranges", arr(NODES.textNode("x"))));
    m.put("range unknown type", r -> range(r).put("type", "FOO"));
    m.put("range without type", r -> range(r).remove("type"));
    m.put("range without events", r -> range(r).remove("events"));
    m.put("range repo number", r -> range(r).put("repo", 5));
    m.put("range database_specific string", r -> range(r).put("database_specific", "x"));
    m.put("events empty", r -> range(r).set("events", arr()));
    m.put("events object", r -> range(r).set("events", NODES.objectNode()));
    m.put("events without introduced", r -> range(r).set("events", arr(ev("fixed", "1"))));
    m.put("event empty", r -> events(r).add(NODES.objectNode()));
    m.put("event string", r -> events(r).add("introduced"));
    m.put(
        "event with two kinds",
        r -> events(r).add(NODES.objectNode().put("introduced", "1").put("fixed", "2")));
    m.put(
        "event with a second kind not a string",
        r -> events(r).add(NODES.objectNode().put("introduced", "1").put("fixed", 2)));
    m.put("event introduced number", r -> events(r).add(NODES.objectNode().put("introduced", 1)));
    m.put("event unknown kind only", r -> events(r).add(ev("removed", "1")));
    m.put("event extra property", r -> events(r).add(ev("limit", "2").put("note", "x")));
    m.put(
        "introduced only as a number",
        r ->
            range(r).set("events", arr(NODES.objectNode().put("introduced", 0), ev("fixed", "1"))));
    m.put(
        "introduced key beside a string kind",
        r ->
            range(r).set("events", arr(NODES.objectNode().put("fixed", "1").put("introduced", 0))));
    m.put(
        "last_affected with fixed",
        r ->
            range(r)
                .set(
                    "events",
                    arr(ev("introduced", "0"), ev("last_affected", "1"), ev("fixed", "2"))));
    m.put(
        "last_affected alone",
        r -> range(r).set("events", arr(ev("introduced", "0"), ev("last_affected", "1"))));
    m.put(
        "last_affected key (number) with fixed",
        r ->
            range(r)
                .set(
                    "events",
                    arr(
                        ev("introduced", "0"),
                        NODES.objectNode().put("limit", "3").put("last_affected", 1),
                        ev("fixed", "2"))));
    m.put("git without repo", r -> gitRange(r).remove("repo"));
    m.put("git short hash", r -> gitRange(r).set("events", arr(ev("introduced", "abc123"))));
    m.put(
        "git full hash",
        r ->
            gitRange(r)
                .set("events", arr(ev("introduced", "0"), ev("fixed", "0123456789".repeat(4)))));
    m.put(
        "git sha-256 hash", r -> gitRange(r).set("events", arr(ev("introduced", "ab".repeat(32)))));
    m.put(
        "git upper-case hash",
        r -> gitRange(r).set("events", arr(ev("introduced", "AB".repeat(20)))));
    m.put("git version", r -> gitRange(r).set("events", arr(ev("introduced", "1.0.0"))));
    m.put(
        "semver with a hash",
        r -> range(r).put("type", "SEMVER").set("events", arr(ev("introduced", "ab".repeat(20)))));
    // references: array or null, enum, required, url format
    m.put("references null", r -> r.putNull("references"));
    m.put("references object", r -> r.set("references", NODES.objectNode()));
    m.put("reference unknown type", r -> r.set("references", arr(ref("BLOG", "https://e.org"))));
    m.put(
        "reference without url",
        r -> r.set("references", arr(NODES.objectNode().put("type", "WEB"))));
    m.put(
        "reference without type",
        r -> r.set("references", arr(NODES.objectNode().put("url", "https://e.org"))));
    m.put("reference url not a uri", r -> r.set("references", arr(ref("WEB", "not a uri at all"))));
    m.put("reference url relative", r -> r.set("references", arr(ref("WEB", "/relative/path"))));
    m.put(
        "reference url number",
        r -> r.set("references", arr(NODES.objectNode().put("type", "WEB").put("url", 1))));
    m.put("reference string", r -> r.set("references", arr(NODES.textNode("https://e.org"))));
    // credits: array, required name, contact strings, enum
    m.put("credits null", r -> r.putNull("credits"));
    m.put(
        "credit without name",
        r -> r.set("credits", arr(NODES.objectNode().put("type", "FINDER"))));
    m.put(
        "credit unknown type",
        r -> r.set("credits", arr(NODES.objectNode().put("name", "n").put("type", "HERO"))));
    m.put(
        "credit contact string",
        r -> r.set("credits", arr(NODES.objectNode().put("name", "n").put("contact", "c"))));
    m.put(
        "credit ok",
        r -> r.set("credits", arr(NODES.objectNode().put("name", "n").put("type", "OTHER"))));
    return m;
  }

  private static final String V2 = "AV:N/AC:L/Au:N/C:P/I:P/A:P";
  private static final String V3 = "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H";
  private static final String V4 =
      "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N";

  private static ArrayNode arr(JsonNode... items) {
    ArrayNode a = NODES.arrayNode();
    for (JsonNode i : items) {
      a.add(i);
    }
    return a;
  }

  private static ObjectNode sev(String type, String score) {
    return NODES.objectNode().put("type", type).put("score", score);
  }

  private static ObjectNode ev(String kind, String value) {
    return NODES.objectNode().put(kind, value);
  }

  private static ObjectNode ref(String type, String url) {
    return NODES.objectNode().put("type", type).put("url", url);
  }

  /** The first affected entry (created when the record has none). */
  private static ObjectNode affected(ObjectNode r) {
    JsonNode a = r.get("affected");
    if (a == null || !a.isArray() || a.isEmpty() || !a.get(0).isObject()) {
      ArrayNode list = NODES.arrayNode();
      list.addObject().putObject("package").put("ecosystem", "npm").put("name", "x");
      r.set("affected", list);
      a = list;
    }
    return (ObjectNode) a.get(0);
  }

  private static ObjectNode pkg(ObjectNode r) {
    ObjectNode a = affected(r);
    if (!(a.get("package") instanceof ObjectNode)) {
      a.putObject("package").put("ecosystem", "npm").put("name", "x");
    }
    return (ObjectNode) a.get("package");
  }

  /** The first range of the first affected entry (a SEMVER one created when there is none). */
  private static ObjectNode range(ObjectNode r) {
    ObjectNode a = affected(r);
    JsonNode ranges = a.get("ranges");
    if (ranges == null || !ranges.isArray() || ranges.isEmpty() || !ranges.get(0).isObject()) {
      ArrayNode list = a.putArray("ranges");
      list.addObject().put("type", "SEMVER").putArray("events").add(ev("introduced", "0"));
      ranges = list;
    }
    return (ObjectNode) ranges.get(0);
  }

  private static ArrayNode events(ObjectNode r) {
    ObjectNode range = range(r);
    if (!(range.get("events") instanceof ArrayNode)) {
      range.putArray("events").add(ev("introduced", "0"));
    }
    return (ArrayNode) range.get("events");
  }

  /** The first range, turned into a valid GIT range. */
  private static ObjectNode gitRange(ObjectNode r) {
    ObjectNode range = range(r);
    range.put("type", "GIT").put("repo", "https://example.org/r.git");
    range.set("events", arr(ev("introduced", "0")));
    return range;
  }

  private static List<JsonNode> sharedRecords() throws Exception {
    Path osv = Fixtures.sharedData().resolve("osv");
    List<Path> zips;
    try (Stream<Path> s = Files.list(osv)) {
      zips = s.filter(p -> p.toString().endsWith(".zip")).sorted().toList();
    }
    List<JsonNode> out = new ArrayList<>();
    for (Path zip : zips) {
      OsvSource.forEach(
          zip,
          n -> true,
          r -> {
            try {
              out.add(OsvNormalizer.parse(r.bytes()));
            } catch (OsvNormalizer.InvalidRecordException e) {
              throw new java.io.IOException(r.location() + ": " + e.getMessage());
            }
          });
    }
    return out;
  }
}
