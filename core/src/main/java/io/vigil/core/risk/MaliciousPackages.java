package io.vigil.core.risk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Collection;
import java.util.Locale;

/**
 * Recognises malicious-package records: OpenSSF's ossf/malicious-packages database, published in
 * OSV format (and served by osv.dev) with ids {@code MAL-<year>-<n>}. Such a record does not
 * describe a flaw in a package: it says the package (at the listed versions, often every version)
 * <em>is</em> the attack. Installing it ran the attacker's code.
 *
 * <p>A record is malicious when any of these holds (every ossf/malicious-packages record meets the
 * first two; the others recognise the same record re-published under another id):
 *
 * <ol>
 *   <li>its id starts with {@code MAL-};
 *   <li>its {@code database_specific} has {@code malicious-packages-origins} (the database's
 *       provenance list of the reports it merged);
 *   <li>one of its aliases starts with {@code MAL-};
 *   <li>an {@code affected[].database_specific.source} points into {@code
 *       github.com/ossf/malicious-packages}.
 * </ol>
 *
 * A CWE-506 ("Embedded Malicious Code") alone does not make a record malicious: ordinary advisories
 * use it for backdoored releases that are fixed in later versions.
 */
public final class MaliciousPackages {
  /** The id prefix of the OpenSSF malicious-packages database. */
  public static final String ID_PREFIX = "MAL-";

  /** What to do about a malicious package (the first line of every message about one). */
  public static final String ADVICE =
      "Remove the package, rebuild from a clean state, and rotate every secret the builds and"
          + " machines that installed it could read: it ran the attacker's code when installed.";

  private static final String ORIGINS = "malicious-packages-origins";
  private static final String REPOSITORY = "github.com/ossf/malicious-packages";

  private MaliciousPackages() {}

  /** True for an id of the malicious-packages database ({@code MAL-2025-46966}). */
  public static boolean isMaliciousId(String id) {
    return id != null && id.toUpperCase(Locale.ROOT).startsWith(ID_PREFIX);
  }

  /** Rules 1 and 3, for a record known by its id and aliases (the pipeline's Advisory event). */
  public static boolean isMalicious(String id, Collection<String> aliases) {
    if (isMaliciousId(id)) {
      return true;
    }
    if (aliases != null) {
      for (String alias : aliases) {
        if (isMaliciousId(alias)) {
          return true;
        }
      }
    }
    return false;
  }

  /** All four rules, for an OSV record as JSON. */
  public static boolean isMalicious(JsonNode record) {
    if (record == null || !record.isObject()) {
      return false;
    }
    JsonNode id = record.get("id");
    if (id != null && isMaliciousId(id.asText())) {
      return true;
    }
    if (record.path("database_specific").has(ORIGINS)) {
      return true;
    }
    for (JsonNode alias : record.path("aliases")) {
      if (isMaliciousId(alias.asText())) {
        return true;
      }
    }
    for (JsonNode affected : record.path("affected")) {
      JsonNode source = affected.path("database_specific").path("source");
      if (source.isTextual() && source.asText().contains(REPOSITORY)) {
        return true;
      }
    }
    return false;
  }
}
