package io.vigil.core.osv;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Groups advisories describing the same vulnerability (M9): the connected components of {@code id ∪
 * aliases ∪ upstream}, with union-find so the grouping is transitive. Gives each group's severity
 * (the maximum over its records).
 */
public final class AliasGroups {
  private final Map<String, String> parent = new HashMap<>();
  private final Map<String, SeverityScore> severityByRoot = new HashMap<>();

  public AliasGroups(Collection<Advisory> advisories) {
    for (Advisory a : advisories) {
      String id = a.id();
      find(id);
      for (String alias : a.aliases()) {
        union(id, alias);
      }
      for (String up : a.record().upstream()) {
        union(id, up);
      }
    }
    Map<String, List<SeverityScore>> byRoot = new HashMap<>();
    for (Advisory a : advisories) {
      byRoot.computeIfAbsent(find(a.id()), k -> new ArrayList<>()).add(a.severity());
    }
    byRoot.forEach((root, list) -> severityByRoot.put(root, SeverityScore.max(list)));
  }

  /** A stable representative of the id's group. */
  public String groupOf(String id) {
    return find(id);
  }

  /** The most severe score of the group holding {@code id}. */
  public SeverityScore severity(String id) {
    return severityByRoot.getOrDefault(find(id), SeverityScore.UNKNOWN);
  }

  private String find(String id) {
    String p = parent.get(id);
    if (p == null) {
      parent.put(id, id);
      return id;
    }
    if (p.equals(id)) {
      return id;
    }
    String root = find(p);
    parent.put(id, root);
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
