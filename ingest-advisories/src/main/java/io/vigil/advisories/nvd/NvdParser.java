package io.vigil.advisories.nvd;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.events.v1.CpeMatch;
import io.vigil.events.v1.CvssMetric;
import io.vigil.events.v1.NvdCve;
import io.vigil.events.v1.Reference;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Pure: one NVD CVE API 2.0 {@code cve} object → {@link NvdCve}: CVSS v2, v3.0, v3.1 and v4.0
 * metrics (vector, NVD's base score and severity, source, primary/secondary), CWE ids (not the
 * {@code NVD-CWE-*} placeholders), the English description, references, and the CPE configurations
 * flattened to {@link CpeMatch} rows that keep their configuration, node, operators and negation.
 */
public final class NvdParser {
  private static final String[][] METRICS = {
    {"cvssMetricV40", "4.0"},
    {"cvssMetricV31", "3.1"},
    {"cvssMetricV30", "3.0"},
    {"cvssMetricV2", "2.0"}
  };

  private NvdParser() {}

  /** Thrown for a {@code cve} object without an id. */
  public static final class InvalidCveException extends Exception {
    public InvalidCveException(String message) {
      super(message);
    }
  }

  public static NvdCve parse(JsonNode cve, Instant now) throws InvalidCveException {
    String id = text(cve, "id");
    if (id == null || id.isBlank()) {
      throw new InvalidCveException("$.cve.id is missing");
    }
    return NvdCve.newBuilder()
        .setCveId(id)
        .setPublished(time(text(cve, "published")))
        .setLastModified(time(text(cve, "lastModified")))
        .setVulnStatus(text(cve, "vulnStatus"))
        .setDescription(english(cve.path("descriptions")))
        .setMetrics(metrics(cve.path("metrics")))
        .setCwes(cwes(cve.path("weaknesses")))
        .setCpeMatches(cpeMatches(cve.path("configurations")))
        .setReferences(references(cve.path("references")))
        .setIngestedAt(now)
        .build();
  }

  private static String english(JsonNode descriptions) {
    String any = null;
    for (JsonNode d : descriptions) {
      String lang = text(d, "lang");
      if ("en".equals(lang)) {
        return text(d, "value");
      }
      if (any == null) {
        any = text(d, "value");
      }
    }
    return any;
  }

  private static List<CvssMetric> metrics(JsonNode metrics) {
    List<CvssMetric> out = new ArrayList<>();
    for (String[] kind : METRICS) {
      for (JsonNode m : metrics.path(kind[0])) {
        JsonNode data = m.path("cvssData");
        String vector = text(data, "vectorString");
        if (vector == null) {
          continue;
        }
        String severity = text(data, "baseSeverity");
        if (severity == null) {
          severity = text(m, "baseSeverity"); // v2 keeps it beside cvssData
        }
        out.add(
            CvssMetric.newBuilder()
                .setVersion(text(data, "version") == null ? kind[1] : text(data, "version"))
                .setVector(vector)
                .setBaseScore(data.has("baseScore") ? data.path("baseScore").asDouble() : null)
                .setBaseSeverity(severity)
                .setSource(text(m, "source"))
                .setPrimary(!"Secondary".equalsIgnoreCase(text(m, "type")))
                .build());
      }
    }
    return out;
  }

  private static List<String> cwes(JsonNode weaknesses) {
    Set<String> out = new LinkedHashSet<>();
    for (JsonNode w : weaknesses) {
      for (JsonNode d : w.path("description")) {
        String v = text(d, "value");
        if (v != null && v.startsWith("CWE-")) {
          out.add(v);
        }
      }
    }
    return new ArrayList<>(out);
  }

  private static List<CpeMatch> cpeMatches(JsonNode configurations) {
    List<CpeMatch> out = new ArrayList<>();
    int c = 0;
    for (JsonNode conf : configurations) {
      int n = 0;
      for (JsonNode node : conf.path("nodes")) {
        for (JsonNode m : node.path("cpeMatch")) {
          String criteria = text(m, "criteria");
          if (criteria == null) {
            continue;
          }
          out.add(
              CpeMatch.newBuilder()
                  .setConfiguration(c)
                  .setNode(n)
                  .setConfigurationOperator(text(conf, "operator"))
                  .setNodeOperator(text(node, "operator"))
                  .setNegate(node.path("negate").asBoolean(false))
                  .setVulnerable(m.path("vulnerable").asBoolean(true))
                  .setCriteria(criteria)
                  .setVersionStartIncluding(text(m, "versionStartIncluding"))
                  .setVersionStartExcluding(text(m, "versionStartExcluding"))
                  .setVersionEndIncluding(text(m, "versionEndIncluding"))
                  .setVersionEndExcluding(text(m, "versionEndExcluding"))
                  .build());
        }
        n++;
      }
      c++;
    }
    return out;
  }

  private static List<Reference> references(JsonNode refs) {
    List<Reference> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (JsonNode r : refs) {
      String url = text(r, "url");
      if (url != null && seen.add(url)) {
        JsonNode tags = r.path("tags");
        out.add(
            new Reference(tags.isArray() && !tags.isEmpty() ? tags.get(0).asText() : "WEB", url));
      }
    }
    return out;
  }

  /** NVD times are UTC without a zone ({@code 2024-02-15T14:15:46.503}); offsets are accepted. */
  static Instant time(String s) {
    if (s == null || s.isBlank()) {
      return null;
    }
    try {
      return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      try {
        return OffsetDateTime.parse(s).toInstant();
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  private static String text(JsonNode n, String f) {
    JsonNode v = n.get(f);
    return v == null || v.isNull() ? null : v.asText();
  }
}
