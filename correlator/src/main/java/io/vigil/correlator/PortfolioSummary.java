package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.core.osv.SeverityScore;
import io.vigil.events.v1.ExposureEvent;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The open exposures of the portfolio, summed: how many, by severity and KEV, and the packages,
 * advisories and projects with the most ({@code GET /api/v1/exposures/summary}). Each instance sums
 * its partitions of {@code exposures-store} ({@link #partial()}), the instance asked merges them
 * ({@link #merge(JsonNode)}): projects are merged by id, so a project exposed in several partitions
 * counts once everywhere. A suppressed exposure (triage: its decision is {@code not_affected} or
 * {@code false_positive}) is not open: it is only counted apart ({@code suppressed}). Pure.
 */
final class PortfolioSummary {
  /** Severities from the worst; an exposure without one is {@code UNKNOWN}. */
  static final List<String> SEVERITIES = List.of("CRITICAL", "HIGH", "MEDIUM", "LOW", "UNKNOWN");

  /** SSVC outcomes from the most urgent; an exposure without a decision is {@code NONE}. */
  static final List<String> SSVC = List.of("ACT", "ATTEND", "TRACK_STAR", "TRACK", "NONE");

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** One project: its name, worst severity (index in {@link #SEVERITIES}), KEV, exposures. */
  private static final class Project {
    String name;
    int worst = SEVERITIES.size() - 1;
    int worstSsvc = SSVC.size() - 1;
    boolean kev;
    long exposures;
  }

  /** One package or advisory: its exposures and the projects exposed through it. */
  private static final class Group {
    String label;
    String detail;
    int severity = SEVERITIES.size() - 1;
    boolean kev;
    long exposures;
    final Set<String> projects = new TreeSet<>();
  }

  private final Map<String, Project> projects = new HashMap<>();
  private final Map<String, Group> packages = new HashMap<>();
  private final Map<String, Group> advisories = new HashMap<>();
  private final long[] bySeverity = new long[SEVERITIES.size()];
  private final long[] bySsvc = new long[SSVC.size()];
  private long exposures;
  private long kev;
  private long suppressed;

  /** Adds one stored exposure: open, or counted apart when its decision suppresses it. */
  void add(ExposureEvent e) {
    if (ExposureTriage.suppressed(e)) {
      suppressed++;
      return;
    }
    String projectId = e.getProjectId();
    int severity = rank(e.getAdvisory().getSeverity());
    boolean inKev = e.getKev() != null;
    String purl = e.getComponent().getPurl();
    String packageKey = e.getComponent().getPackageKey();
    if (packageKey == null && purl != null) {
      packageKey = PackageKeys.ofPurl(purl);
    }
    int ssvc =
        e.getSsvc() == null || e.getSsvc().getOutcome() == null
            ? SSVC.size() - 1
            : SSVC.indexOf(e.getSsvc().getOutcome().name());
    bySsvc[ssvc]++;
    Project owner = projects.computeIfAbsent(projectId, x -> new Project());
    owner.worstSsvc = Math.min(owner.worstSsvc, ssvc);
    count(
        projectId,
        e.getProject(),
        severity,
        inKev,
        1,
        packageKey == null ? purl : packageKey,
        packageWithoutVersion(purl),
        e.getAdvisory().getId(),
        e.getAdvisory().getVulnerabilityId());
  }

  private void count(
      String projectId,
      String projectName,
      int severity,
      boolean inKev,
      long n,
      String packageKey,
      String packagePurl,
      String advisory,
      String vulnerability) {
    exposures += n;
    bySeverity[severity] += n;
    if (inKev) {
      kev += n;
    }
    Project p = projects.computeIfAbsent(projectId, x -> new Project());
    p.name = projectName;
    p.worst = Math.min(p.worst, severity);
    p.kev |= inKev;
    p.exposures += n;
    if (packageKey != null) {
      Group g = packages.computeIfAbsent(packageKey, x -> new Group());
      g.label = packageKey;
      g.detail = packagePurl;
      g.exposures += n;
      g.projects.add(projectId);
    }
    Group a = advisories.computeIfAbsent(advisory, x -> new Group());
    a.label = advisory;
    a.detail = vulnerability;
    a.severity = Math.min(a.severity, severity);
    a.kev |= inKev;
    a.exposures += n;
    a.projects.add(projectId);
  }

  /** What one instance sends the one that merges: every project, package and advisory. */
  ObjectNode partial() {
    ObjectNode n = JSON.objectNode();
    n.put("exposures", exposures);
    n.put("kev", kev);
    n.put("suppressed", suppressed);
    ArrayNode sev = n.putArray("bySeverity");
    for (long c : bySeverity) {
      sev.add(c);
    }
    ArrayNode ssvc = n.putArray("bySsvc");
    for (long c : bySsvc) {
      ssvc.add(c);
    }
    ObjectNode ps = n.putObject("projects");
    projects.forEach(
        (id, p) -> {
          ObjectNode o = ps.putObject(id);
          o.put("name", p.name);
          o.put("worst", p.worst);
          o.put("worstSsvc", p.worstSsvc);
          o.put("kev", p.kev);
          o.put("exposures", p.exposures);
        });
    n.set("packages", groups(packages));
    n.set("advisories", groups(advisories));
    return n;
  }

  private static ObjectNode groups(Map<String, Group> groups) {
    ObjectNode out = JSON.objectNode();
    groups.forEach(
        (k, g) -> {
          ObjectNode o = out.putObject(k);
          o.put("detail", g.detail);
          o.put("severity", g.severity);
          o.put("kev", g.kev);
          o.put("exposures", g.exposures);
          ArrayNode ids = o.putArray("projects");
          g.projects.forEach(ids::add);
        });
    return out;
  }

  /** Adds another instance's {@link #partial()}. */
  void merge(JsonNode partial) {
    exposures += partial.path("exposures").asLong();
    kev += partial.path("kev").asLong();
    suppressed += partial.path("suppressed").asLong();
    for (int i = 0; i < bySeverity.length; i++) {
      bySeverity[i] += partial.path("bySeverity").path(i).asLong();
    }
    for (int i = 0; i < bySsvc.length; i++) {
      bySsvc[i] += partial.path("bySsvc").path(i).asLong();
    }
    partial
        .path("projects")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode o = e.getValue();
              Project p = projects.computeIfAbsent(e.getKey(), x -> new Project());
              p.name = o.path("name").asText();
              p.worst = Math.min(p.worst, o.path("worst").asInt());
              p.worstSsvc = Math.min(p.worstSsvc, o.path("worstSsvc").asInt(SSVC.size() - 1));
              p.kev |= o.path("kev").asBoolean();
              p.exposures += o.path("exposures").asLong();
            });
    mergeGroups(partial.path("packages"), packages);
    mergeGroups(partial.path("advisories"), advisories);
  }

  private static void mergeGroups(JsonNode from, Map<String, Group> into) {
    from.fields()
        .forEachRemaining(
            e -> {
              JsonNode o = e.getValue();
              Group g = into.computeIfAbsent(e.getKey(), x -> new Group());
              g.label = e.getKey();
              g.detail = o.path("detail").isNull() ? null : o.path("detail").asText();
              g.severity = Math.min(g.severity, o.path("severity").asInt());
              g.kev |= o.path("kev").asBoolean();
              g.exposures += o.path("exposures").asLong();
              o.path("projects").forEach(id -> g.projects.add(id.asText()));
            });
  }

  /**
   * The answer: totals, exposures and projects by severity (a project counts under its worst) and
   * by SSVC outcome (likewise; {@code NONE}: no decision on the exposure), KEV, the suppressed
   * exposures (counted apart, in nothing else), and the {@code top} packages, advisories (by
   * projects exposed, then exposures) and projects (worst severity, KEV, then exposures).
   */
  ObjectNode answer(int top) {
    ObjectNode n = JSON.objectNode();
    n.put("exposures", exposures);
    n.put("projects", projects.size());
    n.put("suppressed", suppressed);
    long[] projectsBySeverity = new long[SEVERITIES.size()];
    long kevProjects = 0;
    for (Project p : projects.values()) {
      projectsBySeverity[p.worst]++;
      kevProjects += p.kev ? 1 : 0;
    }
    ObjectNode k = n.putObject("kev");
    k.put("exposures", kev);
    k.put("projects", kevProjects);
    ArrayNode sev = n.putArray("bySeverity");
    for (int i = 0; i < SEVERITIES.size(); i++) {
      ObjectNode o = sev.addObject();
      o.put("severity", SEVERITIES.get(i));
      o.put("exposures", bySeverity[i]);
      o.put("projects", projectsBySeverity[i]);
    }
    long[] projectsBySsvc = new long[SSVC.size()];
    for (Project p : projects.values()) {
      projectsBySsvc[p.worstSsvc]++;
    }
    ArrayNode ssvc = n.putArray("bySsvc");
    for (int i = 0; i < SSVC.size(); i++) {
      ObjectNode o = ssvc.addObject();
      o.put("outcome", SSVC.get(i));
      o.put("exposures", bySsvc[i]);
      o.put("projects", projectsBySsvc[i]);
    }
    ArrayNode pk = n.putArray("topPackages");
    for (Group g : top(packages, top)) {
      ObjectNode o = pk.addObject();
      o.put("package", g.label);
      o.put("purl", g.detail);
      o.put("exposures", g.exposures);
      o.put("projects", g.projects.size());
    }
    ArrayNode ad = n.putArray("topAdvisories");
    for (Group g : top(advisories, top)) {
      ObjectNode o = ad.addObject();
      o.put("advisory", g.label);
      o.put("vulnerability", g.detail);
      o.put("severity", SEVERITIES.get(g.severity));
      o.put("kev", g.kev);
      o.put("exposures", g.exposures);
      o.put("projects", g.projects.size());
    }
    ArrayNode pr = n.putArray("topProjects");
    List<Map.Entry<String, Project>> ranked = new ArrayList<>(projects.entrySet());
    ranked.sort(
        Comparator.<Map.Entry<String, Project>>comparingInt(e -> e.getValue().worst)
            .thenComparing(e -> !e.getValue().kev)
            .thenComparing(e -> -e.getValue().exposures)
            .thenComparing(Map.Entry::getKey));
    for (var e : ranked.subList(0, Math.min(top, ranked.size()))) {
      ObjectNode o = pr.addObject();
      o.put("projectId", e.getKey());
      o.put("project", e.getValue().name);
      o.put("worstSeverity", SEVERITIES.get(e.getValue().worst));
      o.put("kev", e.getValue().kev);
      o.put("exposures", e.getValue().exposures);
    }
    return n;
  }

  private static List<Group> top(Map<String, Group> groups, int n) {
    List<Group> all = new ArrayList<>(groups.values());
    all.sort(
        Comparator.<Group>comparingInt(g -> -g.projects.size())
            .thenComparing(g -> -g.exposures)
            .thenComparing(g -> g.label));
    return all.subList(0, Math.min(n, all.size()));
  }

  /** The index of a severity rating in {@link #SEVERITIES} ({@code UNKNOWN} for anything else). */
  static int rank(String severity) {
    // core's one word table (MODERATE → MEDIUM, IMPORTANT → HIGH, ...); NONE counts as UNKNOWN
    String s = SeverityScore.normaliseRating(severity);
    int i = s == null ? -1 : SEVERITIES.indexOf(s);
    return i < 0 ? SEVERITIES.size() - 1 : i;
  }

  /** {@code pkg:maven/g/a@1.0?x=y} → {@code pkg:maven/g/a}: the package a purl names. */
  static String packageWithoutVersion(String purl) {
    if (purl == null) {
      return null;
    }
    String p = purl;
    int cut = p.length();
    for (char c : new char[] {'?', '#'}) {
      int i = p.indexOf(c);
      if (i >= 0) {
        cut = Math.min(cut, i);
      }
    }
    p = p.substring(0, cut);
    int at = p.lastIndexOf('@');
    int slash = p.lastIndexOf('/');
    return at > slash ? p.substring(0, at) : p;
  }
}
