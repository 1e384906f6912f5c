package io.vigil.sbom.dt;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.packageurl.MalformedPackageURLException;
import com.github.packageurl.PackageURL;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Vigil's open exposures of a project (the correlator query API's items) as Dependency-Track's
 * findings ({@code GET /api/v1/finding/project/{uuid}}) and project metrics. One finding per
 * (component, vulnerability): exposures to several advisories of one alias group (a GHSA record and
 * the OSV record of the same CVE) are one finding, as they are one alert. Pure.
 */
public final class Findings {
  /** Dependency-Track's severities, in its order ({@code severityRank}). */
  static final List<String> SEVERITIES =
      List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "INFO", "UNASSIGNED");

  private Findings() {}

  /** One finding, in the fields Vigil has; {@link #json} gives Dependency-Track's shape. */
  public record Finding(
      String purl,
      String componentVersion,
      String vulnId,
      String advisory,
      List<String> aliases,
      String severity,
      Double score,
      Double epss,
      String smallestFix,
      Instant attributedOn) {}

  /**
   * The findings of a project from its exposures (query API items), one per (purl, vulnerability),
   * ordered by purl then vulnerability id.
   */
  public static List<Finding> of(List<JsonNode> exposures) {
    TreeMap<String, Finding> byKey = new TreeMap<>();
    for (JsonNode e : exposures) {
      String purl = e.path("purl").asText(null);
      if (purl == null) {
        continue;
      }
      String advisory = e.path("advisory").asText(null);
      String vulnId = text(e, "vulnerability", advisory);
      Set<String> aliases = new LinkedHashSet<>();
      if (advisory != null && !advisory.equals(vulnId)) {
        aliases.add(advisory);
      }
      e.path("aliases").forEach(a -> aliases.add(a.asText()));
      aliases.remove(vulnId);
      Finding f =
          new Finding(
              purl,
              e.path("version").asText(null),
              vulnId,
              advisory,
              List.copyOf(aliases),
              severity(e.path("severity").asText(null)),
              e.hasNonNull("score") ? e.path("score").asDouble() : null,
              e.hasNonNull("epss") ? e.path("epss").asDouble() : null,
              e.path("smallestFix").asText(null),
              e.hasNonNull("triggeredAt") ? Instant.parse(e.path("triggeredAt").asText()) : null);
      byKey.merge(purl + "\u0000" + vulnId, f, Findings::worse);
    }
    return new ArrayList<>(byKey.values());
  }

  /** Of two exposures of one alias group, the one with the higher severity (then score). */
  private static Finding worse(Finding a, Finding b) {
    int ra = SEVERITIES.indexOf(a.severity());
    int rb = SEVERITIES.indexOf(b.severity());
    if (ra != rb) {
      return ra < rb ? merge(a, b) : merge(b, a);
    }
    double sa = a.score() == null ? -1 : a.score();
    double sb = b.score() == null ? -1 : b.score();
    return sa >= sb ? merge(a, b) : merge(b, a);
  }

  private static Finding merge(Finding keep, Finding other) {
    Set<String> aliases = new LinkedHashSet<>(keep.aliases());
    aliases.addAll(other.aliases());
    if (other.advisory() != null) {
      aliases.add(other.advisory());
    }
    aliases.remove(keep.vulnId());
    return new Finding(
        keep.purl(),
        keep.componentVersion(),
        keep.vulnId(),
        keep.advisory(),
        List.copyOf(aliases),
        keep.severity(),
        keep.score(),
        keep.epss() != null ? keep.epss() : other.epss(),
        keep.smallestFix() != null ? keep.smallestFix() : other.smallestFix(),
        keep.attributedOn());
  }

  /** Vigil's rating (NONE, LOW, MEDIUM, HIGH, CRITICAL or none) as Dependency-Track's severity. */
  static String severity(String rating) {
    if (rating == null || rating.isBlank()) {
      return "UNASSIGNED";
    }
    String r = rating.strip().toUpperCase(Locale.ROOT);
    return switch (r) {
      case "CRITICAL", "HIGH", "MEDIUM", "LOW" -> r;
      case "MODERATE" -> "MEDIUM";
      case "NONE" -> "INFO";
      default -> "UNASSIGNED";
    };
  }

  /** Dependency-Track's vulnerability source of an id: NVD (CVE), GITHUB (GHSA), else OSV. */
  static String source(String vulnId) {
    if (vulnId.startsWith("CVE-")) {
      return "NVD";
    }
    if (vulnId.startsWith("GHSA-")) {
      return "GITHUB";
    }
    return "OSV";
  }

  /** The finding as Dependency-Track's {@code Finding} JSON. */
  public static Map<String, Object> json(UUID project, Finding f) {
    UUID componentUuid = ProjectUuids.component(project, f.purl());
    UUID vulnUuid = ProjectUuids.vulnerability(f.vulnId());
    Map<String, Object> component = new LinkedHashMap<>();
    component.put("uuid", componentUuid.toString());
    String[] groupName = groupAndName(f.purl());
    component.put("name", groupName[1]);
    if (groupName[0] != null) {
      component.put("group", groupName[0]);
    }
    if (f.componentVersion() != null) {
      component.put("version", f.componentVersion());
    }
    component.put("purl", f.purl());
    component.put("project", project.toString());

    Map<String, Object> vulnerability = new LinkedHashMap<>();
    vulnerability.put("uuid", vulnUuid.toString());
    vulnerability.put("source", source(f.vulnId()));
    vulnerability.put("vulnId", f.vulnId());
    if (f.score() != null) {
      vulnerability.put("cvssV3BaseScore", f.score());
    }
    vulnerability.put("severity", f.severity());
    vulnerability.put("severityRank", SEVERITIES.indexOf(f.severity()));
    if (f.epss() != null) {
      vulnerability.put("epssScore", f.epss());
    }
    if (f.smallestFix() != null) {
      vulnerability.put("recommendation", "Upgrade to version " + f.smallestFix());
    }
    List<Map<String, String>> aliases = new ArrayList<>();
    for (String alias : f.aliases()) {
      Map<String, String> pair = new TreeMap<>(Comparator.naturalOrder());
      pair.put(aliasKey(f.vulnId()), f.vulnId());
      pair.put(aliasKey(alias), alias);
      aliases.add(pair);
    }
    vulnerability.put("aliases", aliases);

    Map<String, Object> analysis = new LinkedHashMap<>();
    analysis.put("isSuppressed", false);

    Map<String, Object> attribution = new LinkedHashMap<>();
    attribution.put("analyzerIdentity", "INTERNAL_ANALYZER");
    if (f.attributedOn() != null) {
      attribution.put("attributedOn", f.attributedOn().toEpochMilli());
    }
    if (f.advisory() != null && !f.advisory().equals(f.vulnId())) {
      attribution.put("alternateIdentifier", f.advisory());
    }

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("component", component);
    out.put("vulnerability", vulnerability);
    out.put("analysis", analysis);
    out.put("attribution", attribution);
    out.put("matrix", project + ":" + componentUuid + ":" + vulnUuid);
    return out;
  }

  /** Dependency-Track's alias map key of an id: cveId, ghsaId, else osvId. */
  static String aliasKey(String id) {
    if (id.startsWith("CVE-")) {
      return "cveId";
    }
    if (id.startsWith("GHSA-")) {
      return "ghsaId";
    }
    return "osvId";
  }

  /** {group, name} of a purl (group: the namespace, e.g. a Maven groupId or an npm scope). */
  static String[] groupAndName(String purl) {
    try {
      PackageURL p = new PackageURL(purl);
      return new String[] {p.getNamespace(), p.getName()};
    } catch (MalformedPackageURLException e) {
      return new String[] {null, purl};
    }
  }

  /**
   * Dependency-Track's {@code ProjectMetrics} of a project: counts by severity, totals, the
   * inherited risk score (10·critical + 5·high + 3·medium + 1·low + 5·unassigned, as
   * Dependency-Track computes it), no suppressions, no policy violations.
   */
  public static Map<String, Object> metrics(
      List<Finding> findings, int components, Instant firstOccurrence, Instant now) {
    int[] counts = new int[SEVERITIES.size()];
    Set<String> vulnerable = new LinkedHashSet<>();
    for (Finding f : findings) {
      counts[SEVERITIES.indexOf(f.severity())]++;
      vulnerable.add(f.purl());
    }
    int critical = counts[0];
    int high = counts[1];
    int medium = counts[2];
    int low = counts[3];
    int unassigned = counts[5];
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("critical", critical);
    m.put("high", high);
    m.put("medium", medium);
    m.put("low", low);
    m.put("unassigned", unassigned);
    m.put("vulnerabilities", findings.size());
    m.put("vulnerableComponents", vulnerable.size());
    m.put("components", components);
    m.put("suppressed", 0);
    m.put("findingsTotal", findings.size());
    m.put("findingsAudited", 0);
    m.put("findingsUnaudited", findings.size());
    m.put(
        "inheritedRiskScore",
        (double) (critical * 10 + high * 5 + medium * 3 + low + unassigned * 5));
    for (String k :
        List.of(
            "policyViolationsFail",
            "policyViolationsWarn",
            "policyViolationsInfo",
            "policyViolationsTotal",
            "policyViolationsAudited",
            "policyViolationsUnaudited",
            "policyViolationsSecurityTotal",
            "policyViolationsSecurityAudited",
            "policyViolationsSecurityUnaudited",
            "policyViolationsLicenseTotal",
            "policyViolationsLicenseAudited",
            "policyViolationsLicenseUnaudited",
            "policyViolationsOperationalTotal",
            "policyViolationsOperationalAudited",
            "policyViolationsOperationalUnaudited")) {
      m.put(k, 0);
    }
    m.put("firstOccurrence", firstOccurrence.toEpochMilli());
    m.put("lastOccurrence", now.toEpochMilli());
    return m;
  }

  private static String text(JsonNode n, String field, String dflt) {
    String v = n.path(field).asText(null);
    return v == null || v.isBlank() ? dflt : v;
  }
}
