package io.vigil.correlator;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.triage.AnalysisState;
import io.vigil.core.triage.Justification;
import io.vigil.events.v1.ComponentPaths;
import io.vigil.events.v1.ExposureAnalysis;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.Fix;
import java.util.List;
import java.util.Locale;

/**
 * The JSON-lines form of an exposure event ({@code vigil demo --exposures-out}, query API): the
 * fields other tools read, with stable names.
 */
public final class ExposureJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private ExposureJson() {}

  public static ObjectNode node(ExposureEvent e) {
    ObjectNode n = JSON.createObjectNode();
    n.put("type", e.getType().name());
    n.put("cause", e.getCause().name());
    n.put("project", e.getProject());
    n.put("projectVersion", e.getProjectVersion());
    n.put("projectId", e.getProjectId());
    n.put("purl", e.getComponent().getPurl());
    n.put("version", e.getComponent().getVersion());
    if (e.getComponent().getDirect() != null) {
      n.put("direct", e.getComponent().getDirect());
    }
    if (e.getComponent().getScope() != null) {
      n.put("scope", e.getComponent().getScope());
    }
    if (e.getDistroRelease() != null) {
      // a distro package: the release its match was judged in, and the source package a binary
      // was matched as
      n.put("release", e.getDistroRelease());
    }
    if (e.getComponent().getSourcePackage() != null) {
      n.put("sourcePackage", e.getComponent().getSourcePackage());
      if (e.getComponent().getSourceVersion() != null) {
        n.put("sourceVersion", e.getComponent().getSourceVersion());
      }
    }
    n.put("advisory", e.getAdvisory().getId());
    var aliases = n.putArray("aliases");
    e.getAdvisory().getAliases().forEach(aliases::add);
    n.put("vulnerability", e.getAdvisory().getVulnerabilityId());
    n.put("severity", e.getAdvisory().getSeverity());
    if (e.getAdvisory().getScore() != null) {
      n.put("score", e.getAdvisory().getScore());
    }
    var fixed = n.putArray("fixed");
    e.getFixedVersions().forEach(fixed::add);
    n.put("smallestFix", e.getSmallestFix());
    if (e.getFix() != null) {
      n.set("fix", fix(e.getFix()));
    }
    if (e.getComponentFix() != null) {
      n.set("componentFix", fix(e.getComponentFix()));
    }
    if (e.getPaths() != null) {
      n.set("paths", paths(e.getPaths()));
    }
    n.put("kev", e.getKev() != null);
    if (e.getEpss() != null) {
      n.put("epss", e.getEpss().getScore());
    }
    n.put("suppressed", ExposureTriage.suppressed(e));
    if (e.getAnalysis() != null) {
      n.set("analysis", analysis(e.getAnalysis()));
    }
    if (e.getSsvc() != null) {
      n.put("ssvc", e.getSsvc().getOutcome().name());
    }
    if (e.getMalicious()) {
      n.put("malicious", true);
    }
    n.put("exposureId", e.getExposureId());
    n.put("eventId", e.getEventId());
    n.put("triggeredAt", e.getTriggeredAt().toString());
    n.put("emittedAt", e.getEmittedAt().toString());
    if (e.getFirstSeenAt() != null) {
      n.put("firstSeenAt", e.getFirstSeenAt().toString());
    }
    return n;
  }

  /** The decision on an exposure (VEX export and the console read it). */
  static ObjectNode analysis(ExposureAnalysis a) {
    ObjectNode n = JSON.createObjectNode();
    n.put("key", a.getKey());
    n.put("vulnerability", a.getVulnerabilityId());
    n.put("scope", a.getScope().getKind().name());
    n.put("state", AnalysisState.valueOf(a.getState().name()).cycloneDx());
    if (a.getJustification() != null) {
      n.put("justification", Justification.valueOf(a.getJustification().name()).label());
    }
    var responses = n.putArray("responses");
    a.getResponses().forEach(r -> responses.add(r.name().toLowerCase(Locale.ROOT)));
    n.put("detail", a.getDetail());
    n.put("author", a.getAuthor());
    n.put("source", a.getSource().name());
    n.put("sourceRef", a.getSourceRef());
    n.put("decidedAt", a.getDecidedAt().toString());
    n.put("validUntil", a.getValidUntil() == null ? null : a.getValidUntil().toString());
    return n;
  }

  /** {@code {"smallest":…,"sameLine":…,"change":"MINOR","crossesMajor":false}}. */
  public static ObjectNode fix(Fix f) {
    ObjectNode n = JSON.createObjectNode();
    n.put("smallest", f.getSmallest());
    n.put("sameLine", f.getSameLine());
    n.put("change", f.getChange().name());
    n.put("crossesMajor", f.getCrossesMajor());
    return n;
  }

  /**
   * {@code {"reach":"TRANSITIVE","depth":2,"via":[…],"viaCount":1,"paths":[[…]],"pathCount":1}}.
   */
  public static ObjectNode paths(ComponentPaths p) {
    ObjectNode n = JSON.createObjectNode();
    n.put("reach", p.getReach().name());
    n.put("depth", p.getDepth());
    ArrayNode via = n.putArray("via");
    p.getVia().forEach(via::add);
    n.put("viaCount", p.getViaCount());
    ArrayNode paths = n.putArray("paths");
    for (List<String> path : p.getPaths()) {
      ArrayNode a = paths.addArray();
      path.forEach(a::add);
    }
    n.put("pathCount", p.getPathCount());
    if (p.getUnknownReason() != null) {
      n.put("unknownReason", p.getUnknownReason());
    }
    return n;
  }

  public static String line(ExposureEvent e) {
    return node(e).toString();
  }
}
