package io.vigil.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import io.vigil.console.auth.Session;
import io.vigil.console.inventory.InventoryQuery;
import io.vigil.console.inventory.InventoryRow;
import io.vigil.console.query.QueryApiClient;
import io.vigil.console.query.QueryApiClient.BadRequest;
import io.vigil.console.query.QueryApiClient.Unavailable;
import io.vigil.console.view.Views.InventoryPage;
import io.vigil.console.view.Views.Paged;
import io.vigil.platform.http.HttpRequest;
import io.vigil.platform.http.HttpResponse;
import io.vigil.platform.http.HttpService;
import java.util.ArrayList;
import java.util.List;

/**
 * A project's component inventory ({@code GET /projects/{project}/components?q=&how=&cursor=}): one
 * page of the correlator's per-project component query, each component with its open exposures.
 */
final class InventoryRoutes {
  static final int PAGE = 100;

  private final QueryApiClient query;
  private final Guard guard;

  InventoryRoutes(QueryApiClient query, Guard guard) {
    this.query = query;
    this.guard = guard;
  }

  void register(HttpService.Builder b) {
    b.route("GET", "/projects/{project}/components", guard.page(this::components));
  }

  private HttpResponse components(HttpRequest r, Session s) {
    String project = r.pathParam("project");
    InventoryQuery search = new InventoryQuery(r.query("q"), r.query("how"));
    String cursor = r.query("cursor");
    var layout = guard.layout("Components of " + project, "project", s);
    Paged<InventoryRow> rows;
    try {
      JsonNode page = query.page(search.path(project), PAGE, cursor);
      List<InventoryRow> out = new ArrayList<>();
      page.path("items").forEach(n -> out.add(InventoryRow.of(n)));
      rows =
          new Paged<>(
              out,
              page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null,
              null);
    } catch (Unavailable e) {
      rows = Paged.unavailable(e.getMessage());
    } catch (BadRequest e) {
      return guard.refused(s, 400, "Not a component search", e.getMessage());
    }
    return Web.page(
        200, "components.jte", new InventoryPage(layout, project, search, rows, cursor));
  }
}
