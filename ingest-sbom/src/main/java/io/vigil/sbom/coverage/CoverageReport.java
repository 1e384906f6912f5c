package io.vigil.sbom.coverage;

import io.vigil.events.v1.SbomCoverage;
import io.vigil.events.v1.SbomStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The answer of {@code GET /api/v1/coverage}: per project, its last accepted SBOM (when, which
 * version, how old) and that SBOM's coverage; projects without an SBOM newer than {@code
 * staleAfter} are flagged. Pure.
 */
public final class CoverageReport {
  private CoverageReport() {}

  /**
   * @param statuses each project's last accepted SBOM (as {@link LastSboms#all})
   * @param visible the projects the caller may see
   */
  public static Map<String, Object> json(
      List<SbomStatus> statuses, Duration staleAfter, Instant now, Predicate<String> visible) {
    List<Map<String, Object>> projects = new ArrayList<>();
    int stale = 0;
    long scoreSum = 0;
    int scored = 0;
    long components = 0;
    long withoutPurl = 0;
    for (SbomStatus s : statuses) {
      if (!visible.test(s.getProject())) {
        continue;
      }
      Duration age = Duration.between(s.getReceivedAt(), now);
      boolean isStale = age.compareTo(staleAfter) > 0;
      stale += isStale ? 1 : 0;
      Map<String, Object> p = new LinkedHashMap<>();
      p.put("project", s.getProject());
      p.put("version", s.getProjectVersion());
      p.put("lastSbomAt", s.getReceivedAt().toString());
      p.put("ageDays", Math.round(age.toHours() / 24.0 * 10) / 10.0);
      p.put("stale", isStale);
      p.put("token", s.getSubmissionId());
      p.put("components", s.getComponents());
      p.put("componentsWithoutPurl", s.getComponentsWithoutPurl());
      p.put("withoutPurlShare", share(s.getComponentsWithoutPurl(), s.getComponents()));
      components += s.getComponents();
      withoutPurl += s.getComponentsWithoutPurl();
      SbomCoverage c = s.getCoverage();
      if (c != null) {
        p.put("score", c.getScore());
        p.put("minimumElements", elements(c));
        scoreSum += c.getScore();
        scored++;
      } else {
        p.put("score", null); // accepted before coverage was measured
      }
      projects.add(p);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("staleAfter", staleAfter.toString());
    out.put("generatedAt", now.toString());
    out.put("projectCount", projects.size());
    out.put("staleCount", stale);
    out.put("meanScore", scored == 0 ? null : Math.round(scoreSum * 10.0 / scored) / 10.0);
    out.put("withoutPurlShare", share(withoutPurl, components));
    out.put("projects", projects);
    return out;
  }

  /** Each element's share (0–1) of components, or true/false for the document's own. */
  static Map<String, Object> elements(SbomCoverage c) {
    Map<String, Object> e = new LinkedHashMap<>();
    int n = c.getComponents();
    e.put("supplier", share(c.getWithSupplier(), n));
    e.put("name", share(c.getWithName(), n));
    e.put("version", share(c.getWithVersion(), n));
    e.put("identifier", share(c.getWithIdentifier(), n));
    e.put("hash", share(c.getWithHash(), n));
    e.put("license", share(c.getWithLicense(), n));
    e.put("dependency", share(c.getWithDependency(), n));
    e.put("author", c.getHasAuthor());
    e.put("timestamp", c.getHasTimestamp());
    e.put("tool", c.getHasTool());
    return e;
  }

  private static double share(long part, long whole) {
    return whole == 0 ? 0.0 : Math.round(part * 1000.0 / whole) / 1000.0;
  }
}
