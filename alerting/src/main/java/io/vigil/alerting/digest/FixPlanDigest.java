package io.vigil.alerting.digest;

import io.vigil.alerting.render.Notice;
import io.vigil.core.fixplan.PortfolioFixPlan.Plan;
import io.vigil.core.fixplan.PortfolioFixPlan.Upgrade;
import io.vigil.core.fixplan.PortfolioFixPlanRender;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The weekly portfolio fix plan (issue 16 item 4) as a {@link Notice}: the upgrades that resolve
 * the most risk, each in core's words ({@link PortfolioFixPlanRender#upgradeText}), for the whole
 * portfolio or one team; when partitions were missing at the deadline, which. Pure.
 */
public final class FixPlanDigest {
  public static final String KIND = "FIX_PLAN_DIGEST";

  private FixPlanDigest() {}

  /**
   * @param team the team whose plan it is; null for the whole portfolio
   * @param missing the correlator partitions whose partial had not arrived (empty: complete)
   */
  public static Notice of(
      String week, String team, Plan plan, List<Integer> missing, int partitions, Instant now) {
    List<String> lines = new ArrayList<>();
    if (plan.open().total() == 0) {
      lines.add("No open exposures.");
    } else {
      lines.add(
          String.format(
              Locale.ROOT,
              "Open: %s in %d %s. %d package %s what a known version fixes; the top %d:",
              PortfolioFixPlanRender.exposures(plan.open()),
              plan.projects(),
              plan.projects() == 1 ? "project" : "projects",
              plan.packages(),
              plan.packages() == 1 ? "upgrade resolves" : "upgrades resolve",
              plan.upgrades().size()));
      int rank = 1;
      for (Upgrade u : plan.upgrades()) {
        lines.add(rank++ + ". " + PortfolioFixPlanRender.upgradeText(u));
      }
    }
    if (plan.suppressed() > 0) {
      lines.add(
          plan.suppressed()
              + (plan.suppressed() == 1 ? " suppressed exposure" : " suppressed exposures")
              + " left out (triage: not_affected or false_positive).");
    }
    if (!missing.isEmpty()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "Incomplete: correlator %s %s of %d had not reported by the deadline; their"
                  + " exposures are not counted.",
              missing.size() == 1 ? "partition" : "partitions",
              missing.stream().map(String::valueOf).collect(Collectors.joining(", ")),
              partitions));
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("week", week);
    if (team != null) {
      facts.put("team", team);
    }
    facts.put("projects", plan.projects());
    facts.put("openExposures", plan.open().total());
    facts.put("packages", plan.packages());
    List<Map<String, Object>> upgrades = new ArrayList<>();
    for (Upgrade u : plan.upgrades()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("purl", u.purl());
      m.put("upgradeTo", u.upgradeTo());
      m.put("projects", u.projects());
      m.put("resolves", u.resolves().total());
      m.put("critical", u.resolves().critical());
      m.put("kev", u.resolves().kev());
      m.put("act", u.ssvc().act());
      upgrades.add(m);
    }
    facts.put("upgrades", upgrades);
    facts.put("missingPartitions", List.copyOf(missing));
    String title =
        String.format(
            Locale.ROOT,
            "Portfolio fix plan%s, week %s: %d %s what a known version fixes of %d open"
                + " exposures%s",
            team == null ? "" : " for team " + team,
            week,
            plan.packages(),
            plan.packages() == 1 ? "upgrade resolves" : "upgrades resolve",
            plan.open().total(),
            missing.isEmpty() ? "" : " (incomplete)");
    String id = "fixplan:" + week + (team == null ? "" : ":" + team);
    return new Notice(KIND, id, title, lines, facts, now);
  }
}
