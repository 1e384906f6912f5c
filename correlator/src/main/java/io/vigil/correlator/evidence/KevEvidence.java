package io.vigil.correlator.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.remediation.RemediationClock;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.core.ssvc.SsvcOutcome;
import io.vigil.events.v1.ExposureAnalysis;
import io.vigil.events.v1.ExposureCause;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import io.vigil.events.v1.KevStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: the evidence for one actively exploited vulnerability (CISA KEV; issue 16 item 6): every
 * affected product (project) and version, how it reaches the component, when the organisation first
 * saw it, what it decided (triage) and whether it fixed it, each against the due date — the
 * material of an EU CRA early warning or a BOD 22-01 report. Folds exposure events of the CVE (its
 * id, the advisory's id or an alias) in order: the correlator's resolved exposures (their RESOLVED
 * events, {@code resolved-exposures-store}) then its current state (open and suppressed exposures),
 * or an event history; RESOLVED events say what was fixed and when, and the last event of an
 * exposure is its state (an exposure that opened again after its fix is open). One row per project
 * and component (its advisories of the CVE together). Each instance folds its partitions, the
 * instance asked merges the rows ({@link #merge}); every exposure lives in one partition, so the
 * merge is a union.
 */
public final class KevEvidence {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** What is known of one exposure. */
  private static final class Exposure {
    ExposureEvent last;
    Instant firstSeen;
  }

  private final String cve;
  private final SlaPolicy policy;
  private final Instant asOf;
  private final Map<String, Exposure> exposures = new TreeMap<>();
  private final Map<String, ObjectNode> merged = new TreeMap<>();
  private ObjectNode kev;

  public KevEvidence(String cve, SlaPolicy policy, Instant asOf) {
    this.cve = cve.strip().toUpperCase(Locale.ROOT);
    this.policy = policy;
    this.asOf = asOf;
  }

  /** Whether an exposure event is about this vulnerability. */
  public boolean concerns(ExposureEvent e) {
    var a = e.getAdvisory();
    if (cve.equalsIgnoreCase(a.getVulnerabilityId()) || cve.equalsIgnoreCase(a.getId())) {
      return true;
    }
    for (String alias : a.getAliases()) {
      if (cve.equalsIgnoreCase(alias)) {
        return true;
      }
    }
    return e.getKev() != null && cve.equalsIgnoreCase(e.getKev().getCveId());
  }

  /** Adds one event (in order when from a history). */
  public void add(ExposureEvent e) {
    if (!concerns(e)) {
      return;
    }
    Exposure x = exposures.computeIfAbsent(e.getExposureId(), k -> new Exposure());
    x.last = e;
    if (x.firstSeen == null) {
      x.firstSeen = e.getFirstSeenAt();
    }
    if (e.getKev() != null) {
      kev = kevNode(e.getKev());
    }
  }

  /** One row per project and component. */
  private Map<String, ObjectNode> rows() {
    Map<String, List<Exposure>> byComponent = new TreeMap<>();
    for (Exposure x : exposures.values()) {
      byComponent
          .computeIfAbsent(
              x.last.getProjectId() + "\u001F" + x.last.getComponent().getPurl(),
              k -> new ArrayList<>())
          .add(x);
    }
    Map<String, ObjectNode> out = new TreeMap<>(merged);
    for (var e : byComponent.entrySet()) {
      out.put(e.getKey(), row(e.getValue()));
    }
    return out;
  }

  private ObjectNode row(List<Exposure> xs) {
    xs.sort(Comparator.comparing((Exposure x) -> x.last.getAdvisory().getId()));
    ExposureEvent e = xs.get(0).last;
    ObjectNode n = JSON.objectNode();
    n.put("projectId", e.getProjectId());
    n.put("project", e.getProject());
    n.put("projectVersion", e.getProjectVersion());
    var ctx = e.getProjectContext();
    n.put("team", ctx == null ? null : ctx.getTeam());
    n.put("owner", ctx == null ? null : ctx.getOwner());
    n.put("purl", e.getComponent().getPurl());
    n.put("version", e.getComponent().getVersion());
    ArrayNode advisories = n.putArray("advisories");
    xs.forEach(x -> advisories.add(x.last.getAdvisory().getId()));
    if (e.getPaths() != null) {
      n.put("reach", e.getPaths().getReach().name());
      ArrayNode via = n.putArray("via");
      e.getPaths().getVia().forEach(via::add);
      ArrayNode path = n.putArray("path");
      if (!e.getPaths().getPaths().isEmpty()) {
        e.getPaths().getPaths().get(0).forEach(path::add);
      }
    } else {
      n.put("reach", "UNKNOWN");
    }
    Instant firstSeen = null;
    String status = "FIXED";
    Instant fixedAt = null;
    Instant resolvedAt = null;
    ExposureAnalysis decision = null;
    SsvcOutcome outcome = null;
    for (Exposure x : xs) {
      if (x.firstSeen != null && (firstSeen == null || x.firstSeen.isBefore(firstSeen))) {
        firstSeen = x.firstSeen;
      }
      ExposureEvent last = x.last;
      String s = status(last);
      status = worse(status, s);
      if (s.equals("FIXED") && (fixedAt == null || last.getTriggeredAt().isAfter(fixedAt))) {
        fixedAt = last.getTriggeredAt();
      }
      if (last.getType() == ExposureType.RESOLVED
          && (resolvedAt == null || last.getTriggeredAt().isAfter(resolvedAt))) {
        resolvedAt = last.getTriggeredAt();
      }
      if (last.getAnalysis() != null
          && (decision == null
              || last.getAnalysis().getDecidedAt().isAfter(decision.getDecidedAt()))) {
        decision = last.getAnalysis();
      }
      if (last.getSsvc() != null) {
        SsvcOutcome o = SsvcOutcome.valueOf(last.getSsvc().getOutcome().name());
        outcome = outcome == null || o.compareTo(outcome) > 0 ? o : outcome;
      }
    }
    n.put("status", status);
    n.put("ssvc", outcome == null ? null : outcome.label());
    n.put("firstSeenAt", firstSeen == null ? null : firstSeen.toString());
    if (decision != null) {
      ObjectNode d = n.putObject("decision");
      d.put("state", decision.getState().name());
      d.put(
          "justification",
          decision.getJustification() == null ? null : decision.getJustification().name());
      d.put("detail", decision.getDetail());
      d.put("author", decision.getAuthor());
      d.put("source", decision.getSource().name());
      d.put("decidedAt", decision.getDecidedAt().toString());
    } else {
      n.putNull("decision");
    }
    n.put("fixedAt", fixedAt == null ? null : fixedAt.toString());
    // FIXED or RESOLVED: when (the last of its advisories) stopped applying
    n.put(
        "resolvedAt",
        resolvedAt == null || !(status.equals("FIXED") || status.equals("RESOLVED"))
            ? null
            : resolvedAt.toString());
    n.put(
        "upgradeTo",
        e.getComponentFix() != null ? e.getComponentFix().getSmallest() : e.getSmallestFix());
    if (firstSeen != null) {
      SlaPolicy.Due due =
          policy.dueAt(
              firstSeen,
              e.getAdvisory().getSeverity(),
              outcome,
              e.getKev() == null ? null : e.getKev().getDueDate());
      n.put("dueAt", due.at().toString());
      n.put("dueBasis", due.basis());
      Instant ended =
          status.equals("FIXED") || status.equals("RESOLVED")
              ? fixedAt
              : status.equals("SUPPRESSED") && decision != null ? decision.getDecidedAt() : null;
      RemediationClock c = new RemediationClock(firstSeen, due, ended, status.equals("FIXED"));
      // fixed or decided by the due date; open: not (yet) late
      n.put("withinDeadline", ended != null ? !ended.isAfter(due.at()) : !c.overdue(asOf));
    } else {
      n.putNull("dueAt");
      n.putNull("dueBasis");
      n.putNull("withinDeadline");
    }
    return n;
  }

  /** OPEN, SUPPRESSED (decided not affected / false positive), FIXED, RESOLVED (other). */
  private static String status(ExposureEvent e) {
    if (e.getType() == ExposureType.RESOLVED) {
      return e.getCause() == ExposureCause.COMPONENT_REMOVED ? "FIXED" : "RESOLVED";
    }
    if (e.getType() == ExposureType.SUPPRESSED) {
      return "SUPPRESSED";
    }
    return "OPEN";
  }

  private static final List<String> ORDER = List.of("FIXED", "RESOLVED", "SUPPRESSED", "OPEN");

  private static String worse(String a, String b) {
    return ORDER.indexOf(a) >= ORDER.indexOf(b) ? a : b;
  }

  private static ObjectNode kevNode(KevStatus k) {
    ObjectNode n = JSON.objectNode();
    n.put("cveId", k.getCveId());
    n.put("dateAdded", k.getDateAdded().toString());
    n.put("dueDate", k.getDueDate() == null ? null : k.getDueDate().toString());
    n.put("knownRansomwareCampaignUse", k.getKnownRansomwareCampaignUse());
    return n;
  }

  // ------------------------------------------------------------------ partials

  public ObjectNode partial() {
    ObjectNode n = JSON.objectNode();
    n.set("kev", kev);
    ObjectNode rows = n.putObject("rows");
    rows().forEach(rows::set);
    return n;
  }

  public void merge(JsonNode partial) {
    if (partial.hasNonNull("kev")) {
      kev = (ObjectNode) partial.get("kev").deepCopy();
    }
    partial
        .path("rows")
        .fields()
        .forEachRemaining(e -> merged.put(e.getKey(), (ObjectNode) e.getValue().deepCopy()));
  }

  /** The evidence: the vulnerability, a summary, and one row per affected project component. */
  public ObjectNode answer() {
    Map<String, ObjectNode> rows = rows();
    ObjectNode n = JSON.objectNode();
    n.put("vulnerability", cve);
    n.put("asOf", asOf.toString());
    n.set("kev", kev);
    ObjectNode s = n.putObject("summary");
    TreeSet<String> projects = new TreeSet<>();
    int open = 0;
    int suppressed = 0;
    int fixed = 0;
    int late = 0;
    String earliest = null;
    for (ObjectNode r : rows.values()) {
      projects.add(r.path("projectId").asText());
      switch (r.path("status").asText()) {
        case "OPEN" -> open++;
        case "SUPPRESSED" -> suppressed++;
        case "FIXED" -> fixed++;
        default -> {}
      }
      if (r.path("withinDeadline").isBoolean() && !r.path("withinDeadline").asBoolean()) {
        late++;
      }
      String f = r.path("firstSeenAt").asText(null);
      if (f != null && (earliest == null || f.compareTo(earliest) < 0)) {
        earliest = f;
      }
    }
    s.put("products", projects.size());
    s.put("components", rows.size());
    s.put("open", open);
    s.put("suppressed", suppressed);
    s.put("fixed", fixed);
    s.put("resolvedOtherwise", rows.size() - open - suppressed - fixed);
    s.put("late", late);
    s.put("firstSeenAt", earliest);
    ArrayNode list = n.putArray("affected");
    rows.values().forEach(list::add);
    return n;
  }
}
