package io.vigil.correlator;

import io.vigil.events.v1.Advisory;
import io.vigil.events.v1.AffectedPackage;
import io.vigil.events.v1.Severity;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The vulnerability an advisory describes, across databases (matching rule M9): the connected
 * component of ids linked by {@code aliases} and {@code upstream} among the advisories of one
 * package. One GHSA, its CVE and a PYSEC record that aliases the GHSA are one vulnerability: they
 * share {@link #vulnerabilityId()}, severity is the highest over the group, and KEV/EPSS/NVD join
 * on its CVEs.
 *
 * @param ids every id in the group (advisory ids and the ids they alias)
 * @param vulnerabilityId the smallest CVE id of the group, else its smallest id
 * @param cves the group's CVE ids, sorted
 * @param best the highest-scoring CVSS statement of the group (top-level, then per-package), or
 *     null when none scores
 * @param databaseSeverity the highest database rating (GHSA {@code database_specific.severity}),
 *     normalised to LOW/MEDIUM/HIGH/CRITICAL, or null
 */
record AliasGroup(
    Set<String> ids,
    String vulnerabilityId,
    List<String> cves,
    Severity best,
    String databaseSeverity) {

  /** The group of {@code advisory} among {@code others} (advisories of the same package). */
  static AliasGroup of(Advisory advisory, Collection<Advisory> others) {
    Map<String, Advisory> byId = new HashMap<>();
    Map<String, Set<String>> edges = new HashMap<>();
    for (Advisory a : others) {
      byId.put(a.getId(), a);
      link(edges, a);
    }
    byId.put(advisory.getId(), advisory);
    link(edges, advisory);
    Set<String> ids = new TreeSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(advisory.getId()));
    while (!todo.isEmpty()) {
      String id = todo.pop();
      if (ids.add(id)) {
        todo.addAll(edges.getOrDefault(id, Set.of()));
      }
    }
    TreeSet<String> cves = new TreeSet<>();
    Severity best = null;
    String db = null;
    for (String id : ids) {
      if (isCve(id)) {
        cves.add(id);
      }
      Advisory a = byId.get(id);
      if (a == null) {
        continue;
      }
      best = better(best, a.getSeverities());
      db = higherRating(db, normaliseRating(a.getDatabaseSeverity()));
    }
    if (best == null) {
      for (String id : ids) {
        Advisory a = byId.get(id);
        if (a != null) {
          for (AffectedPackage p : a.getAffected()) {
            best = better(best, p.getSeverities());
          }
        }
      }
    }
    String vulnerabilityId = cves.isEmpty() ? ((TreeSet<String>) ids).first() : cves.first();
    return new AliasGroup(Set.copyOf(ids), vulnerabilityId, List.copyOf(cves), best, db);
  }

  static boolean isCve(String id) {
    return id.startsWith("CVE-");
  }

  /** The CVE ids an advisory names itself (id, aliases, upstream), sorted. */
  static List<String> cvesOf(Advisory a) {
    TreeSet<String> out = new TreeSet<>();
    if (isCve(a.getId())) {
      out.add(a.getId());
    }
    a.getAliases().stream().filter(AliasGroup::isCve).forEach(out::add);
    a.getUpstream().stream().filter(AliasGroup::isCve).forEach(out::add);
    return List.copyOf(out);
  }

  private static void link(Map<String, Set<String>> edges, Advisory a) {
    Set<String> others = new HashSet<>(a.getAliases());
    others.addAll(a.getUpstream());
    for (String o : others) {
      edges.computeIfAbsent(a.getId(), k -> new HashSet<>()).add(o);
      edges.computeIfAbsent(o, k -> new HashSet<>()).add(a.getId());
    }
  }

  private static Severity better(Severity best, List<Severity> candidates) {
    for (Severity s : candidates) {
      if (s.getBaseScore() != null
          && (best == null
              || s.getBaseScore() > best.getBaseScore()
              || (s.getBaseScore().equals(best.getBaseScore())
                  && s.getScore().compareTo(best.getScore()) < 0))) {
        best = s;
      }
    }
    return best;
  }

  /** LOW, MEDIUM, HIGH, CRITICAL (GHSA's MODERATE is MEDIUM); null when unknown. */
  static String normaliseRating(String rating) {
    if (rating == null || rating.isBlank()) {
      return null;
    }
    String r = rating.trim().toUpperCase(Locale.ROOT);
    return switch (r) {
      case "MODERATE" -> "MEDIUM";
      case "NONE", "LOW", "MEDIUM", "HIGH", "CRITICAL" -> r;
      default -> null;
    };
  }

  static int rank(String rating) {
    if (rating == null) {
      return -1;
    }
    return switch (rating) {
      case "NONE" -> 0;
      case "LOW" -> 1;
      case "MEDIUM" -> 2;
      case "HIGH" -> 3;
      case "CRITICAL" -> 4;
      default -> -1;
    };
  }

  private static String higherRating(String a, String b) {
    return rank(b) > rank(a) ? b : a;
  }

  /** The rating of a CVSS base score (CVSS v3 qualitative scale). */
  static String ratingOf(double score) {
    if (score == 0) {
      return "NONE";
    }
    if (score < 4) {
      return "LOW";
    }
    if (score < 7) {
      return "MEDIUM";
    }
    if (score < 9) {
      return "HIGH";
    }
    return "CRITICAL";
  }
}
