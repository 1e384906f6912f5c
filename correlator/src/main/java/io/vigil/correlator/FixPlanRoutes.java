package io.vigil.correlator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.correlator.fixplan.FixPlan;
import io.vigil.correlator.fixplan.FixPlanJson;
import io.vigil.correlator.fixplan.FixPlanMarkdown;
import io.vigil.correlator.fixplan.FixPlanner;
import io.vigil.platform.http.HttpError;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code GET /api/v1/projects/{project}/fix-plan}: the project's fix plan ({@link FixPlanner}) over
 * all its open exposures, read page by page through {@link ExposureRoutes}; JSON, or Markdown with
 * {@code ?format=markdown}.
 */
final class FixPlanRoutes implements QueryRoutes {
  private final ExposureRoutes exposures;

  FixPlanRoutes(ExposureRoutes exposures) {
    this.exposures = exposures;
  }

  @Override
  public void register(HttpService.Builder b) {
    b.route("GET", "/api/v1/projects/{project}/fix-plan", this::fixPlan);
  }

  private HttpResponse fixPlan(HttpRequest r) throws Exception {
    String project = r.pathParam("project");
    String format = Optional.ofNullable(r.query("format")).orElse("json");
    if (!format.equals("json") && !format.equals("markdown")) {
      throw HttpError.badRequest(
          "query parameter 'format' must be json or markdown, not '" + format + "'");
    }
    List<JsonNode> open = new ArrayList<>();
    QueryPage page = new QueryPage(QueryPage.MAX_LIMIT, null);
    while (page != null) {
      QueryPage.Slice slice = page.slice(exposures.projectExposures(project, page));
      slice.items().forEach(i -> open.add(i.item()));
      page = slice.next();
    }
    FixPlan plan = FixPlanner.plan(project, open);
    return format.equals("markdown")
        ? HttpResponse.text(200, "text/markdown; charset=utf-8", FixPlanMarkdown.render(plan))
        : HttpResponse.ok(FixPlanJson.node(plan));
  }
}
