package io.vigil.core.osv;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * One OSV record (OSV schema 1.x) as far as matching needs it; unknown fields are ignored.
 *
 * @param id the OSV id
 * @param modified last modification (RFC 3339)
 * @param published publication time, or null
 * @param withdrawn withdrawal time, or null when the record stands
 * @param aliases ids of the same vulnerability elsewhere (symmetric, transitive)
 * @param upstream ids this record derives from (distros put CVEs here)
 * @param related related ids (not the same vulnerability)
 * @param summary one-line summary, or null
 * @param severity top-level severity vectors
 * @param affected affected packages
 * @param databaseSpecific the part of {@code database_specific} matching reads (its {@code
 *     severity}), or null; the rest of that object, and {@code ecosystem_specific}, never change a
 *     decision (M10) and are skipped while reading
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record OsvRecord(
    String id,
    String modified,
    String published,
    String withdrawn,
    List<String> aliases,
    List<String> upstream,
    List<String> related,
    String summary,
    List<Severity> severity,
    List<Affected> affected,
    @JsonProperty("database_specific") DatabaseSpecific databaseSpecific) {

  public OsvRecord {
    aliases = aliases == null ? List.of() : List.copyOf(aliases);
    upstream = upstream == null ? List.of() : List.copyOf(upstream);
    related = related == null ? List.of() : List.copyOf(related);
    severity = severity == null ? List.of() : List.copyOf(severity);
    affected = affected == null ? List.of() : List.copyOf(affected);
  }

  public boolean isWithdrawn() {
    return withdrawn != null && !withdrawn.isBlank();
  }

  /** The fields of {@code database_specific} that matching reads: GHSA's severity word. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record DatabaseSpecific(Object severity) {
    /** The severity when it is a string (GHSA: LOW, MODERATE, HIGH, CRITICAL), else null. */
    public String severityWord() {
      return severity instanceof String w ? w : null;
    }
  }

  /** A severity vector: {@code CVSS_V2}, {@code CVSS_V3}, {@code CVSS_V4} or {@code Ubuntu}. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Severity(String type, String score) {}

  /** The {@code package} of an affected entry. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Package(String ecosystem, String name, String purl) {}

  /** One {@code affected[]} entry. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Affected(
      @JsonProperty("package") Package pkg,
      List<Range> ranges,
      List<String> versions,
      List<Severity> severity) {

    public Affected {
      ranges = ranges == null ? List.of() : List.copyOf(ranges);
      versions = versions == null ? List.of() : List.copyOf(versions);
      severity = severity == null ? List.of() : List.copyOf(severity);
    }
  }

  /** A range: {@code SEMVER}, {@code ECOSYSTEM} or {@code GIT}, with its events. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Range(String type, String repo, List<Event> events) {
    public Range {
      events = events == null ? List.of() : List.copyOf(events);
    }
  }

  /** One event; exactly one field is set in a well-formed record. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Event(
      String introduced,
      String fixed,
      @JsonProperty("last_affected") String lastAffected,
      String limit) {}
}
