package io.vigil.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.osv.OsvTime;
import io.vigil.core.osv.SeverityScore;
import io.vigil.core.risk.MaliciousPackages;
import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.AffectedRange;
import io.vigil.events.v1.Feed;
import io.vigil.events.v1.RangeEvent;
import io.vigil.events.v1.RangeEventKind;
import io.vigil.events.v1.RangeType;
import io.vigil.events.v1.Reference;
import io.vigil.events.v1.Severity;
import io.vigil.events.v1.SourceRef;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Pure: one OSV JSON record (bytes) → one normalized {@link Advisory}. */
public final class OsvNormalizer {
  /** Details longer than this are cut (records stay far below the broker limit). */
  public static final int MAX_DETAILS_CHARS = 64 * 1024;

  private static final ObjectMapper JSON = new ObjectMapper();

  private OsvNormalizer() {}

  /** Thrown for a record that is not usable OSV; the message says what and where. */
  public static final class InvalidRecordException extends Exception {
    public InvalidRecordException(String message) {
      super(message);
    }
  }

  /** Parses and normalizes one record (hashing its bytes). */
  public static Advisory normalize(byte[] raw, Feed feed, String location, Instant now)
      throws InvalidRecordException {
    return normalize(parse(raw), feed, location, sha256(raw), now);
  }

  /** Parses a record: a JSON object, or a clear reason why not. */
  public static JsonNode parse(byte[] raw) throws InvalidRecordException {
    JsonNode r;
    try {
      r = JSON.readTree(raw);
    } catch (IOException e) {
      throw new InvalidRecordException("not JSON: " + firstLine(e.getMessage()));
    }
    if (r == null || !r.isObject()) {
      throw new InvalidRecordException("not a JSON object");
    }
    return r;
  }

  /**
   * Normalizes a parsed record. Both GHSA forms are accepted: the raw github/advisory-database form
   * (top-level {@code severity} and {@code database_specific.severity}) and the form OSV.dev serves
   * (enumerated {@code versions}, {@code affected[].database_specific.source}, and in older exports
   * the CVSS vector only under {@code affected[].database_specific.cvss}).
   */
  public static Advisory normalize(
      JsonNode r, Feed feed, String location, String contentHash, Instant now)
      throws InvalidRecordException {
    String id = text(r, "id");
    if (id == null || id.isBlank()) {
      throw new InvalidRecordException("$.id is missing");
    }
    String details = text(r, "details");
    boolean truncated = details != null && details.length() > MAX_DETAILS_CHARS;
    return Advisory.newBuilder()
        .setId(id)
        .setModified(timeOrEpoch(r, "modified"))
        .setPublished(time(r, "published"))
        .setWithdrawn(time(r, "withdrawn"))
        .setAliases(strings(r.path("aliases")))
        .setRelated(strings(r.path("related")))
        .setUpstream(strings(r.path("upstream")))
        .setSummary(text(r, "summary"))
        .setDetails(truncated ? details.substring(0, MAX_DETAILS_CHARS) : details)
        .setDetailsTruncated(truncated)
        .setSeverities(topSeverities(r))
        .setDatabaseSeverity(upper(string(r.path("database_specific"), "severity")))
        .setAffected(affected(r.path("affected"), id))
        .setReferences(references(r.path("references")))
        .setSource(new SourceRef(feed, location, contentHash))
        .setIngestedAt(now)
        .setMalicious(MaliciousPackages.isMalicious(r))
        .build();
  }

  private static List<AffectedPackage> affected(JsonNode arr, String id)
      throws InvalidRecordException {
    List<AffectedPackage> out = new ArrayList<>();
    int i = 0;
    for (JsonNode a : arr) {
      JsonNode pkg = a.path("package");
      String eco = text(pkg, "ecosystem");
      String name = text(pkg, "name");
      List<AffectedRange> ranges = new ArrayList<>();
      int j = 0;
      for (JsonNode rg : a.path("ranges")) {
        List<RangeEvent> events = new ArrayList<>();
        for (JsonNode ev : rg.path("events")) {
          RangeEvent event = event(ev);
          if (event == null) {
            throw new InvalidRecordException(
                id
                    + ": $.affected["
                    + i
                    + "].ranges["
                    + j
                    + "].events: an event without introduced, fixed, last_affected or limit");
          }
          events.add(event);
        }
        RangeType type;
        try {
          type = RangeType.valueOf(String.valueOf(text(rg, "type")));
        } catch (IllegalArgumentException e) {
          type = RangeType.UNKNOWN;
        }
        ranges.add(
            AffectedRange.newBuilder()
                .setType(type)
                .setRepo(text(rg, "repo"))
                .setEvents(events)
                .build());
        j++;
      }
      out.add(
          AffectedPackage.newBuilder()
              .setEcosystem(eco)
              .setName(name)
              .setPurl(text(pkg, "purl"))
              .setPackageKey(EngineBindings.packageKey(eco, name, text(pkg, "purl")))
              .setRanges(ranges)
              .setVersions(strings(a.path("versions")))
              .setSeverities(severities(a.path("severity")))
              .setLastKnownAffectedVersionRange(
                  string(a.path("database_specific"), "last_known_affected_version_range"))
              .build());
      i++;
    }
    return out;
  }

