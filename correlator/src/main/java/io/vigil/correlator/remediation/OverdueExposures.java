package io.vigil.correlator.remediation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.remediation.RemediationClock;
import io.vigil.core.remediation.SlaPolicy;
import io.vigil.core.ssvc.SsvcOutcome;
import io.vigil.events.v1.ExposureEvent;
import io.vigil.events.v1.ExposureType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Pure: the open, unsuppressed exposures past their due date at an instant (issue 16 item 5), with
 * a count per team. Each instance folds its partitions of {@code exposures-store} ({@link #add})
 * into a {@link #partial()} (its counts, its teams' project ids, and its {@code limit} earliest due
 * exposures), the instance asked merges them ({@link #merge}): exact, since every exposure is
 * stored in one partition and the earliest {@code limit} of the whole are among the partials'
 * earliest. An exposure whose first-seen time is unknown (opened before exposures carried {@code
 * firstSeenAt}) is counted apart, never guessed overdue.
 */
public final class OverdueExposures {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One overdue exposure (the query API's item). */
  record Row(Instant due, String exposureId, ObjectNode json) {}

  private static final Comparator<Row> EARLIEST =
      Comparator.comparing(Row::due).thenComparing(Row::exposureId);

  private final SlaPolicy policy;
  private final Instant now;
  private final String team;
  private final int limit;
  private final List<Row> rows = new ArrayList<>();
  private final Map<String, Set<String>> teamProjects = new TreeMap<>();
  private final Map<String, Integer> teamOverdue = new TreeMap<>();
  private long open;
  private long overdue;
  private long suppressed;
  private long unknownFirstSeen;

  /**
   * @param team only this team's projects (null: every project)
   * @param limit how many overdue exposures to list (earliest due first)
   */
  public OverdueExposures(SlaPolicy policy, Instant now, String team, int limit) {
    this.policy = policy;
    this.now = now;
    this.team = team;
    this.limit = limit;
  }

  /** The clock of an open exposure, or null when its first-seen time is unknown. */
  public static RemediationClock clock(SlaPolicy policy, ExposureEvent e) {
    if (e.getFirstSeenAt() == null) {
      return null;
    }
    SsvcOutcome outcome =
        e.getSsvc() == null ? null : SsvcOutcome.valueOf(e.getSsvc().getOutcome().name());
    SlaPolicy.Due due =
        policy.dueAt(
            e.getFirstSeenAt(),
            e.getAdvisory().getSeverity(),
            outcome,
            e.getKev() == null ? null : e.getKev().getDueDate());
    return RemediationClock.open(e.getFirstSeenAt(), due);
  }

  /** Adds one stored exposure; {@code isSuppressed}: triage suppressed it. */
  public void add(ExposureEvent e, boolean isSuppressed) {
    if (e.getType() == ExposureType.RESOLVED) {
      return;
    }
    String t = teamOf(e);
    if (team != null && !team.equals(t)) {
      return;
    }
    if (isSuppressed) {
      suppressed++;
      return;
    }
    open++;
    RemediationClock c = clock(policy, e);
    if (c == null) {
      unknownFirstSeen++;
      return;
    }
    if (!c.overdue(now)) {
      return;
    }
    overdue++;
    String key = t == null ? "" : t;
    teamOverdue.merge(key, 1, Integer::sum);
    teamProjects.computeIfAbsent(key, k -> new TreeSet<>()).add(e.getProjectId());
    ObjectNode n = JSON.objectNode();
    n.put("exposureId", e.getExposureId());
    n.put("projectId", e.getProjectId());
    n.put("project", e.getProject());
    n.put("team", t);
    n.put("purl", e.getComponent().getPurl());
    n.put("advisory", e.getAdvisory().getId());
    n.put("vulnerability", e.getAdvisory().getVulnerabilityId());
    n.put("severity", e.getAdvisory().getSeverity());
    n.put("kev", e.getKev() != null);
    n.put("ssvc", e.getSsvc() == null ? null : e.getSsvc().getOutcome().name());
    n.put("firstSeenAt", c.firstSeen().toString());
    n.put("dueAt", c.due().at().toString());
    n.put("dueBasis", c.due().basis());
    n.put("exposedDays", days(c.exposedFor(now)));
    n.put("overdueDays", days(c.lateBy(now)));
    n.put(
        "upgradeTo",
        e.getComponentFix() != null ? e.getComponentFix().getSmallest() : e.getSmallestFix());
    keep(new Row(c.due().at(), e.getExposureId(), n));
  }

  private void keep(Row r) {
    rows.add(r);
    if (rows.size() > 2 * limit + 16) {
      rows.sort(EARLIEST);
      rows.subList(limit, rows.size()).clear();
    }
  }

  private static String teamOf(ExposureEvent e) {
    return e.getProjectContext() == null ? null : e.getProjectContext().getTeam();
  }

  private static double days(Duration d) {
    return Math.floor(d.toMinutes() / 144.0) / 10.0; // days, one decimal, rounded down
  }

  /** What one instance sends the one that merges. */
  public ObjectNode partial() {
    ObjectNode n = JSON.objectNode();
    n.put("open", open);
    n.put("overdue", overdue);
    n.put("suppressed", suppressed);
    n.put("unknownFirstSeen", unknownFirstSeen);
    ObjectNode teams = n.putObject("teams");
    for (var e : teamOverdue.entrySet()) {
      ObjectNode t = teams.putObject(e.getKey());
      t.put("overdue", e.getValue());
      teamProjects.get(e.getKey()).forEach(t.putArray("projects")::add);
    }
    ArrayNode list = n.putArray("exposures");
    earliest().forEach(r -> list.add(r.json()));
    return n;
  }

  /** Adds another instance's {@link #partial()}. */
  public void merge(JsonNode p) {
    open += p.path("open").asLong();
    overdue += p.path("overdue").asLong();
    suppressed += p.path("suppressed").asLong();
    unknownFirstSeen += p.path("unknownFirstSeen").asLong();
    p.path("teams")
        .fields()
        .forEachRemaining(
            e -> {
              teamOverdue.merge(e.getKey(), e.getValue().path("overdue").asInt(), Integer::sum);
              Set<String> ids = teamProjects.computeIfAbsent(e.getKey(), k -> new TreeSet<>());
              e.getValue().path("projects").forEach(x -> ids.add(x.asText()));
            });
    for (JsonNode x : p.path("exposures")) {
      keep(
          new Row(
              Instant.parse(x.path("dueAt").asText()),
              x.path("exposureId").asText(),
              (ObjectNode) x.deepCopy()));
    }
  }

  private List<Row> earliest() {
    rows.sort(EARLIEST);
    return rows.subList(0, Math.min(limit, rows.size()));
  }

  /** The answer: counts, per team (most overdue first), and the earliest due exposures. */
  public ObjectNode answer() {
    ObjectNode n = JSON.objectNode();
    n.put("asOf", now.toString());
    n.put("team", team);
    ObjectNode p = n.putObject("policy");
    p.put("criticalDays", policy.criticalDays());
    p.put("highDays", policy.highDays());
    p.put("mediumDays", policy.mediumDays());
    p.put("lowDays", policy.lowDays());
    p.put("unratedDays", policy.unratedDays());
    p.put("actDays", policy.actDays());
    p.put("attendDays", policy.attendDays());
    p.put("kevDueDate", policy.kevDueDate());
    n.put("open", open);
    n.put("overdue", overdue);
    n.put("suppressed", suppressed);
    n.put("unknownFirstSeen", unknownFirstSeen);
    List<Map.Entry<String, Integer>> teams = new ArrayList<>(teamOverdue.entrySet());
    teams.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
    ArrayNode byTeam = n.putArray("byTeam");
    for (var e : teams) {
      byTeam
          .addObject()
          .put("team", e.getKey().isEmpty() ? null : e.getKey())
          .put("overdue", e.getValue())
          .put("projects", teamProjects.get(e.getKey()).size());
    }
    ArrayNode list = n.putArray("exposures");
    earliest().forEach(r -> list.add(r.json()));
    return n;
  }

  public long overdue() {
    return overdue;
  }
}
