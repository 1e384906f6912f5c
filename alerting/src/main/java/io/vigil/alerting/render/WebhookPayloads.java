package io.vigil.alerting.render;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import io.vigil.alerting.render.AlertView.Link;
import io.vigil.alerting.render.AlertView.Vulnerability;
import java.time.Instant;

/**
 * Pure: an alert → the generic webhook's JSON (version 1). Every group is listed (no truncation):
 * receivers are programs. {@code resolvedIn} (added within version 1) is the version of the SBOM
 * whose update resolved a RESOLVED change, or null; links are built from identifiers ({@link
 * Links}).
 *
 * <pre>
 * {"version": 1, "deliveryId": "…", "channel": "…",
 *  "kind": "DIGEST|INVENTORY|RESOLUTIONS|MALICIOUS|OVERDUE|ISSUE",
 *  "text": "…", "sentAt": "…",
 *  "changes": [{"change": "OPENED|MORE_COMPONENTS|ESCALATED|RESOLVED|OVERDUE", "projectId": "…",
 *     "overdue": {"since", "basis", "bySeconds"}|absent,
 *     "project": "…", "projectVersion": …, "resolvedIn": "1.5.0"|null, "vulnerability": {"id", "aliases", "summary",
 *     "severity", "score", "vector", "kev": {…}|null, "epss": {…}|null, "links": [{"title","url"}]},
 *     "components": [{"component", "version", "smallestFix", "fixedVersions",
 *        "fix": {"smallest", "sameLine", "change", "crossesMajor"}|absent, "path": "via …"|absent,
 *        "paths": {"reach", "depth", "via", "paths", "pathCount"}|absent,
 *        "forcedUpgrades": [{"tool", "file", "text"}]}],
 *     "exposureIds": […], "eventIds": […], "firstTriggeredAt": "…"}]}
 * </pre>
 */
public final class WebhookPayloads {
  private WebhookPayloads() {}

  public static ObjectNode payload(AlertView view, int maxListed, Instant sentAt) {
    ObjectNode root = SlackMessages.JSON.createObjectNode();
    root.put("version", 1);
    root.put("deliveryId", view.alert().deliveryId());
    root.put("channel", view.alert().channel());
    root.put("kind", view.alert().kind().name());
    root.put("text", AlertText.text(view, maxListed));
    root.put("sentAt", sentAt.toString());
    ArrayNode changes = root.putArray("changes");
    for (Group g : view.groups()) {
      ObjectNode c = changes.addObject();
      c.put("change", g.change().name());
      c.put("projectId", g.projectId());
      c.put("project", g.project());
      c.put("projectVersion", g.projectVersion());
      c.put("resolvedIn", g.resolvedIn());
      if (g.overdue() != null) {
        c.putObject("overdue")
            .put("since", g.overdue().since().toString())
            .put("basis", g.overdue().basis())
            .put("bySeconds", g.overdue().by().toSeconds());
      }
      vulnerability(c.putObject("vulnerability"), g.vulnerability());
      ArrayNode comps = c.putArray("components");
      for (Component x : g.components()) {
        ObjectNode o = comps.addObject();
        o.put("component", x.component());
        o.put("version", x.version());
        o.put("smallestFix", x.smallestFix());
        if (x.distro() != null) {
          o.put("distro", x.distro());
        }
        ArrayNode fv = o.putArray("fixedVersions");
        x.fixedVersions().forEach(fv::add);
        if (x.fix() != null) {
          ObjectNode f = o.putObject("fix");
          f.put("smallest", x.fix().getSmallest());
          f.put("sameLine", x.fix().getSameLine());
          f.put("change", x.fix().getChange().name());
          f.put("crossesMajor", x.fix().getCrossesMajor());
        }
        if (x.paths() != null) {
          o.put("path", x.pathLabel());
          ObjectNode p = o.putObject("paths");
          p.put("reach", x.paths().getReach().name());
          p.put("depth", x.paths().getDepth());
          ArrayNode via = p.putArray("via");
          x.paths().getVia().forEach(via::add);
          ArrayNode all = p.putArray("paths");
          x.paths().getPaths().forEach(path -> path.forEach(all.addArray()::add));
          p.put("pathCount", x.paths().getPathCount());
        }
        ArrayNode force = o.putArray("forcedUpgrades");
        for (var f : x.forcedUpgrades()) {
          force.addObject().put("tool", f.tool()).put("file", f.file()).put("text", f.text());
        }
      }
      ArrayNode ids = c.putArray("exposureIds");
      g.exposureIds().forEach(ids::add);
      ArrayNode ev = c.putArray("eventIds");
      g.eventIds().forEach(ev::add);
      c.put(
          "firstTriggeredAt",
          g.firstTriggeredAt() == null ? null : g.firstTriggeredAt().toString());
    }
    return root;
  }

  static void vulnerability(ObjectNode o, Vulnerability v) {
    o.put("id", v.id());
    ArrayNode al = o.putArray("aliases");
    v.aliases().forEach(al::add);
    o.put("summary", v.summary());
    o.put("severity", v.severity());
    if (v.score() == null) {
      o.putNull("score");
    } else {
      o.put("score", v.score());
    }
    o.put("vector", v.vector());
    if (v.kev() == null) {
      o.putNull("kev");
    } else {
      ObjectNode k = o.putObject("kev");
      k.put("cveId", v.kev().getCveId());
      k.put("dateAdded", String.valueOf(v.kev().getDateAdded()));
      k.put("dueDate", v.kev().getDueDate() == null ? null : v.kev().getDueDate().toString());
      k.put("knownRansomwareCampaignUse", v.kev().getKnownRansomwareCampaignUse());
    }
    if (v.epss() == null) {
      o.putNull("epss");
    } else {
      ObjectNode e = o.putObject("epss");
      e.put("cveId", v.epss().getCveId());
      e.put("score", v.epss().getScore());
      e.put("percentile", v.epss().getPercentile());
    }
    ArrayNode links = o.putArray("links");
    for (Link l : v.links()) {
      links.addObject().put("title", l.title()).put("url", l.url());
    }
  }
}
