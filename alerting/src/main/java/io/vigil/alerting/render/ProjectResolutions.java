package io.vigil.alerting.render;

import io.vigil.alerting.engine.Change;
import io.vigil.alerting.render.AlertView.Component;
import io.vigil.alerting.render.AlertView.Group;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pure: the RESOLVED groups of a resolutions alert ({@link
 * io.vigil.alerting.engine.Alert.Kind#RESOLUTIONS}) of one project, by the components the SBOM
 * update removed: an upgrade of log4j-core that ends five vulnerabilities is one entry listing the
 * five.
 *
 * @param projectLabel the project (with its version when the events name one)
 * @param resolvedIn the version of the SBOM that resolved them, or null
 * @param byComponents removed components → the groups (vulnerabilities) they resolved, most severe
 *     first
 */
record ProjectResolutions(
    String projectLabel, String resolvedIn, Map<List<String>, List<Group>> byComponents) {

  /** {@code " since version 1.5.0"} or empty. */
  String since() {
    return resolvedIn == null ? "" : " since version " + resolvedIn;
  }

  /** Per project, in the view's order (the most severe vulnerability's project first). */
  static List<ProjectResolutions> of(AlertView view) {
    Map<String, List<Group>> byProject = new LinkedHashMap<>();
    for (Group g : view.withChange(Change.RESOLVED)) {
      byProject.computeIfAbsent(g.projectId(), p -> new ArrayList<>()).add(g);
    }
    List<ProjectResolutions> out = new ArrayList<>();
    for (List<Group> gs : byProject.values()) {
      String since = null;
      Map<List<String>, List<Group>> byComponents = new LinkedHashMap<>();
      for (Group g : gs) {
        if (g.resolvedIn() != null) {
          since = g.resolvedIn();
        }
        List<String> removed = g.components().stream().map(Component::component).toList();
        byComponents.computeIfAbsent(removed, c -> new ArrayList<>()).add(g);
      }
      out.add(new ProjectResolutions(gs.get(0).projectLabel(), since, byComponents));
    }
    return out;
  }

  /** The groups of the alert the same updates left exposed (they ship another affected version). */
  static List<Group> stillExposed(AlertView view) {
    return view.groups().stream()
        .filter(g -> g.change() != Change.RESOLVED && g.change() != Change.NONE)
        .toList();
  }
}
