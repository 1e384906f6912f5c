package io.vigil.alerting.coverage;

import io.vigil.alerting.render.Notice;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The weekly SBOM coverage digest (issue 17 item 5), as a {@link Notice}: which projects have no
 * SBOM newer than {@code staleAfter}, the share of components without a purl (invisible to
 * matching) and the projects with the most of them, and the lowest minimum-elements scores. Pure.
 */
public final class CoverageDigest {
  public static final String KIND = "COVERAGE_DIGEST";

  private CoverageDigest() {}

  public static Notice of(
      Collection<ProjectSbom> projects, Instant now, Duration staleAfter, int top, String week) {
    List<ProjectSbom> stale =
        projects.stream()
            .filter(p -> p.receivedAt().isBefore(now.minus(staleAfter)))
            .sorted(
                Comparator.comparing(ProjectSbom::receivedAt).thenComparing(ProjectSbom::project))
            .toList();
    long components = projects.stream().mapToLong(ProjectSbom::components).sum();
    long withoutPurl = projects.stream().mapToLong(ProjectSbom::withoutPurl).sum();
    List<ProjectSbom> invisible =
        projects.stream()
            .filter(p -> p.withoutPurl() > 0)
            .sorted(
                Comparator.comparingDouble(CoverageDigest::invisibleShare)
                    .reversed()
                    .thenComparing(ProjectSbom::project))
            .toList();
    List<ProjectSbom> scored =
        projects.stream()
            .filter(p -> p.score() != null)
            .sorted(Comparator.comparing(ProjectSbom::score).thenComparing(ProjectSbom::project))
            .toList();

    List<String> lines = new ArrayList<>();
    lines.add(
        String.format(
            Locale.ROOT,
            "%d projects with an SBOM; %d stale (none newer than %d days)",
            projects.size(),
            stale.size(),
            staleAfter.toDays()));
    for (ProjectSbom p : stale.subList(0, Math.min(top, stale.size()))) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  stale: %s — last SBOM %d days ago (%s)",
              p.project(),
              Duration.between(p.receivedAt(), now).toDays(),
              p.receivedAt().toString().substring(0, 10)));
    }
    lines.add(
        String.format(
            Locale.ROOT,
            "Components without a purl (invisible to matching): %d of %d (%s)",
            withoutPurl,
            components,
            percent(withoutPurl, components)));
    for (ProjectSbom p : invisible.subList(0, Math.min(top, invisible.size()))) {
      lines.add(
          String.format(
              Locale.ROOT,
              "  without purl: %s — %d of %d (%s)",
              p.project(),
              p.withoutPurl(),
              p.components(),
              percent(p.withoutPurl(), p.components())));
    }
    if (!scored.isEmpty()) {
      lines.add(
          String.format(
              Locale.ROOT,
              "Minimum elements (CISA/NTIA), median score %d/100 over %d SBOMs; lowest:",
              scored.get(scored.size() / 2).score(),
              scored.size()));
      for (ProjectSbom p : scored.subList(0, Math.min(top, scored.size()))) {
        lines.add(String.format(Locale.ROOT, "  score: %s — %d/100", p.project(), p.score()));
      }
    }
    Map<String, Object> facts = new LinkedHashMap<>();
    facts.put("week", week);
    facts.put("projects", projects.size());
    facts.put("stale", stale.stream().map(ProjectSbom::project).toList());
    facts.put("components", components);
    facts.put("componentsWithoutPurl", withoutPurl);
    if (!scored.isEmpty()) {
      facts.put("medianScore", scored.get(scored.size() / 2).score());
    }
    String title =
        String.format(
            Locale.ROOT,
            "SBOM coverage, week %s: %d of %d projects stale, %s of components without a purl",
            week,
            stale.size(),
            projects.size(),
            percent(withoutPurl, components));
    return new Notice(KIND, "coverage:" + week, title, lines, facts, now);
  }

  private static double invisibleShare(ProjectSbom p) {
    return p.components() == 0 ? 0 : (double) p.withoutPurl() / p.components();
  }

  private static String percent(long part, long whole) {
    return whole == 0
        ? "0%"
        : String.format(Locale.ROOT, "%.1f%%", 100.0 * part / whole).replace(".0%", "%");
  }
}
