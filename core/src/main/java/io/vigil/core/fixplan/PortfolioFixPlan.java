package io.vigil.core.fixplan;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Pure: the portfolio's fix plan, per package, the upgrade that resolves its open, unsuppressed
 * exposures in every project (issue 16 item 4). Each instance folds its partitions of {@code
 * exposures-store} ({@link #add}) into a {@link #partial()}; the instance asked merges the partials
 * ({@link #merge(JsonNode)}) and answers ({@link #plan(int)}). Exact across partitions: exposures
 * are counted where they are stored (each in exactly one partition), projects are merged by id, and
 * the target is the highest component fix any partition names.
 *
 * <p>Per package (its package key): {@code upgradeTo}, the highest version that ends every finding
 * of a component of it (the exposures' {@code componentFix}, else {@code smallestFix}); the
 * projects with an exposure it resolves; the exposures it resolves by severity and KEV, and by SSVC
 * outcome; the exposures of the package no known version fixes ({@code unfixed}). Ranked by the
 * risk resolved: most Act, then KEV, critical, high, medium, low, then most exposures, then most
 * projects, then by package key.
 */
public final class PortfolioFixPlan {
  /** Which projects count: a team and a tag ({@code null}: any). */
  public record Filter(String team, String tag) {
    public static final Filter ALL = new Filter(null, null);

    /** Whether a project of this team with these tags counts. */
    public boolean accepts(String projectTeam, Collection<String> projectTags) {
      if (team != null && !team.equals(projectTeam)) {
        return false;
      }
      return tag == null || (projectTags != null && projectTags.contains(tag));
    }
  }

  /**
   * One upgrade of a package across the portfolio.
   *
   * @param packageKey the package (the correlator's package key)
   * @param purl the package's purl without a version (the first one seen)
   * @param upgradeTo the version that resolves every fixable exposure of it
   * @param projects the projects with an exposure it resolves
   * @param resolves the exposures it resolves, by severity and KEV
   * @param ssvc the same, by SSVC outcome
   * @param unfixed exposures of the package no known version fixes
   */
  public record Upgrade(
      String packageKey,
      String purl,
      String upgradeTo,
      int projects,
      Tally resolves,
      Ssvc ssvc,
      int unfixed) {}

  /**
   * @param projects projects with at least one open, unsuppressed exposure (after the filter)
   * @param open their open, unsuppressed exposures
   * @param suppressed open exposures left out because triage suppressed them
   * @param packages how many packages an upgrade resolves something of
   * @param upgrades the top upgrades, most risk resolved first
   */
  public record Plan(
      Filter filter,
      int projects,
      Tally open,
      int suppressed,
      int packages,
      List<Upgrade> upgrades) {}

  private static final class Pkg {
    String purl;
    String target;
    final Set<String> projects = new TreeSet<>();
    int countedProjects; // from counted partials: projects not named
    Tally resolves = Tally.ZERO;
    Ssvc ssvc = Ssvc.ZERO;
    int unfixed;
  }

  private final Filter filter;
  private final Map<String, Pkg> packages = new HashMap<>();
  private final Set<String> projects = new TreeSet<>();
  private Tally open = Tally.ZERO;
  private int suppressed;

  public PortfolioFixPlan(Filter filter) {
    this.filter = filter;
  }

  /**
   * One open exposure as the plan counts it.
   *
   * @param projectId its project
   * @param team the project's team (null: none)
   * @param tags the project's tags
   * @param packageKey its component's package key
   * @param purl its component's purl
   * @param severity its advisory's severity rating
   * @param kev whether its vulnerability is in CISA KEV
   * @param outcome its SSVC outcome ({@code NONE}: no decision)
   * @param target the version that resolves it with the rest of its component's findings (null: no
   *     known version fixes it)
   * @param suppressed whether triage suppressed it ({@code not_affected}, {@code false_positive})
   */
  public record Exposure(
      String projectId,
      String team,
      Collection<String> tags,
      String packageKey,
      String purl,
      String severity,
      boolean kev,
      Outcome outcome,
      String target,
      boolean suppressed) {}

  /** Adds one open exposure (the caller leaves out resolved ones). */
  public void add(Exposure e) {
    if (!filter.accepts(e.team(), e.tags())) {
      return;
    }
    if (e.suppressed()) {
      suppressed++;
      return;
    }
    open = open.plus(e.severity(), e.kev());
    projects.add(e.projectId());
    Pkg p = packages.computeIfAbsent(e.packageKey(), k -> new Pkg());
    if (p.purl == null) {
      p.purl = withoutVersion(e.purl());
    }
    String target = e.target();
    if (target == null) {
      p.unfixed++;
      return;
    }
    if (p.target == null || FixVersions.higher(e.purl(), target, p.target)) {
      p.target = target;
    }
    p.projects.add(e.projectId());
    p.resolves = p.resolves.plus(e.severity(), e.kev());
    p.ssvc = p.ssvc.plus(e.outcome());
  }

  // ------------------------------------------------------------------ partials

  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** What one instance sends the one that merges: every package with its projects. */
  public ObjectNode partial() {
    ObjectNode n = JSON.objectNode();
    projects.forEach(n.putArray("projects")::add);
    tally(n.putObject("open"), open);
    n.put("suppressed", suppressed);
    ObjectNode ps = n.putObject("packages");
    for (var e : packages.entrySet()) {
      Pkg p = e.getValue();
      ObjectNode o = ps.putObject(e.getKey());
      o.put("purl", p.purl);
      o.put("upgradeTo", p.target);
      p.projects.forEach(o.putArray("projects")::add);
      tally(o.putObject("resolves"), p.resolves);
      ssvc(o.putObject("ssvc"), p.ssvc);
      o.put("unfixed", p.unfixed);
    }
    return n;
  }

  /** Adds another instance's {@link #partial()}. */
  public void merge(JsonNode partial) {
    partial.path("projects").forEach(x -> projects.add(x.asText()));
    open = open.plus(tally(partial.path("open")));
    suppressed += partial.path("suppressed").asInt(0);
    partial
        .path("packages")
        .fields()
        .forEachRemaining(
            e -> {
              JsonNode o = e.getValue();
              Pkg p = packages.computeIfAbsent(e.getKey(), k -> new Pkg());
              if (p.purl == null) {
                p.purl = o.path("purl").asText(null);
              }
              String target = o.path("upgradeTo").asText(null);
              if (target != null
                  && (p.target == null
                      || FixVersions.higher(p.purl + "@" + target, target, p.target))) {
                p.target = target;
              }
              o.path("projects").forEach(x -> p.projects.add(x.asText()));
              p.resolves = p.resolves.plus(tally(o.path("resolves")));
              JsonNode s = o.path("ssvc");
              p.ssvc =
                  new Ssvc(
                      p.ssvc.act() + s.path("act").asInt(),
                      p.ssvc.attend() + s.path("attend").asInt(),
                      p.ssvc.trackStar() + s.path("trackStar").asInt(),
                      p.ssvc.track() + s.path("track").asInt(),
                      p.ssvc.none() + s.path("none").asInt());
              p.unfixed += o.path("unfixed").asInt(0);
            });
  }

  // ------------------------------------------------------------------ counted partials

  /**
   * A partial with each package's projects counted, not named (the weekly digest's wire form,
   * {@code vigil.fixplan.partials.v1}): a fraction of the size of {@link #partial()}. Merging
   * counted partials is exact when no project's exposures of one package are split over two of
   * them, which holds for the correlator's partitions: a package is sharded by project, so every
   * exposure of a (package, project) lives in one partition. The projects with an open exposure are
   * named (a project's packages spread over partitions).
   *
   * @param projects projects with an open, unsuppressed exposure (after the filter)
   * @param open their open, unsuppressed exposures
   * @param suppressed open exposures left out because triage suppressed them
   * @param packages every package with an open, unsuppressed exposure
   */
  public record Partial(
      List<String> projects, Tally open, int suppressed, List<PackagePartial> packages) {
    public static final Partial EMPTY = new Partial(List.of(), Tally.ZERO, 0, List.of());
  }

  /**
   * One package of a {@link Partial}.
   *
   * @param upgradeTo the highest target its fixable exposures name (null: none is fixable)
   * @param projects how many projects have an exposure of it the upgrade resolves
   */
  public record PackagePartial(
      String packageKey,
      String purl,
      String upgradeTo,
      int projects,
      Tally resolves,
      Ssvc ssvc,
      int unfixed) {}

  /** This fold as a counted partial (packages in key order). */
  public Partial countedPartial() {
    List<PackagePartial> ps = new ArrayList<>();
    packages.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .forEach(
            e -> {
              Pkg p = e.getValue();
              ps.add(
                  new PackagePartial(
                      e.getKey(),
                      p.purl,
                      p.target,
                      p.projects.size() + p.countedProjects,
                      p.resolves,
                      p.ssvc,
                      p.unfixed));
            });
    return new Partial(List.copyOf(projects), open, suppressed, List.copyOf(ps));
  }

  /** Adds a counted partial of another part of the portfolio. */
  public void merge(Partial partial) {
    projects.addAll(partial.projects());
    open = open.plus(partial.open());
    suppressed += partial.suppressed();
    for (PackagePartial o : partial.packages()) {
      Pkg p = packages.computeIfAbsent(o.packageKey(), k -> new Pkg());
      if (p.purl == null) {
        p.purl = o.purl();
      }
      String target = o.upgradeTo();
      if (target != null
          && (p.target == null || FixVersions.higher(p.purl + "@" + target, target, p.target))) {
        p.target = target;
      }
      p.countedProjects += o.projects();
      p.resolves = p.resolves.plus(o.resolves());
      p.ssvc = p.ssvc.plus(o.ssvc());
      p.unfixed += o.unfixed();
    }
  }

  /** The plan: the {@code top} upgrades that resolve the most risk. */
  public Plan plan(int top) {
    List<Upgrade> all = new ArrayList<>();
    for (var e : packages.entrySet()) {
      Pkg p = e.getValue();
      if (p.target != null) {
        all.add(
            new Upgrade(
                e.getKey(),
                p.purl,
                p.target,
                p.projects.size() + p.countedProjects,
                p.resolves,
                p.ssvc,
                p.unfixed));
      }
    }
    all.sort(
        Comparator.comparing(PortfolioFixPlan::risk, Arrays::compare)
            .reversed()
            .thenComparing(Upgrade::packageKey));
    return new Plan(
        filter,
        projects.size(),
        open,
        suppressed,
        all.size(),
        List.copyOf(all.subList(0, Math.min(top, all.size()))));
  }

  private static int[] risk(Upgrade u) {
    Tally t = u.resolves();
    return new int[] {
      u.ssvc().act(), t.kev(), t.critical(), t.high(), t.medium(), t.low(), t.total(), u.projects()
    };
  }

  public static void tally(ObjectNode n, Tally t) {
    n.put("total", t.total());
    n.put("critical", t.critical());
    n.put("high", t.high());
    n.put("medium", t.medium());
    n.put("low", t.low());
    n.put("unknown", t.unknown());
    n.put("kev", t.kev());
  }

  public static Tally tally(JsonNode n) {
    return new Tally(
        n.path("total").asInt(),
        n.path("critical").asInt(),
        n.path("high").asInt(),
        n.path("medium").asInt(),
        n.path("low").asInt(),
        n.path("unknown").asInt(),
        n.path("kev").asInt());
  }

  public static void ssvc(ObjectNode n, Ssvc s) {
    n.put("act", s.act());
    n.put("attend", s.attend());
    n.put("trackStar", s.trackStar());
    n.put("track", s.track());
    n.put("none", s.none());
  }

  /** {@code pkg:maven/g/a@1.0?x=y} → {@code pkg:maven/g/a}. */
  public static String withoutVersion(String purl) {
    if (purl == null) {
      return null;
    }
    String p = purl;
    for (char c : new char[] {'?', '#'}) {
      int i = p.indexOf(c);
      if (i >= 0) {
        p = p.substring(0, i);
      }
    }
    int at = p.lastIndexOf('@');
    return at > p.lastIndexOf('/') ? p.substring(0, at) : p;
  }
}
