package io.vigil.advisories;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.core.osv.SeverityScore;
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
import java.time.LocalDate;
import java.time.Month;
import java.time.Year;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

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
        .setDatabaseSeverity(upper(text(r.path("database_specific"), "severity")))
        .setAffected(affected(r.path("affected"), id))
        .setReferences(references(r.path("references")))
        .setSource(new SourceRef(feed, location, contentHash))
        .setIngestedAt(now)
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
          var it = ev.fields();
          if (!it.hasNext()) {
            throw new InvalidRecordException(
                id + ": $.affected[" + i + "].ranges[" + j + "].events has an empty event");
          }
          var f = it.next();
          RangeEventKind kind =
              switch (f.getKey()) {
                case "introduced" -> RangeEventKind.INTRODUCED;
                case "fixed" -> RangeEventKind.FIXED;
                case "last_affected" -> RangeEventKind.LAST_AFFECTED;
                case "limit" -> RangeEventKind.LIMIT;
                default ->
                    throw new InvalidRecordException(
                        id
                            + ": $.affected["
                            + i
                            + "].ranges["
                            + j
                            + "].events: unknown event '"
                            + f.getKey()
                            + "'");
              };
          events.add(new RangeEvent(kind, f.getValue().asText()));
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
                  text(a.path("database_specific"), "last_known_affected_version_range"))
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

  /**
   * {@link Instant#parse}, with a fast path for the form OSV records use ({@code
   * 2024-01-02T03:04:05Z}, optionally with 1 to 9 fraction digits): {@code Instant.parse} goes
   * through a {@code DateTimeFormatter} and was a third of the normalizer's time. Anything else
   * (offsets, leap seconds, out-of-range fields, other lengths) is left to {@code Instant.parse},
   * so the result and the errors are exactly its own.
   */
  static Instant parseInstant(String t) {
    Instant fast = utcInstant(t);
    return fast != null ? fast : Instant.parse(t);
  }

  private static Instant utcInstant(String t) {
    int n = t.length();
    if (n < 20
        || n == 21
        || n > 30
        || t.charAt(4) != '-'
        || t.charAt(7) != '-'
        || t.charAt(10) != 'T'
        || t.charAt(13) != ':'
        || t.charAt(16) != ':'
        || t.charAt(n - 1) != 'Z'
        || n > 20 && t.charAt(19) != '.') {
      return null;
    }
    int year = digits(t, 0, 4);
    int month = digits(t, 5, 2);
    int day = digits(t, 8, 2);
    int hour = digits(t, 11, 2);
    int minute = digits(t, 14, 2);
    int second = digits(t, 17, 2);
    int fraction = n > 20 ? digits(t, 20, n - 21) : 0;
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > Month.of(month).length(Year.isLeap(year))
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || fraction < 0) {
      return null;
    }
    int nanos = fraction;
    for (int i = n - 21; i < 9 && n > 20; i++) {
      nanos *= 10;
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400L + hour * 3_600L + minute * 60L + second, nanos);
  }

  /** The decimal value of {@code len} ASCII digits at {@code from}, or -1. */
  private static int digits(String s, int from, int len) {
    int v = 0;
    for (int i = from; i < from + len; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
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
