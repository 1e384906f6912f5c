package io.vigil.advisories.kev;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vigil.events.v1.EnrichmentChange;
import io.vigil.events.v1.KevEntry;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Pure: the CISA KEV catalog JSON ({@code known_exploited_vulnerabilities.json}) → entries. An
 * entry without a CVE id or with an unreadable {@code dateAdded} is returned as a problem (it goes
 * to the DLQ); the rest of the catalog is kept.
 */
public final class KevCatalog {
  private static final ObjectMapper JSON = new ObjectMapper();

  private KevCatalog() {}

  /** A parsed catalog: its version, its good entries, and the entries that could not be read. */
  public record Parsed(String catalogVersion, List<KevEntry> entries, List<Problem> problems) {}

  /** An unreadable entry: its position, what is wrong, its raw JSON. */
  public record Problem(String where, String reason, byte[] raw) {}

  /** Thrown when the document is not a KEV catalog at all (nothing can be diffed against it). */
  public static final class InvalidCatalogException extends IOException {
    public InvalidCatalogException(String message) {
      super(message);
    }
  }

  public static Parsed parse(byte[] json, Instant now) throws InvalidCatalogException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new InvalidCatalogException("KEV catalog is not JSON: " + e.getMessage());
    }
    if (root == null || !root.path("vulnerabilities").isArray()) {
      throw new InvalidCatalogException("KEV catalog has no $.vulnerabilities array");
    }
    JsonNode vulns = root.path("vulnerabilities");
    if (root.has("count") && root.path("count").asInt(-1) != vulns.size()) {
      throw new InvalidCatalogException(
          "KEV catalog is truncated: $.count is "
              + root.path("count").asText()
              + " but $.vulnerabilities has "
              + vulns.size()
              + " entries");
    }
    if (vulns.isEmpty()) {
      throw new InvalidCatalogException("KEV catalog has no entries (refusing to remove all)");
    }
    String version = text(root, "catalogVersion");
    List<KevEntry> entries = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    for (int i = 0; i < vulns.size(); i++) {
      JsonNode v = vulns.get(i);
      String where = "$.vulnerabilities[" + i + "]";
      String cve = text(v, "cveID");
      if (cve == null || cve.isBlank()) {
        problems.add(new Problem(where, where + ".cveID is missing", raw(v)));
        continue;
      }
      LocalDate added;
      LocalDate due;
      try {
        added = LocalDate.parse(String.valueOf(text(v, "dateAdded")));
        due = text(v, "dueDate") == null ? null : LocalDate.parse(text(v, "dueDate"));
      } catch (DateTimeParseException e) {
        problems.add(
            new Problem(
                cve,
                where + " (" + cve + "): dateAdded/dueDate is not a date: " + e.getParsedString(),
                raw(v)));
        continue;
      }
      List<String> cwes = new ArrayList<>();
      v.path("cwes").forEach(c -> cwes.add(c.asText()));
      entries.add(
          KevEntry.newBuilder()
              .setCveId(cve.trim())
              .setChange(EnrichmentChange.ADDED)
              .setVendorProject(text(v, "vendorProject"))
              .setProduct(text(v, "product"))
              .setVulnerabilityName(text(v, "vulnerabilityName"))
              .setDateAdded(added)
              .setDueDate(due)
              .setKnownRansomwareCampaignUse(text(v, "knownRansomwareCampaignUse"))
              .setRequiredAction(text(v, "requiredAction"))
              .setShortDescription(text(v, "shortDescription"))
              .setCwes(cwes)
              .setCatalogVersion(version)
              .setIngestedAt(now)
              .build());
    }
    return new Parsed(version, entries, problems);
  }

  private static byte[] raw(JsonNode v) {
    try {
      return JSON.writeValueAsBytes(v);
    } catch (IOException e) {
      return new byte[0];
    }
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }
}
