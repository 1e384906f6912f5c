package io.vigil.correlator.fixplan;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.fixplan.Tally;
import io.vigil.correlator.fixplan.FixPlan.Action;
import io.vigil.correlator.fixplan.FixPlan.Unfixed;
import java.util.List;

/**
 * The JSON form of a fix plan (the query API's answer, {@code vigil fix-plan --format json}).
 *
 * <pre>
 * {"project": "…", "open": TALLY, "suppressed": N, "actions": [{"rank": 1, "purl", "version",
 *   "upgradeTo", "change", "crossesMajor", "reach", "path": […], "pathCount", "via": […],
 *   "closes": TALLY, "ssvc": {"outcome": "ACT", "act", "attend", "trackStar", "track", "none"},
 *   "vulnerabilities": […], "force": [{"tool", "file", "text", "reference"}]}],
 *  "unfixed": [{"purl", "version", "open": TALLY, "vulnerabilities": […]}]}
 * TALLY = {"total", "critical", "high", "medium", "low", "unknown", "kev"}
 * </pre>
 */
public final class FixPlanJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private FixPlanJson() {}

  public static ObjectNode node(FixPlan plan) {
    ObjectNode root = JSON.createObjectNode();
    root.put("project", plan.project());
    tally(root.putObject("open"), plan.open());
    root.put("suppressed", plan.suppressed());
    ArrayNode actions = root.putArray("actions");
    int rank = 1;
    for (Action a : plan.actions()) {
      ObjectNode n = actions.addObject();
      n.put("rank", rank++);
      n.put("purl", a.purl());
      n.put("version", a.version());
      n.put("upgradeTo", a.upgradeTo());
      n.put("change", a.change());
      n.put("crossesMajor", a.crossesMajor());
      n.put("reach", a.reach());
      strings(n.putArray("path"), a.path());
      n.put("pathCount", a.pathCount());
      strings(n.putArray("via"), a.via());
      tally(n.putObject("closes"), a.closes());
      n.putObject("ssvc")
          .put("outcome", a.outcome().name())
          .put("act", a.ssvc().act())
          .put("attend", a.ssvc().attend())
          .put("trackStar", a.ssvc().trackStar())
          .put("track", a.ssvc().track())
          .put("none", a.ssvc().none());
      strings(n.putArray("vulnerabilities"), a.vulnerabilities());
      ArrayNode force = n.putArray("force");
      for (ForcedUpgrade f : a.force()) {
        force
            .addObject()
            .put("tool", f.tool())
            .put("file", f.file())
            .put("text", f.text())
            .put("reference", f.reference());
      }
    }
    ArrayNode unfixed = root.putArray("unfixed");
    for (Unfixed u : plan.unfixed()) {
      ObjectNode n = unfixed.addObject();
      n.put("purl", u.purl());
      n.put("version", u.version());
      tally(n.putObject("open"), u.open());
      strings(n.putArray("vulnerabilities"), u.vulnerabilities());
    }
    return root;
  }

  private static void tally(ObjectNode n, Tally t) {
    n.put("total", t.total());
    n.put("critical", t.critical());
    n.put("high", t.high());
    n.put("medium", t.medium());
    n.put("low", t.low());
    n.put("unknown", t.unknown());
    n.put("kev", t.kev());
  }

  private static void strings(ArrayNode a, List<String> values) {
    values.forEach(a::add);
  }
}
