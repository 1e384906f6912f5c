package io.vigil.correlator.fixplan;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.fix.ForcedUpgrades;
import io.vigil.core.fixplan.FixVersions;
import io.vigil.core.fixplan.Outcome;
import io.vigil.core.fixplan.Ssvc;
import io.vigil.core.fixplan.Tally;
import io.vigil.core.osv.SeverityScore;
import io.vigil.core.purl.PackageIdentity;
import io.vigil.correlator.fixplan.FixPlan.Action;
import io.vigil.correlator.fixplan.FixPlan.Unfixed;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Pure: a project's fix plan from its open exposures (the query API's exposure JSON, {@code
 * ExposureJson}). One action per affected component (purl): upgrade it to the version that ends
 * every finding of it (the exposures' {@code componentFix}; the highest when events emitted at
 * different times name different ones), closing each of its vulnerabilities (alias groups, counted
 * once with their highest severity and SSVC outcome). Exposures triage suppressed ({@code
 * suppressed}: {@code not_affected}, {@code false_positive}) are left out and counted. Actions come
 * in the order of the highest SSVC outcome they close (Act, Attend, Track*, Track, none), then of
 * the risk they close: most KEV vulnerabilities, then critical, high, medium, low, then most
 * vulnerabilities, then by purl. Vulnerabilities without a known fix are listed apart, never
 * hidden.
 */
public final class FixPlanner {
  private FixPlanner() {}

  /** Per component: what is known so far. */
  private static final class Acc {
    final String purl;
    final String version;
    String target;
    String change = "UNKNOWN";
    boolean crossesMajor;
    JsonNode paths;
    final Map<String, String> severity = new LinkedHashMap<>();
    final Map<String, Boolean> kev = new LinkedHashMap<>();
    final Map<String, Boolean> fixed = new LinkedHashMap<>();
    final Map<String, Outcome> outcome = new LinkedHashMap<>();

    Acc(String purl, String version) {
      this.purl = purl;
      this.version = version;
    }
  }

  public static FixPlan plan(String project, List<JsonNode> exposures) {
    Map<String, Acc> byComponent = new LinkedHashMap<>();
    int suppressed = 0;
    for (JsonNode e : exposures) {
      if (e.path("type").asText("").equals("RESOLVED")) {
        continue;
      }
      if (e.path("suppressed").asBoolean(false)) {
        suppressed++;
        continue;
      }
      String purl = e.path("purl").asText();
      Acc a = byComponent.computeIfAbsent(purl, p -> new Acc(p, text(e, "version")));
      String vuln = e.path("vulnerability").asText(e.path("advisory").asText());
      String sev = text(e, "severity");
      if (rank(sev) >= rank(a.severity.get(vuln))) {
        a.severity.put(vuln, sev);
      }
      a.kev.merge(vuln, e.path("kev").asBoolean(false), Boolean::logicalOr);
      a.outcome.merge(
          vuln, Outcome.of(e.path("ssvc").asText(null)), (x, y) -> x.compareTo(y) >= 0 ? x : y);
      boolean hasFix = fixOf(e).isPresent();
      a.fixed.merge(vuln, hasFix, Boolean::logicalOr);
      if (a.paths == null && e.hasNonNull("paths")) {
        a.paths = e.get("paths");
      }
      JsonNode cf = e.path("componentFix");
      String target =
          cf.hasNonNull("smallest") ? cf.get("smallest").asText() : text(e, "smallestFix");
      if (target != null && (a.target == null || higher(purl, target, a.target))) {
        a.target = target;
        a.change = cf.path("change").asText("UNKNOWN");
        a.crossesMajor = cf.path("crossesMajor").asBoolean(false);
      }
    }
    List<Action> actions = new ArrayList<>();
    List<Unfixed> unfixed = new ArrayList<>();
    Tally open = Tally.ZERO;
    for (Acc a : byComponent.values()) {
      Tally closes = Tally.ZERO;
      Tally left = Tally.ZERO;
      List<String> closed = new ArrayList<>();
      List<String> notFixed = new ArrayList<>();
      for (String v : bySeverity(a)) {
        boolean fixable = a.target != null && a.fixed.get(v);
        if (fixable) {
          closes = closes.plus(a.severity.get(v), a.kev.get(v));
          closed.add(v);
        } else {
          left = left.plus(a.severity.get(v), a.kev.get(v));
          notFixed.add(v);
        }
      }
      open = open.plus(closes).plus(left);
      if (!closed.isEmpty()) {
        actions.add(action(a, closes, closed));
      }
      if (!notFixed.isEmpty()) {
        unfixed.add(new Unfixed(a.purl, a.version, left, List.copyOf(notFixed)));
      }
    }
    actions.sort(
        Comparator.comparing(Action::outcome)
            .thenComparing((Action x) -> risk(x.closes()), FixPlanner::compareRisk)
            .reversed()
            .thenComparing(Action::purl));
    unfixed.sort(
        Comparator.comparing((Unfixed x) -> risk(x.open()), FixPlanner::compareRisk)
            .reversed()
            .thenComparing(Unfixed::purl));
    return new FixPlan(project, open, List.copyOf(actions), List.copyOf(unfixed), suppressed);
  }

