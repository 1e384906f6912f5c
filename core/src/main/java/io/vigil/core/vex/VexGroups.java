package io.vigil.core.vex;

import io.vigil.core.triage.Analysis;
import io.vigil.core.triage.AnalysisResolver;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;

/**
 * Groups export entries into statements: one per (vulnerability, decision), naming every component
 * it covers. Exposures of one component to aliases of one vulnerability (a GHSA-keyed and a
 * CVE-keyed advisory) are one entry; if their decisions differ, the one that wins by {@link
 * AnalysisResolver#PRECEDENCE} is stated (a decision beats none).
 */
final class VexGroups {
  private VexGroups() {}

  /** One statement: the vulnerability, its other ids, the decision (or null) and components. */
  record Group(
      String vulnerabilityId, List<String> otherIds, Analysis analysis, List<VexEntry> entries) {}

  static List<Group> of(List<VexEntry> entries) {
    Map<String, VexEntry> perComponent = new LinkedHashMap<>();
    Map<String, TreeSet<String>> ids = new LinkedHashMap<>();
    List<VexEntry> sorted = new ArrayList<>(entries);
    sorted.sort(
        Comparator.comparing(VexEntry::vulnerabilityId)
            .thenComparing(e -> Objects.toString(e.componentRef(), "")));
    for (VexEntry e : sorted) {
      if (e.componentRef() == null) {
        continue;
      }
      String key = e.vulnerabilityId() + "\u0000" + e.componentRef();
      ids.computeIfAbsent(e.vulnerabilityId(), k -> new TreeSet<>()).addAll(e.otherIds());
      perComponent.merge(key, e, VexGroups::better);
    }
    Map<String, Group> groups = new LinkedHashMap<>();
    for (VexEntry e : perComponent.values()) {
      String key = e.vulnerabilityId() + "\u0000" + signature(e.analysis());
      groups
          .computeIfAbsent(
              key,
              k ->
                  new Group(
                      e.vulnerabilityId(),
                      List.copyOf(ids.get(e.vulnerabilityId())),
                      e.analysis(),
                      new ArrayList<>()))
          .entries()
          .add(e);
    }
    return List.copyOf(groups.values());
  }

  private static VexEntry better(VexEntry a, VexEntry b) {
    if (a.analysis() == null || b.analysis() == null) {
      return a.analysis() == null && b.analysis() != null ? b : a;
    }
    return AnalysisResolver.PRECEDENCE.compare(a.analysis(), b.analysis()) <= 0 ? a : b;
  }

  /** What a statement says; entries with equal signatures share a statement. */
  private static String signature(Analysis a) {
    if (a == null) {
      return "untriaged";
    }
    return String.join(
        "\u0001",
        a.state().name(),
        String.valueOf(a.justification()),
        String.valueOf(a.cycloneDxJustification()),
        a.responses().toString(),
        String.valueOf(a.detail()),
        String.valueOf(a.actionStatement()),
        String.valueOf(a.decidedAt()));
  }
}
