package io.vigil.core.fixplan;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.fixplan.PortfolioFixPlan.Plan;
import io.vigil.core.fixplan.PortfolioFixPlan.Upgrade;

/**
 * The JSON and Markdown forms of the portfolio fix plan (the query API's answer, {@code vigil
 * fix-plan --portfolio}). Pure.
 *
 * <pre>
 * {"filter": {"team", "tag"}, "projects", "open": TALLY, "suppressed", "packages",
 *  "upgrades": [{"rank", "package", "purl", "upgradeTo", "projects", "resolves": TALLY,
 *    "ssvc": {"act", "attend", "trackStar", "track", "none"}, "unfixed"}]}
 * </pre>
 */
public final class PortfolioFixPlanRender {
  private PortfolioFixPlanRender() {}

  public static ObjectNode json(Plan plan) {
    ObjectNode root = JsonNodeFactory.instance.objectNode();
    ObjectNode f = root.putObject("filter");
    f.put("team", plan.filter().team());
    f.put("tag", plan.filter().tag());
    root.put("projects", plan.projects());
    PortfolioFixPlan.tally(root.putObject("open"), plan.open());
    root.put("suppressed", plan.suppressed());
    root.put("packages", plan.packages());
    var upgrades = root.putArray("upgrades");
    int rank = 1;
    for (Upgrade u : plan.upgrades()) {
      ObjectNode n = upgrades.addObject();
      n.put("rank", rank++);
      n.put("package", u.packageKey());
      n.put("purl", u.purl());
      n.put("upgradeTo", u.upgradeTo());
      n.put("projects", u.projects());
      PortfolioFixPlan.tally(n.putObject("resolves"), u.resolves());
      PortfolioFixPlan.ssvc(n.putObject("ssvc"), u.ssvc());
      n.put("unfixed", u.unfixed());
    }
    return root;
  }

  /**
   * {@code 1. Upgrade `pkg:maven/org.apache.logging.log4j/log4j-core` to ≥ `2.17.1` in 37 projects
   * — resolves 148 exposures (74 critical, …; 37 in KEV; 12 Act)}.
   */
  public static String markdown(Plan plan) {
    StringBuilder b = new StringBuilder("# Portfolio fix plan");
    if (plan.filter().team() != null) {
      b.append(", team ").append(FixPlanText.text(plan.filter().team()));
    }
    if (plan.filter().tag() != null) {
      b.append(", tag ").append(FixPlanText.text(plan.filter().tag()));
    }
    b.append("\n\n");
    if (plan.open().total() == 0) {
      b.append("No open exposures.\n");
    } else {
      b.append("Open: ")
          .append(exposures(plan.open()))
          .append(" in ")
          .append(plan.projects())
          .append(plan.projects() == 1 ? " project" : " projects")
          .append(". ")
          .append(plan.packages())
          .append(plan.packages() == 1 ? " package upgrade" : " package upgrades")
          .append(" resolve")
          .append(plan.packages() == 1 ? "s" : "")
          .append(" what a known version fixes; the top ")
          .append(plan.upgrades().size())
          .append(", most Act, KEV and severity first:\n\n");
      int rank = 1;
      for (Upgrade u : plan.upgrades()) {
        b.append(rank++).append(". ").append(upgrade(u)).append('\n');
      }
    }
    if (plan.suppressed() > 0) {
      b.append("\nLeft out: ")
          .append(plan.suppressed())
          .append(plan.suppressed() == 1 ? " suppressed exposure" : " suppressed exposures")
          .append(" (triage: not_affected or false_positive).\n");
    }
    return b.toString();
  }

  /**
   * {@code Upgrade `pkg:maven/org.apache.logging.log4j/log4j-core` to ≥ `2.17.1` in 37 projects —
   * resolves 148 exposures (74 critical, …; 37 in KEV), 12 SSVC Act}.
   */
  public static String upgrade(Upgrade u) {
    return upgrade(
        u, "`" + FixPlanText.code(u.purl()) + "`", "`" + FixPlanText.code(u.upgradeTo()) + "`");
  }

  /** The same in plain text (chat notices): no Markdown. */
  public static String upgradeText(Upgrade u) {
    return upgrade(u, u.purl(), u.upgradeTo());
  }

  private static String upgrade(Upgrade u, String purl, String upgradeTo) {
    StringBuilder b =
        new StringBuilder("Upgrade ")
            .append(purl)
            .append(" to ≥ ")
            .append(upgradeTo)
            .append(" in ")
            .append(u.projects())
            .append(u.projects() == 1 ? " project" : " projects")
            .append(" — resolves ")
            .append(exposures(u.resolves()));
    if (u.ssvc().act() > 0) {
      b.append(", ").append(u.ssvc().act()).append(" SSVC Act");
    }
    if (u.unfixed() > 0) {
      b.append("; ").append(u.unfixed()).append(" more without a known fix");
    }
    return b.toString();
  }

  /** {@code 148 exposures (74 critical, …; 37 in KEV)}. */
  public static String exposures(Tally t) {
    return FixPlanText.tally(t, "exposure", "exposures");
  }
}
