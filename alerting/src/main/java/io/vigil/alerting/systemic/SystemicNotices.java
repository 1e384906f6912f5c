package io.vigil.alerting.systemic;

import io.vigil.alerting.render.Notice;
import io.vigil.core.risk.MaliciousPackages;
import io.vigil.events.v1.SystemicEvent;
import io.vigil.events.v1.SystemicFixPlan;
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
    lines.addAll(fixPlan(e.getFixPlan()));
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
    SystemicFixPlan f = e.getFixPlan();
    if (f != null) {
      Map<String, Object> fix = new LinkedHashMap<>();
      fix.put("purl", f.getPurl());
      fix.put("upgradeTo", f.getUpgradeTo());
      fix.put("affectedProjects", f.getAffectedProjects());
      fix.put("affectedMissionEssential", f.getAffectedMissionEssential());
      fix.put("upgradeProjects", f.getUpgradeProjects());
      fix.put("closes", f.getCloses());
      fix.put("closesCritical", f.getClosesCritical());
      fix.put("closesHigh", f.getClosesHigh());
      fix.put("closesMedium", f.getClosesMedium());
      fix.put("closesLow", f.getClosesLow());
      fix.put("closesUnrated", f.getClosesUnrated());
      fix.put("closesKev", f.getClosesKev());
      fix.put("unfixed", f.getUnfixed());
      fix.put("suppressed", f.getSuppressed());
      facts.put("fixPlan", fix);
    }
    return new Notice(KIND, e.getEventId(), title, lines, facts, now);
  }

  /**
   * The portfolio fix plan's numbers (none for an event from before they existed): {@code fix:
   * upgrade log4j-core to ≥ 2.17.1 in 26 projects, closing 31 exposures (29 critical, 2 high; 31 in
   * KEV)} and {@code affected: 27 projects (5 mission-essential); 2 exposures without a known fix}.
   */
  static List<String> fixPlan(SystemicFixPlan f) {
    if (f == null) {
      return List.of();
    }
    String fix;
    if (f.getUpgradeTo() == null) {
      fix = "fix: no known version fixes it";
    } else {
      List<String> by = new ArrayList<>();
      add(by, f.getClosesCritical(), "critical");
      add(by, f.getClosesHigh(), "high");
      add(by, f.getClosesMedium(), "medium");
      add(by, f.getClosesLow(), "low");
      add(by, f.getClosesUnrated(), "unrated");
      String kev = f.getClosesKev() > 0 ? "; " + f.getClosesKev() + " in KEV" : "";
      fix =
          String.format(
              Locale.ROOT,
              "fix: upgrade %s to ≥ %s in %d %s, closing %d %s (%s%s)",
              name(f.getPurl()),
              f.getUpgradeTo(),
              f.getUpgradeProjects(),
              f.getUpgradeProjects() == 1 ? "project" : "projects",
              f.getCloses(),
              f.getCloses() == 1 ? "exposure" : "exposures",
              String.join(", ", by),
              kev);
    }
    StringBuilder affected =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "affected: %d %s (%d mission-essential)",
                f.getAffectedProjects(),
                f.getAffectedProjects() == 1 ? "project" : "projects",
                f.getAffectedMissionEssential()));
    if (f.getUnfixed() > 0) {
      affected
          .append("; ")
          .append(f.getUnfixed())
          .append(f.getUnfixed() == 1 ? " exposure" : " exposures")
          .append(" without a known fix");
    }
    if (f.getSuppressed() > 0) {
      affected.append("; ").append(f.getSuppressed()).append(" suppressed by triage");
    }
    return List.of(fix, affected.toString());
  }

  private static void add(List<String> parts, int n, String what) {
    if (n > 0) {
      parts.add(n + " " + what);
    }
  }

  /** {@code pkg:maven/org.apache.logging.log4j/log4j-core} → {@code log4j-core}. */
  static String name(String purl) {
    if (purl == null) {
      return "the package";
    }
    return purl.substring(purl.lastIndexOf('/') + 1);
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