  private static Action action(Acc a, Tally closes, List<String> closed) {
    String reach = "UNKNOWN";
    List<String> path = List.of();
    long pathCount = 0;
    List<String> via = List.of();
    if (a.paths != null) {
      reach = a.paths.path("reach").asText("UNKNOWN");
      JsonNode first = a.paths.path("paths").path(0);
      List<String> p = new ArrayList<>();
      first.forEach(n -> p.add(n.asText()));
      path = List.copyOf(p);
      pathCount = a.paths.path("pathCount").asLong(0);
      List<String> v = new ArrayList<>();
      a.paths.path("via").forEach(n -> v.add(n.asText()));
      via = List.copyOf(v);
    }
    List<ForcedUpgrade> force = List.of();
    if (reach.equals("TRANSITIVE")) {
      force = identity(a.purl).map(id -> ForcedUpgrades.of(id, a.target, null)).orElse(List.of());
    }
    Outcome highest = Outcome.NONE;
    Ssvc ssvc = Ssvc.ZERO;
    for (String v : closed) {
      Outcome o = a.outcome.get(v);
      ssvc = ssvc.plus(o);
      highest = o.compareTo(highest) > 0 ? o : highest;
    }
    return new Action(
        a.purl,
        a.version,
        a.target,
        a.change,
        a.crossesMajor,
        reach,
        path,
        pathCount,
        via,
        closes,
        highest,
        ssvc,
        List.copyOf(closed),
        force);
  }

  /**
   * The vulnerabilities of a component, highest SSVC outcome first, then KEV, then most severe,
   * then by id.
   */
  private static List<String> bySeverity(Acc a) {
    List<String> ids = new ArrayList<>(a.severity.keySet());
    ids.sort(
        Comparator.comparing((String v) -> -a.outcome.get(v).ordinal())
            .thenComparing(v -> !a.kev.get(v))
            .thenComparing(v -> -rank(a.severity.get(v)))
            .thenComparing(v -> v));
    return ids;
  }

  private static int[] risk(Tally t) {
    return new int[] {t.kev(), t.critical(), t.high(), t.medium(), t.low(), t.total()};
  }

  private static int compareRisk(int[] a, int[] b) {
    return Arrays.compare(a, b);
  }

  private static Optional<String> fixOf(JsonNode e) {
    JsonNode f = e.path("fix");
    if (f.hasNonNull("smallest")) {
      return Optional.of(f.get("smallest").asText());
    }
    JsonNode cf = e.path("componentFix");
    if (cf.hasNonNull("smallest")) {
      return Optional.of(cf.get("smallest").asText());
    }
    return Optional.ofNullable(text(e, "smallestFix"));
  }

  static boolean higher(String purl, String a, String b) {
    return FixVersions.higher(purl, a, b);
  }

  private static Optional<PackageIdentity> identity(String purl) {
    try {
      return PackageIdentity.fromPurl(purl);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** Core's rank of a rating (-1 unknown … 4 CRITICAL). */
  static int rank(String severity) {
    return SeverityScore.rank(severity);
  }

  private static String text(JsonNode e, String field) {
    JsonNode n = e.get(field);
    return n == null || n.isNull() ? null : n.asText();
  }
}
