package io.vigil.console.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vigil.console.auth.Session;
import io.vigil.console.query.QueryApiClient.Unavailable;
import io.vigil.console.triage.DecisionQueries;
import io.vigil.console.triage.Decisions;
import io.vigil.console.triage.TriageApiClient;
import io.vigil.console.triage.TriageApiClient.Refused;
import io.vigil.console.view.Urls;
import io.vigil.console.view.Views.ExposureRow;
import io.vigil.console.view.Views.TriageView;
import io.vigil.core.triage.Analysis;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Triage from the console: per exposure on the Project page ({@code POST
 * /projects/{project}/triage}: that component in that project), portfolio-wide on the Vulnerability
 * page ({@code POST /vulnerabilities/{id}/triage}: the package in every project); each exposure's
 * current decision; a project's VEX download. Decisions go to ingest-sbom's triage API with the
 * console's own key (role {@code delegate}), in the logged-in key's name.
 */
final class TriageRoutes {
  private static final Logger log = LoggerFactory.getLogger(TriageRoutes.class);

  private static final Set<String> FORMATS = Set.of("cyclonedx", "openvex");

  private final TriageApiClient triage;
  private final Guard guard;
  private final Clock clock;

  TriageRoutes(TriageApiClient triage, Guard guard, Clock clock) {
    this.triage = triage;
    this.guard = guard;
    this.clock = clock;
  }

  void register(HttpService.Builder b) {
    b.route("POST", "/projects/{project}/triage", guard.post(this::projectTriage));
    b.route("POST", "/vulnerabilities/{id}/triage", guard.post(this::portfolioTriage));
    b.route("GET", "/projects/{project}/vex", guard.page(this::vex));
  }

  /**
   * Rows with the decision that applies to each: the triage API's current decisions resolved here
   * (a decision just recorded shows at once, before the correlator has applied it), else the one
   * the query API's row carries (the correlator's, policy decisions included); or why the triage
   * API cannot answer (the rows then keep the query API's).
   */
  record Annotated(List<ExposureRow> rows, String unavailable) {}

  Annotated annotate(List<ExposureRow> rows) {
    Decisions decisions;
    try {
      Set<String> projects = new TreeSet<>();
      List<String> ids = new ArrayList<>();
      for (ExposureRow r : rows) {
        projects.add(r.project());
        ids.add(r.advisory());
        ids.add(r.vulnerability());
        ids.addAll(r.aliases());
      }
      decisions = Decisions.of(triage.decisions(DecisionQueries.plan(projects, ids)));
    } catch (Unavailable e) {
      return new Annotated(rows, e.getMessage());
    }
    var now = clock.instant();
    List<ExposureRow> out = new ArrayList<>(rows.size());
    for (ExposureRow r : rows) {
      List<String> aliases = new ArrayList<>(r.aliases());
      aliases.add(r.vulnerability());
      out.add(
          decisions
              .applying(r.project(), r.projectVersion(), r.purl(), r.advisory(), aliases, now)
              .map(a -> r.withTriage(view(a)))
              // else what the correlator applied (a policy's decision, say), if anything
              .orElse(r));
    }
    return new Annotated(out, null);
  }

  static TriageView view(Analysis a) {
    String scope =
        switch (a.scope().kind()) {
          case COMPONENT -> "this component in " + a.scope().project();
          case PROJECT -> "every component of " + a.scope().project();
          case PORTFOLIO -> "every project";
        };
    return new TriageView(
        a.state().cycloneDx(),
        a.justification() == null ? null : a.justification().label(),
        a.detail(),
        a.author(),
        a.decidedAt().toString(),
        scope,
        a.suppresses());
  }

  /** One exposure: that component (its purl as the SBOM has it) in that project. */
  private HttpResponse projectTriage(HttpRequest r, Session s, Map<String, String> form) {
    String project = form.getOrDefault("project", "").strip();
    if (project.isEmpty()) {
      return guard.refused(s, 400, "Not recorded", "The form names no project; nothing was done.");
    }
    ObjectNode d = decision(form);
    d.put("project", project);
    return record(r, s, form, d, Urls.project(r.pathParam("project")));
  }

  /** Portfolio-wide: the package (every version) in every project. */
  private HttpResponse portfolioTriage(HttpRequest r, Session s, Map<String, String> form) {
    ObjectNode d = decision(form);
    String component = form.getOrDefault("component", "").strip();
    if (!component.isEmpty()) {
      d.put("component", Urls.packageOf(component));
    }
    d.put("vulnerability", r.pathParam("id"));
    return record(r, s, form, d, Urls.vulnerability(r.pathParam("id")));
  }

  private static ObjectNode decision(Map<String, String> form) {
    ObjectNode d = io.vigil.platform.http.HttpResponse.mapper().createObjectNode();
    for (String f : List.of("component", "vulnerability", "state", "justification", "detail")) {
      String v = form.getOrDefault(f, "").strip();
      if (!v.isEmpty()) {
        d.put(f, v);
      }
    }
    return d;
  }

  private HttpResponse record(
      HttpRequest r, Session s, Map<String, String> form, ObjectNode d, String back) {
    if (!s.canTriage()) {
      log.info("console: key '{}' without the triage role tried to triage", s.keyName());
      return guard.refused(
          s,
          403,
          "Not allowed",
          "Your key can read, not triage (it needs the role 'triage' under http.roles); nothing"
              + " was recorded.");
    }
    try {
      triage.record(d, s.keyName());
    } catch (Refused e) {
      return guard.refused(
          s,
          e.status() == 403 ? 403 : 400,
          "Not recorded",
          "The triage API refused the decision: " + e.getMessage() + ". Nothing was recorded.");
    } catch (Unavailable e) {
      return guard.refused(
          s, 503, "Not recorded", "Nothing was recorded: " + e.getMessage() + ". Try again.");
    }
    log.info(
        "console: '{}' recorded {} for {} ({})",
        s.keyName(),
        d.path("state").asText(),
        d.path("vulnerability").asText(),
        d.path("project").asText("every project"));
    return Web.redirect(back + anchor(form.get("row")));
  }

  private static String anchor(String row) {
    return row != null && row.matches("[A-Za-z0-9_-]{1,40}") ? "#" + row : "";
  }

  private HttpResponse vex(HttpRequest r, Session s) {
    String name = r.query("name", r.pathParam("project")).strip();
    String version = r.query("version", "").strip();
    String format = r.query("format", "cyclonedx").toLowerCase(Locale.ROOT);
    if (!FORMATS.contains(format)) {
      return guard.refused(s, 400, "Unknown format", "format= is cyclonedx or openvex.");
    }
    TriageApiClient.Document doc;
    try {
      doc = triage.vex(name, version.isEmpty() ? null : version, format);
    } catch (Refused e) {
      return guard.refused(s, e.status() == 404 ? 404 : 400, "No VEX", e.getMessage());
    } catch (Unavailable e) {
      return guard.refused(s, 503, "VEX unavailable", e.getMessage());
    }
    String file =
        (name + (version.isEmpty() ? "" : "-" + version)).replaceAll("[^A-Za-z0-9._-]", "_")
            + (format.equals("openvex") ? ".openvex.json" : ".cdx.json");
    return Web.secure(new HttpResponse(200, doc.contentType(), doc.body(), Map.of()))
        .withHeader("Content-Disposition", "attachment; filename=\"" + file + "\"")
        .withHeader("Cache-Control", "no-store");
  }
}
