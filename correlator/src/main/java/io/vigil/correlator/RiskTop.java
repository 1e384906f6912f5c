package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.project.Criticality;
import io.vigil.core.risk.PackageReach;
import io.vigil.core.risk.PackageUse;
import io.vigil.core.risk.SystemicRisk;
import io.vigil.events.v1.ComponentEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * {@code GET /api/v1/risk/top}: the packages whose compromise would reach the most critical
 * projects (core's {@link SystemicRisk}, the ranking of {@code vigil risk top}), from {@code
 * components-store}. Each instance measures the partitions it owns ({@link Partial}); the answering
 * instance merges the parts with {@link SystemicRisk#merge}, which is exact because a project's
 * components of one package lie in one package shard. The portfolio is the projects that ship at
 * least one component; a project's criticality is the one its component events carry.
 */
final class RiskTop {
  private static final ObjectMapper JSON = new ObjectMapper();

  private RiskTop() {}

  /** One instance's part: its partitions' components read into uses and criticalities. */
  static final class Partial {
    private final Map<String, Criticality> criticality = new HashMap<>();
    private final List<PackageUse> uses = new ArrayList<>();

    void add(ComponentEvent c) {
      var component = c.getComponent();
      if (component.getPackageKey() == null) {
        return; // a component without a package identity is matched against nothing
      }
      uses.add(
          new PackageUse(
              c.getProjectId(),
              component.getPackageKey(),
              component.getVersion(),
              component.getDirect()));
      Criticality known = SsvcOfExposure.context(c.getProjectContext()).criticality();
      if (known != null || !criticality.containsKey(c.getProjectId())) {
        criticality.put(c.getProjectId(), known);
      }
    }

    /** {@code {projects: [...], missionEssential: [...], packages: [PackageReach...]}}. */
    ObjectNode json() {
      ObjectNode n = JSON.createObjectNode();
      ArrayNode projects = n.putArray("projects");
      ArrayNode essential = n.putArray("missionEssential");
      new TreeSet<>(criticality.keySet())
          .forEach(
              p -> {
                projects.add(p);
                if (criticality.get(p) == Criticality.MISSION_ESSENTIAL) {
                  essential.add(p);
                }
              });
      n.set("packages", JSON.valueToTree(SystemicRisk.measure(criticality, uses)));
      return n;
    }
  }

  /** The answer from every instance's part: the portfolio's size and the first {@code top}. */
  static ObjectNode answer(List<JsonNode> parts, int top) {
    TreeSet<String> projects = new TreeSet<>();
    TreeSet<String> essential = new TreeSet<>();
    List<List<PackageReach>> measured = new ArrayList<>();
    for (JsonNode part : parts) {
      part.path("projects").forEach(p -> projects.add(p.asText()));
      part.path("missionEssential").forEach(p -> essential.add(p.asText()));
      measured.add(
          JSON.convertValue(
              part.path("packages"),
              JSON.getTypeFactory().constructCollectionType(List.class, PackageReach.class)));
    }
    List<PackageReach> ranked = SystemicRisk.merge(measured, projects.size(), essential.size());
    ObjectNode out = JSON.createObjectNode();
    ObjectNode portfolio = out.putObject("portfolio");
    portfolio.put("projects", projects.size());
    portfolio.put("missionEssentialProjects", essential.size());
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
