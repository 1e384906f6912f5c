package io.vigil.correlator.fixplan;

import io.vigil.core.fix.ForcedUpgrade;
import io.vigil.core.fixplan.FixPlanText;
import io.vigil.core.fixplan.Outcome;
import io.vigil.core.fixplan.Ssvc;
import io.vigil.core.fixplan.Tally;
import io.vigil.correlator.fixplan.FixPlan.Action;
import io.vigil.correlator.fixplan.FixPlan.Unfixed;
import java.util.ArrayList;
import java.util.List;

/** The Markdown form of a fix plan ({@code vigil fix-plan}, {@code ?format=markdown}). Pure. */
public final class FixPlanMarkdown {
  private FixPlanMarkdown() {}

  public static String render(FixPlan plan) {
    StringBuilder b = new StringBuilder();
    b.append("# Fix plan for ").append(text(plan.project())).append("\n\n");
    if (plan.open().total() == 0) {
      b.append("No open vulnerabilities.\n");
      return b.append(suppressed(plan)).toString();
    }
    b.append("Open: ").append(tally(plan.open())).append(". ");
    b.append(plan.actions().size())
        .append(plan.actions().size() == 1 ? " upgrade closes " : " upgrades close ")
        .append(closedBy(plan))
        .append(" of them, highest SSVC outcome and most risk first.\n");
    b.append(suppressed(plan));
    int rank = 1;
    for (Action a : plan.actions()) {
      b.append("\n## ")
          .append(rank++)
          .append(". Upgrade `")
          .append(code(a.purl()))
          .append("` to ")
          .append(code(a.upgradeTo()).isEmpty() ? "?" : "`" + code(a.upgradeTo()) + "`")
          .append("\n\n");
      b.append("- Closes ").append(tally(a.closes())).append(": ");
      b.append(String.join(", ", a.vulnerabilities().stream().map(FixPlanMarkdown::text).toList()));
      b.append('\n');
      if (a.outcome() != Outcome.NONE) {
        b.append("- SSVC: ").append(text(a.outcome().label())).append(" (");
        b.append(ssvc(a.ssvc()));
        b.append(")\n");
      }
      b.append("- Change: ").append(a.change().toLowerCase(java.util.Locale.ROOT));
      if (a.crossesMajor()) {
        b.append(" (a new major version: expect breaking changes)");
      }
      b.append('\n');
      b.append("- Path: ").append(path(a)).append('\n');
      if (!a.force().isEmpty()) {
        b.append("- Force it (the project only gets it through ")
            .append(a.via().isEmpty() ? "other components" : text(String.join(", ", a.via())))
            .append("):\n");
        for (ForcedUpgrade f : a.force()) {
          b.append("\n  ")
              .append(f.tool())
              .append(f.isCommand() ? "" : " (`" + code(f.file()) + "`)")
              .append(":\n\n");
          b.append("  ```\n");
          for (String line : f.text().stripTrailing().split("\n", -1)) {
            b.append("  ").append(line.replace("```", "ˋˋˋ")).append('\n');
          }
          b.append("  ```\n");
        }
      }
    }
    if (!plan.unfixed().isEmpty()) {
      b.append("\n## No known fix\n\n");
      for (Unfixed u : plan.unfixed()) {
        b.append("- `")
            .append(code(u.purl()))
            .append("`: ")
            .append(tally(u.open()))
            .append(" (")
            .append(
                String.join(", ", u.vulnerabilities().stream().map(FixPlanMarkdown::text).toList()))
            .append(")\n");
      }
    }
    return b.toString();
  }

  private static String suppressed(FixPlan plan) {
    int n = plan.suppressed();
    return n == 0
        ? ""
        : "Left out: "
            + n
            + (n == 1 ? " suppressed exposure" : " suppressed exposures")
            + " (triage: not_affected or false_positive).\n";
  }

  /** {@code 1 Act, 2 Track}. */
  private static String ssvc(Ssvc s) {
    List<String> parts = new ArrayList<>();
    add(parts, s.act(), "Act");
    add(parts, s.attend(), "Attend");
    add(parts, s.trackStar(), "Track*");
    add(parts, s.track(), "Track");
    add(parts, s.none(), "without SSVC decision");
    return text(String.join(", ", parts));
  }

  private static String closedBy(FixPlan plan) {
    int n = 0;
    for (Action a : plan.actions()) {
      n += a.closes().total();
    }
    return n + (n == plan.open().total() ? " (all)" : "");
  }

  private static String path(Action a) {
    return switch (a.reach()) {
      case "DIRECT" -> "direct dependency: change the version the manifest declares";
      case "TRANSITIVE" ->
          a.path().isEmpty()
              ? "transitive"
              : "project → "
                  + String.join(" → ", a.path().stream().map(FixPlanMarkdown::text).toList())
                  + " → "
                  + text(a.purl())
                  + (a.pathCount() > 1 ? " (+" + (a.pathCount() - 1) + " more)" : "");
      default -> "unknown (the SBOM's dependency graph does not say)";
    };
  }

  static String tally(Tally t) {
    return FixPlanText.tally(t);
  }

  static String tally(Tally t, String one, String many) {
    return FixPlanText.tally(t, one, many);
  }

  private static void add(List<String> parts, int n, String label) {
    if (n > 0) {
      parts.add(n + " " + label);
    }
  }

  static String text(String s) {
    return FixPlanText.text(s);
  }

  static String code(String s) {
    return FixPlanText.code(s);
  }
}