  private static List<Severity> severities(JsonNode arr) {
    List<Severity> out = new ArrayList<>();
    for (JsonNode s : arr) {
      String type = text(s, "type");
      String score = text(s, "score");
      if (type == null || score == null) {
        continue;
      }
      out.add(severity(type, score));
    }
    return out;
  }

  /**
   * Top-level severities; when a record has none, the CVSS vector that OSV.dev's older GHSA exports
   * carry under {@code affected[].database_specific.cvss.vectorString} (once).
   */
  private static List<Severity> topSeverities(JsonNode r) {
    List<Severity> out = severities(r.path("severity"));
    if (!out.isEmpty()) {
      return out;
    }
    for (JsonNode a : r.path("affected")) {
      String vector = text(a.path("database_specific").path("cvss"), "vectorString");
      if (vector != null && !vector.isBlank()) {
        String type =
            vector.startsWith("CVSS:4")
                ? "CVSS_V4"
                : vector.startsWith("CVSS:3") ? "CVSS_V3" : "CVSS_V2";
        out.add(severity(type, vector));
        break;
      }
    }
    return out;
  }

  /**
   * One statement with core's severity rule ({@link SeverityScore.Statement}): a CVSS vector's base
   * score and its rating, or an {@code Ubuntu} priority's rating.
   */
  private static Severity severity(String type, String text) {
    SeverityScore.Statement s =
        SeverityScore.Statement.of(type, text, EngineBindings.baseScore(type, text));
    return new Severity(type, text, s.baseScore(), s.rating());
  }

  private static List<Reference> references(JsonNode arr) {
    List<Reference> out = new ArrayList<>();
    for (JsonNode s : arr) {
      if (text(s, "url") != null) {
        out.add(new Reference(text(s, "type") == null ? "WEB" : text(s, "type"), text(s, "url")));
      }
    }
    return out;
  }

  private static List<String> strings(JsonNode arr) {
    List<String> out = new ArrayList<>();
    arr.forEach(n -> out.add(n.asText()));
    return out;
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** A field's value when it is a string (free-form {@code database_specific} objects). */
  private static String string(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v != null && v.isTextual() ? v.asText() : null;
  }

  /**
   * An event: the one of {@code introduced}, {@code fixed}, {@code last_affected}, {@code limit}
   * that holds a string (the OSV schema's {@code oneOf}; {@link io.vigil.core.osv.OsvSalvage} has
   * dropped the ranges where that is not exactly one), or null.
   */
  private static RangeEvent event(JsonNode ev) {
    for (Map.Entry<String, RangeEventKind> k : EVENT_KINDS) {
      JsonNode v = ev.get(k.getKey());
      if (v != null && v.isTextual()) {
        return new RangeEvent(k.getValue(), v.asText());
      }
    }
    return null;
  }

  private static final List<Map.Entry<String, RangeEventKind>> EVENT_KINDS =
      List.of(
          Map.entry("introduced", RangeEventKind.INTRODUCED),
          Map.entry("fixed", RangeEventKind.FIXED),
          Map.entry("last_affected", RangeEventKind.LAST_AFFECTED),
          Map.entry("limit", RangeEventKind.LIMIT));

  private static String upper(String s) {
    return s == null ? null : s.toUpperCase(Locale.ROOT);
  }

  private static Instant time(JsonNode r, String f) throws InvalidRecordException {
    String t = text(r, f);
    if (t == null) {
      return null;
    }
    try {
      return parseInstant(t);
    } catch (DateTimeParseException e) {
      throw new InvalidRecordException("$." + f + " is not an RFC 3339 time: '" + t + "'");
    }
  }

  /** Go's placeholder 0001-01-01T00:00:00Z (and a missing value) become the epoch. */
  private static Instant timeOrEpoch(JsonNode r, String f) throws InvalidRecordException {
    Instant t = time(r, f);
    return t == null || t.isBefore(Instant.EPOCH) ? Instant.EPOCH : t;
  }

  /** {@link Instant#parse} semantics, fast on the form OSV records use ({@link OsvTime}). */
  static Instant parseInstant(String t) {
    return OsvTime.parse(t);
  }

  /** SHA-256 of the raw bytes, lower-case hex. */
  public static String sha256(byte[] raw) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "unreadable";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  static String utf8(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }
}
