package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.risk.PackageReach;
import io.vigil.core.risk.SystemicRisk;
import io.vigil.correlator.SystemicRecords.PackageCounts;
import io.vigil.correlator.SystemicRecords.PortfolioTotals;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/risk/top}: the packages whose compromise would reach the most critical
 * projects (core's {@link SystemicRisk}, the ranking of {@code vigil risk top}), from the index the
 * SYSTEMIC stage keeps ({@code package-reach-store}, {@link PackageReachIndex}): one row per
 * package, never a read of every component. Each instance sends the rows of the partitions it owns
 * ({@link Partial}) and the portfolio's totals it holds; the answering instance merges the parts
 * with {@link SystemicRisk#merge} (exact: the stage is keyed by package, so each package lies in
 * one partition) and takes the shares over the portfolio's totals (the projects that ship at least
 * one packaged component, broadcast to every partition).
 */
final class RiskTop {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RiskTop() {}

  /** One instance's part: its partitions' rows of the index and the totals they hold. */
  static final class Partial {
    private final List<PackageReach> packages = new ArrayList<>();
    private PortfolioTotals totals;

    void add(String packageKey, PackageCounts counts) {
      packages.add(counts.reach(packageKey));
    }

    /** The portfolio's totals a partition holds (the latest broadcast it received). */
    void totals(PortfolioTotals t) {
      if (t != null && (totals == null || t.projects() > totals.projects())) {
        totals = t;
      }
    }

    /** {@code {portfolio: {projects, missionEssential}, packages: [PackageReach...]}}. */
    ObjectNode json() {
      ObjectNode n = JSON.createObjectNode();
      if (totals != null) {
        ObjectNode p = n.putObject("portfolio");
        p.put("projects", totals.projects());
        p.put("missionEssential", totals.missionEssential());
      }
      n.set("packages", JSON.valueToTree(packages));
      return n;
    }
  }

  /** The answer from every instance's part: the portfolio's size and the first {@code top}. */
  static ObjectNode answer(List<JsonNode> parts, int top) {
    int projects = 0;
    int essential = 0;
    List<List<PackageReach>> measured = new ArrayList<>();
    for (JsonNode part : parts) {
      JsonNode p = part.path("portfolio");
      // every partition holds the broadcast totals: the largest is the latest while one arrives
      if (p.path("projects").asInt() > projects) {
        projects = p.path("projects").asInt();
        essential = p.path("missionEssential").asInt();
      }
      measured.add(
          JSON.convertValue(
              part.path("packages"),
              JSON.getTypeFactory().constructCollectionType(List.class, PackageReach.class)));
    }
    List<PackageReach> ranked = SystemicRisk.merge(measured, projects, essential);
    ObjectNode out = JSON.createObjectNode();
    ObjectNode portfolio = out.putObject("portfolio");
    portfolio.put("projects", projects);
    portfolio.put("missionEssentialProjects", essential);
    portfolio.put("packages", ranked.size());
    ArrayNode packages = out.putArray("packages");
    for (PackageReach r : ranked.subList(0, Math.min(top, ranked.size()))) {
      ObjectNode p = JSON.valueToTree(r);
      p.put("distinctVersions", r.distinctVersions());
      packages.add(p);
    }
    return out;
  }
}
