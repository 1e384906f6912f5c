package io.vigil.console.triage;

import io.vigil.console.query.QueryApiClient;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeSet;

/**
 * Which decisions a page needs, as the triage API's own filters ({@code GET
 * /api/v1/analyses?project=|scope=|vulnerability=}): only those that can apply to the rows shown,
 * never the whole list. A decision applies to a row only when it names one of the row's
 * vulnerability ids (the advisory, its vulnerability id and aliases: the console resolves without
 * alias groups) and its scope is the row's project or the portfolio, so either plan returns every
 * decision that can apply (and a few that do not, which the resolver leaves):
 *
 * <ul>
 *   <li>by project: {@code project=P} for each project shown (component and project scopes), and
 *       {@code scope=portfolio} once: one project's page costs two calls;
 *   <li>by vulnerability: {@code vulnerability=V} for each id shown: a vulnerability's page, whose
 *       rows share one advisory and its aliases, costs a call per id.
 * </ul>
 *
 * The plan with fewer calls is taken. Pure.
 */
public final class DecisionQueries {
  private DecisionQueries() {}

  /**
   * @param projects the projects of the rows shown (as the triage API names them)
   * @param vulnerabilityIds every advisory, vulnerability id and alias of the rows shown
   * @return the query strings, one call each (none without rows)
   */
  public static List<String> plan(
      Collection<String> projects, Collection<String> vulnerabilityIds) {
    TreeSet<String> ps = new TreeSet<>();
    projects.stream().filter(p -> p != null && !p.isBlank()).forEach(ps::add);
    TreeSet<String> ids = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
    vulnerabilityIds.stream()
        .filter(v -> v != null && !v.isBlank())
        .forEach(v -> ids.add(v.strip()));
    List<String> out = new ArrayList<>();
    if (ps.isEmpty() || ids.isEmpty()) {
      return out;
    }
    if (ids.size() <= ps.size() + 1) {
      ids.forEach(v -> out.add("vulnerability=" + QueryApiClient.enc(v)));
    } else {
      ps.forEach(p -> out.add("project=" + QueryApiClient.enc(p)));
      out.add("scope=portfolio");
    }
    return out;
  }
}
