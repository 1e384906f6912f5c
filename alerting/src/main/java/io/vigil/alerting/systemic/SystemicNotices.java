package io.vigil.alerting.systemic;

import io.vigil.alerting.render.Notice;
import io.vigil.core.risk.MaliciousPackages;
import io.vigil.events.v1.SystemicEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Pure: what a SYSTEMIC event says as a notice. */
public final class SystemicNotices {
  public static final String KIND = "SYSTEMIC";

  /** Versions listed by name; the rest are counted. */
  static final int VERSIONS_SHOWN = 5;

  private SystemicNotices() {}

  public static Notice notice(SystemicEvent e, Instant now) {
    String title =
        String.format(
            Locale.ROOT,
            "SYSTEMIC: %s hits %s, shipped by %d of %d projects (%s)",
            e.getVulnerabilityId(),
            e.getPackageKey(),
            e.getProjects(),
            e.getPortfolioProjects(),
            percent(e.getShareOfProjects()));
    List<String> lines = new ArrayList<>();
    if (e.getMalicious()) {
      lines.add("Malicious package: " + MaliciousPackages.ADVICE);
    }
    if (e.getSummary() != null) {
      lines.add(e.getSummary() + (e.getSeverity() == null ? "" : " [" + e.getSeverity() + "]"));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "%d direct, %d only transitive, %d unknown",
            e.getDirectProjects(),
            e.getTransitiveProjects(),
            e.getUnknownReachProjects()));
    lines.add(
        String.format(
            Locale.ROOT,
            "mission-essential: %d of %d (%s)",
            e.getMissionEssentialProjects(),
            e.getPortfolioMissionEssential(),
            percent(e.getShareOfMissionEssential())));
    lines.add(e.getDistinctVersions() + " versions: " + versions(e.getProjectsByVersion()));
    lines.add("policy: " + e.getPolicy());
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("vulnerabilityId", e.getVulnerabilityId());
    facts.put("advisoryId", e.getAdvisoryId());
    facts.put("packageKey", e.getPackageKey());
    facts.put("projects", e.getProjects());
    facts.put("directProjects", e.getDirectProjects());
    facts.put("transitiveProjects", e.getTransitiveProjects());
    facts.put("unknownReachProjects", e.getUnknownReachProjects());
    facts.put("projectsByVersion", new LinkedHashMap<>(e.getProjectsByVersion()));
    facts.put("missionEssentialProjects", e.getMissionEssentialProjects());
    facts.put("portfolioProjects", e.getPortfolioProjects());
    facts.put("portfolioMissionEssential", e.getPortfolioMissionEssential());
    facts.put("shareOfProjects", e.getShareOfProjects());
    facts.put("shareOfMissionEssential", e.getShareOfMissionEssential());
    facts.put("malicious", e.getMalicious());
    return new Notice(KIND, e.getEventId(), title, lines, facts, now);
  }

  /** {@code 2.14.1 (12), 2.13.3 (4), … and 3 more}: most shipped first. */
  static String versions(Map<String, Integer> byVersion) {
    List<Map.Entry<String, Integer>> all = new ArrayList<>(byVersion.entrySet());
    all.sort(
        Comparator.comparing((Map.Entry<String, Integer> x) -> -x.getValue())
            .thenComparing(Map.Entry::getKey));
    List<String> shown = new ArrayList<>();
    for (var v : all.subList(0, Math.min(VERSIONS_SHOWN, all.size()))) {
      shown.add((v.getKey().isEmpty() ? "unknown" : v.getKey()) + " (" + v.getValue() + ")");
    }
    int more = all.size() - shown.size();
    return String.join(", ", shown) + (more > 0 ? " and " + more + " more" : "");
  }

  private static String percent(double share) {
    return String.format(Locale.ROOT, "%.0f%%", share * 100);
  }
}
