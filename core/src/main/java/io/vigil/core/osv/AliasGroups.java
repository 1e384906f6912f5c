package io.vigil.core.osv;

import io.vigil.core.purl.PackageKey;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The vulnerability an advisory describes, across databases (matching rule M9): the connected
 * components of {@code id ∪ aliases ∪ upstream} (union-find, so transitive) among the advisories of
 * <b>one package</b> — the advisories a component of that package meets, as osv-scanner groups the
 * vulnerabilities of one package. One GHSA, its CVE and a PYSEC record that aliases the GHSA are
 * one vulnerability: they share {@link Group#vulnerabilityId()}, their severity is {@link
 * SeverityScore#ofGroup} over the group, and KEV/EPSS/NVD join on its {@link Group#cves()}.
 *
 * <p>The one implementation: {@code vigil scan} builds it with {@link #ofPackage}, the correlator
 * from its stored advisories with {@link #of}, triage over any advisories with {@link
 * #ofAdvisories}. Not thread-safe (groups are computed on first use).
 */
public final class AliasGroups {

  /**
   * What grouping reads of one advisory.
   *
   * @param id the advisory id
   * @param aliases its {@code aliases}
   * @param upstream its {@code upstream}
   * @param severity what the severity rule reads of it, for the package
   */
  public record Member(
      String id,
      Collection<String> aliases,
      Collection<String> upstream,
      SeverityScore.Inputs severity) {}

  /**
   * One group.
   *
   * @param ids every id in the group (advisory ids and the ids they alias), sorted
   * @param vulnerabilityId the smallest CVE id of the group, else its smallest id
   * @param cves the group's CVE ids, sorted
   * @param severity the group's severity ({@link SeverityScore#ofGroup})
   */
  public record Group(
      SortedSet<String> ids, String vulnerabilityId, List<String> cves, SeverityScore severity) {}

  private final Map<String, String> parent = new HashMap<>();
  private final Map<String, List<Member>> membersByRoot = new HashMap<>();
  private final Map<String, TreeSet<String>> idsByRoot = new HashMap<>();
  private final Map<String, Group> groupByRoot = new HashMap<>();

  private AliasGroups(Collection<Member> members) {
    for (Member m : members) {
      find(m.id());
      for (String alias : m.aliases()) {
        union(m.id(), alias);
      }
      for (String up : m.upstream()) {
        union(m.id(), up);
      }
    }
    for (Member m : members) {
      membersByRoot.computeIfAbsent(find(m.id()), k -> new ArrayList<>()).add(m);
    }
    for (String id : List.copyOf(parent.keySet())) {
      idsByRoot.computeIfAbsent(find(id), k -> new TreeSet<>()).add(id);
    }
  }

  /** The groups of these advisories (the advisories of one package). */
  public static AliasGroups of(Collection<Member> members) {
    return new AliasGroups(members);
  }

  /**
   * The groups among {@code advisories} whatever packages they name (each record's own severity
   * statements, every package's as the fallback): for questions about a vulnerability rather than
   * about a component (triage decisions).
   */
  public static AliasGroups ofAdvisories(Collection<Advisory> advisories) {
    List<Member> members = new ArrayList<>(advisories.size());
    for (Advisory a : advisories) {
      members.add(
          new Member(
              a.id(), a.aliases(), a.record().upstream(), SeverityScore.Inputs.of(a.record())));
    }
    return new AliasGroups(members);
  }

  /** The groups among {@code advisories} for one package (their entries for it). */
  public static AliasGroups ofPackage(Collection<Advisory> advisories, PackageKey key) {
    List<Member> members = new ArrayList<>(advisories.size());
    for (Advisory a : advisories) {
      members.add(new Member(a.id(), a.aliases(), a.record().upstream(), a.severityInputs(key)));
    }
    return new AliasGroups(members);
  }

  /** The group holding {@code id} (an id no member names is a group of its own). */
  public Group group(String id) {
    String root = parent.containsKey(id) ? find(id) : id;
    Group g = groupByRoot.get(root);
    if (g == null) {
      g = build(root);
      groupByRoot.put(root, g);
    }
    return g;
  }

  /** A stable representative of the id's group (its smallest id). */
  public String groupOf(String id) {
    return parent.containsKey(id) ? find(id) : id;
  }

  /** The severity of the group holding {@code id}. */
  public SeverityScore severity(String id) {
    return group(id).severity();
  }

  private Group build(String root) {
    TreeSet<String> ids = idsByRoot.getOrDefault(root, new TreeSet<>(List.of(root)));
    List<String> cves = new ArrayList<>();
    for (String id : ids) {
      if (isCve(id)) {
        cves.add(id);
      }
    }
    List<SeverityScore.Inputs> inputs = new ArrayList<>();
    for (Member m : membersByRoot.getOrDefault(root, List.of())) {
      inputs.add(m.severity());
    }
    return new Group(
        Collections.unmodifiableSortedSet(ids),
        cves.isEmpty() ? ids.first() : cves.get(0),
        List.copyOf(cves),
        SeverityScore.ofGroup(inputs));
  }

  /** Whether an id is a CVE id. */
  public static boolean isCve(String id) {
    return id != null && id.startsWith("CVE-");
  }

  /** The CVE ids an advisory names itself (its id, aliases and upstream), sorted, distinct. */
  public static List<String> cvesOf(
      String id, Collection<String> aliases, Collection<String> upstream) {
    TreeSet<String> out = new TreeSet<>();
    if (isCve(id)) {
      out.add(id);
    }
    aliases.stream().filter(AliasGroups::isCve).forEach(out::add);
    upstream.stream().filter(AliasGroups::isCve).forEach(out::add);
    return List.copyOf(out);
  }

  /** The root of an id's tree (adding the id as its own root when new), compressing the path. */
  private String find(String id) {
    String root = parent.putIfAbsent(id, id);
    if (root == null) {
      return id;
    }
    while (true) {
      String up = parent.get(root);
      if (up.equals(root)) {
        break;
      }
      root = up;
    }
    String at = id;
    while (!at.equals(root)) {
      at = parent.put(at, root);
    }
    return root;
  }

  private void union(String a, String b) {
    String ra = find(a);
    String rb = find(b);
    if (!ra.equals(rb)) {
      // the lexicographically smaller id becomes the root: deterministic
      if (ra.compareTo(rb) < 0) {
        parent.put(rb, ra);
      } else {
        parent.put(ra, rb);
      }
    }
  }
}
